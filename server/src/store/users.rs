//! Operator accounts (admin / operator / viewer) and their sessions and API tokens.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// What an operator account may do.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Read everything.
    Viewer,
    /// Also issue, import, manifest, recall, enroll devices.
    Operator,
    /// Also manage users and revoke devices.
    Admin,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }

    pub(crate) fn parse(s: &str) -> Role {
        match s {
            "admin" => Role::Admin,
            "operator" => Role::Operator,
            _ => Role::Viewer,
        }
    }
}

/// An operator account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct User {
    /// Its id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// What it may do.
    pub role: Role,
}

/// A stored account with its password hash (never leaves the store module's callers).
#[derive(Clone, Debug)]
pub struct UserWithHash {
    /// The account.
    pub user: User,
    /// Argon2id PHC string.
    pub password_hash: String,
}

type UserRow = (i64, String, String, String);

fn from_row((id, name, role, password_hash): UserRow) -> UserWithHash {
    UserWithHash {
        user: User {
            id,
            name,
            role: Role::parse(&role),
        },
        password_hash,
    }
}

impl Store {
    /// Adds an account. `Ok(None)` if the name is taken.
    pub async fn add_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        now: i64,
    ) -> Result<Option<User>, StoreError> {
        // One statement, no read before the write: on SQLite a transaction that reads
        // first cannot take the write lock once another writer has committed.
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(id.map(|id| User {
            id,
            name: name.to_owned(),
            role,
        }))
    }

    /// An account by login name.
    pub async fn user_by_name(&self, name: &str) -> Result<Option<UserWithHash>, StoreError> {
        let row: Option<UserRow> =
            sqlx::query_as("SELECT id, name, role, password_hash FROM users WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(from_row))
    }

    /// All accounts.
    pub async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> =
            sqlx::query_as("SELECT id, name, role, password_hash FROM users ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|r| from_row(r).user).collect())
    }

    /// How many accounts exist (the first start creates an admin when there are none).
    pub async fn user_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Stores a session or API token by its hash. `expires_at: None` never expires.
    pub async fn add_session(
        &self,
        token_hash: &[u8],
        user_id: i64,
        label: &str,
        now: i64,
        expires_at: Option<i64>,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash.to_vec())
            .bind(user_id)
            .bind(label)
            .bind(now)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account a live session or token belongs to.
    pub async fn session_user(
        &self,
        token_hash: &[u8],
        now: i64,
    ) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT u.id, u.name, u.role, u.password_hash FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND (s.expires_at IS NULL OR s.expires_at > $2) \
             AND u.disabled_at IS NULL",
        )
        .bind(token_hash.to_vec())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| from_row(r).user))
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_vec())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

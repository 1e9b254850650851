//! Running staff accounts: passwords changed and reset, accounts disabled and enabled
//! (their sessions and API tokens end at once), the last login, for the people who
//! administer them.

use super::users::{Role, User};
use super::{Store, StoreError};

/// An account as an administrator sees it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    /// The account.
    #[serde(flatten)]
    pub user: User,
    /// When it was made.
    pub created_at: i64,
    /// When it last logged in, if ever.
    pub last_login_at: Option<i64>,
    /// When it was disabled; `None` while it may log in.
    pub disabled_at: Option<i64>,
}

/// `id, name, role, created_at, last_login_at, disabled_at`.
type AccountRow = (i64, String, String, i64, Option<i64>, Option<i64>);

impl Store {
    /// Replaces an account's password hash and ends its login sessions (API tokens
    /// stay: they are not the password's). `false` if there is no such account.
    pub async fn set_password(&self, user_id: i64, hash: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND label = 'login'")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Disables (`Some(time)`) or enables (`None`) an account. Disabling ends every
    /// session and API token of the account in the same transaction. `false` if there
    /// is no such account.
    pub async fn set_disabled(&self, user_id: i64, at: Option<i64>) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
            .bind(at)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if at.is_some() {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Notes a successful login.
    pub async fn record_login(&self, user_id: i64, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether an account is disabled.
    pub async fn is_disabled(&self, user_id: i64) -> Result<bool, StoreError> {
        let at: Option<Option<i64>> =
            sqlx::query_scalar("SELECT disabled_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(at.flatten().is_some())
    }

    /// Every account with its last login and state, by name.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows: Vec<AccountRow> = sqlx::query_as(
            "SELECT id, name, role, created_at, last_login_at, disabled_at FROM users ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, name, role, created_at, last_login_at, disabled_at)| Account {
                    user: User {
                        id,
                        name,
                        role: Role::parse(&role),
                    },
                    created_at,
                    last_login_at,
                    disabled_at,
                },
            )
            .collect())
    }
}

impl Store {
    /// The kecamatan an account covers (no rows: all).
    pub async fn user_scope(&self, user_id: i64) -> Result<crate::scope::Scope, StoreError> {
        let codes: Vec<String> = sqlx::query_scalar(
            "SELECT kecamatan_code FROM user_scopes WHERE user_id = $1 ORDER BY kecamatan_code",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(crate::scope::Scope::kecamatan(codes))
    }

    /// Sets the kecamatan an account covers (empty: all), replacing the old list.
    pub async fn set_user_scope(&self, user_id: i64, codes: &[String]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM user_scopes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for code in codes {
            sqlx::query(
                "INSERT INTO user_scopes (user_id, kecamatan_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(user_id)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

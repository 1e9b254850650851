//! The clerk accounts, their sessions and the office's log of who authored which op,
//! as stored in the replica file (migration 0007). The rules (PIN length, lockout,
//! session length) live in [`crate::accounts`]; this file only reads and writes rows.

use super::{Replica, ReplicaError};

/// A clerk account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClerkRow {
    /// The name as the head clerk typed it (compared without regard to case).
    pub name: String,
    /// Argon2id PHC string of the PIN.
    pub pin_hash: String,
    /// May manage the other accounts.
    pub head: bool,
    /// Wrong PINs in a row.
    pub failures: i64,
    /// Unix seconds until which every PIN is refused (0: not locked).
    pub locked_until: i64,
}

type Row = (String, String, bool, i64, i64);

fn row((name, pin_hash, head, failures, locked_until): Row) -> ClerkRow {
    ClerkRow {
        name,
        pin_hash,
        head,
        failures,
        locked_until,
    }
}

impl Replica {
    /// How many clerk accounts exist (LAN mode needs at least one).
    pub async fn clerk_count(&self) -> Result<i64, ReplicaError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM clerks")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Every account, by name.
    pub async fn clerks(&self) -> Result<Vec<ClerkRow>, ReplicaError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT name, pin_hash, head, failures, locked_until FROM clerks ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(row).collect())
    }

    /// The account of that name (any case).
    pub async fn clerk(&self, name: &str) -> Result<Option<ClerkRow>, ReplicaError> {
        let found: Option<Row> = sqlx::query_as(
            "SELECT name, pin_hash, head, failures, locked_until FROM clerks WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.map(row))
    }

    /// Adds an account; `false` when one of that name (any case) exists.
    pub async fn add_clerk(
        &self,
        name: &str,
        pin_hash: &str,
        head: bool,
        now: i64,
    ) -> Result<bool, ReplicaError> {
        let done = sqlx::query(
            "INSERT INTO clerks (name, pin_hash, head, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(pin_hash)
        .bind(head)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Sets a new PIN, unlocks the account and ends its sessions (whoever knew the old
    /// PIN is logged out); `false` when there is no such account.
    pub async fn set_clerk_pin(&self, name: &str, pin_hash: &str) -> Result<bool, ReplicaError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE clerks SET pin_hash = $2, failures = 0, locked_until = 0 WHERE name = $1",
        )
        .bind(name)
        .bind(pin_hash)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM clerk_sessions WHERE clerk = $1 COLLATE NOCASE")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes an account and its sessions (the ops it authored keep its name in the
    /// log); `false` when there is no such account.
    pub async fn remove_clerk(&self, name: &str) -> Result<bool, ReplicaError> {
        let done = sqlx::query("DELETE FROM clerks WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts a wrong PIN; from `lock_after` in a row on, the account is locked until
    /// `now + lock_secs`. Returns the account as it is now.
    pub async fn clerk_failed(
        &self,
        name: &str,
        now: i64,
        lock_after: i64,
        lock_secs: i64,
    ) -> Result<Option<ClerkRow>, ReplicaError> {
        sqlx::query(
            "UPDATE clerks SET failures = failures + 1, locked_until = CASE WHEN failures + 1 >= $2 THEN $3 ELSE locked_until END WHERE name = $1",
        )
        .bind(name)
        .bind(lock_after)
        .bind(now.saturating_add(lock_secs))
        .execute(&self.pool)
        .await?;
        self.clerk(name).await
    }

    /// A right PIN: the count of wrong ones starts again; expired sessions are cleared
    /// and a new one is stored (as the hash of its token).
    pub async fn open_clerk_session(
        &self,
        name: &str,
        token_hash: &[u8],
        now: i64,
        expires_at: i64,
    ) -> Result<(), ReplicaError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE clerks SET failures = 0, locked_until = 0 WHERE name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM clerk_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO clerk_sessions (token_hash, clerk, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(name)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account a live session belongs to.
    pub async fn clerk_session(
        &self,
        token_hash: &[u8],
        now: i64,
    ) -> Result<Option<ClerkRow>, ReplicaError> {
        let found: Option<Row> = sqlx::query_as(
            "SELECT c.name, c.pin_hash, c.head, c.failures, c.locked_until FROM clerk_sessions s JOIN clerks c ON c.name = s.clerk WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.map(row))
    }

    /// Ends a session (logging out).
    pub async fn end_clerk_session(&self, token_hash: &[u8]) -> Result<(), ReplicaError> {
        sqlx::query("DELETE FROM clerk_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Who was logged in when this device authored the op `(actor, counter)`.
    pub async fn op_clerk(&self, actor: u32, counter: u64) -> Result<Option<String>, ReplicaError> {
        Ok(
            sqlx::query_scalar("SELECT clerk FROM op_clerks WHERE actor = $1 AND counter = $2")
                .bind(i64::from(actor))
                .bind(i64::try_from(counter).unwrap_or(i64::MAX))
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

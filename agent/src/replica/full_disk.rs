//! A full disk, on purpose: the seam the full-disk test and the simulation use to make
//! every write that needs a new page of the replica fail with `SQLITE_FULL`, as it
//! does when the office PC's disk has no room left. Not for the agent's own use.

use super::{CONNECTIONS, Replica, ReplicaError};

/// SQLite's own ceiling on `max_page_count` (no limit short of the file system's).
const NO_LIMIT: i64 = 1_073_741_823;

impl Replica {
    /// Limits the replica to its size now, free pages vacuumed away (`full`), or lifts
    /// the limit, on every
    /// connection of the pool (SQLite's `max_page_count` is per connection; one opened
    /// later has no limit, as after an operator made room).
    #[doc(hidden)]
    pub async fn simulate_full_disk(&self, full: bool) -> Result<(), ReplicaError> {
        let mut connections = Vec::new();
        for _ in 0..CONNECTIONS {
            connections.push(self.pool.acquire().await?);
        }
        if full {
            // No free pages left inside the file: full at its size now.
            if let Some(first) = connections.first_mut() {
                sqlx::query("VACUUM").execute(&mut **first).await?;
            }
        }
        for connection in &mut connections {
            let pages: i64 = if full {
                sqlx::query_scalar("PRAGMA page_count")
                    .fetch_one(&mut **connection)
                    .await?
            } else {
                NO_LIMIT
            };
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "PRAGMA max_page_count = {pages}"
            )))
            .execute(&mut **connection)
            .await?;
        }
        Ok(())
    }
}

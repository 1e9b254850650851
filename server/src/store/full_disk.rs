//! A full disk, on purpose: the seam the disk-full test and the simulation use to make
//! every write that needs a new page fail with `SQLITE_FULL`, as it does when the data
//! folder's disk has no room left. Not for the server's own use.

use super::{Backend, SQLITE_CONNECTIONS, Store, StoreError};

/// SQLite's own ceiling on `max_page_count` (its default: no limit short of the file
/// system's).
const NO_LIMIT: i64 = 1_073_741_823;

impl Store {
    /// Limits the database to its size now (`full`), or lifts the limit, on every
    /// connection of the pool (SQLite's `max_page_count` is per connection). Returns
    /// `false`, doing nothing, on PostgreSQL, whose files are not its to limit.
    #[doc(hidden)]
    pub async fn simulate_full_disk(&self, full: bool) -> Result<bool, StoreError> {
        if self.backend != Backend::Sqlite {
            return Ok(false);
        }
        let mut connections = Vec::new();
        for _ in 0..SQLITE_CONNECTIONS {
            connections.push(self.pool.acquire().await?);
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
        Ok(true)
    }
}

//! What devices handed back to a server restored from an older backup: the operator is
//! told on the dashboard (and the log says it as it happens; see `crate::sync`).

use super::{Store, StoreError};

/// One hand-back: a run of one actor's ops a desa device gave back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// When (server time).
    pub at: i64,
    /// Which desa's document.
    pub desa_code: String,
    /// The device that handed them back.
    pub device_id: i64,
    /// Whose ops (a server incarnation when even).
    pub actor: i64,
    /// How many ops.
    pub ops: i64,
}

impl Store {
    /// The latest hand-backs since a time, newest first.
    pub async fn recoveries_since(&self, since: i64) -> Result<Vec<Recovery>, StoreError> {
        let rows: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT at, desa_code, device_id, actor, ops FROM recoveries WHERE at >= $1 ORDER BY at DESC, id DESC LIMIT 50",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, desa_code, device_id, actor, ops)| Recovery {
                at,
                desa_code,
                device_id,
                actor,
                ops,
            })
            .collect())
    }
}

//! Getting set-aside ops back, and keeping the device from writing over its own past
//! meanwhile.
//!
//! A device's counters must never be reused with other content: the server refuses a
//! dot it holds with different content, for ever. After doctor set aside some of this
//! device's own ops, or after a restore or salvage (which may lack own ops the server
//! already has), the next counter `DesaDoc::author` would assign may be one the device
//! already used. So authoring waits until the device's own ops are contiguous again up
//! to the highest it ever stored (`own_floor`), and, after a restore or salvage
//! (`own_refetch`), until a sync has shown the server holds no own op beyond them.

use antar_shared::doc::codec::decode_op;
use antar_shared::doc::{ActorId, Clock, DesaDoc};
use serde::Serialize;

use super::repair::OWN_FLOOR;
use super::{Enrollment, Replica, ReplicaError};

/// Meta key, set by a restore or salvage: own ops may be missing that only the server
/// still holds.
pub(super) const OWN_REFETCH: &str = "own_refetch";

/// What settling the held ops did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Settled {
    /// This device's own ops back in the document (they fit again).
    pub reapplied: usize,
    /// Held ops dropped because the document holds that op again (sent back by the
    /// server).
    pub dropped: usize,
}

impl Replica {
    /// Whether this device must not write new ops yet: its own ops are still being
    /// recovered (see the module's notes). `own` is the document's counter for it.
    pub async fn own_ops_pending(&self, own: u64) -> Result<bool, ReplicaError> {
        if self.meta(OWN_REFETCH).await?.is_some() {
            return Ok(true);
        }
        Ok(own < self.own_floor().await?)
    }

    /// The highest own counter this device ever stored, as doctor last counted it.
    pub async fn own_floor(&self) -> Result<u64, ReplicaError> {
        Ok(self
            .meta(OWN_FLOOR)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// Records that own ops may be missing until the next sync shows otherwise.
    pub(super) async fn require_refetch(&self) -> Result<(), ReplicaError> {
        self.set_meta(OWN_REFETCH, "1").await
    }

    /// How many ops are held.
    pub async fn held_count(&self) -> Result<usize, ReplicaError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM held")
            .fetch_one(&self.pool)
            .await?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The counters of this device's own held ops.
    pub async fn held_own(&self, me: ActorId) -> Result<Vec<u64>, ReplicaError> {
        let rows: Vec<i64> =
            sqlx::query_scalar("SELECT counter FROM held WHERE actor = $1 ORDER BY counter")
                .bind(i64::from(me.0))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|c| u64::try_from(c).ok())
            .collect())
    }

    /// Settles the held ops against `doc` (the document as stored now): drops those the
    /// document holds again, and puts back this device's own ops that fit now (other
    /// actors' ops come back from the server, under its seal, never from here). `doc`
    /// gets the ops put back.
    pub async fn settle_held(
        &self,
        me: &Enrollment,
        doc: &mut DesaDoc,
    ) -> Result<Settled, ReplicaError> {
        let rows: Vec<(i64, i64, i64, Vec<u8>)> = sqlx::query_as(
            "SELECT actor, counter, device_time, body FROM held ORDER BY actor, counter",
        )
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(Settled::default());
        }
        let mut back = Vec::new();
        let mut dropped = Vec::new();
        for (actor, counter, time, body) in rows {
            // An op held because it was readable stays readable; if not, it stays held.
            let Ok(op) = decode_op(actor, counter, time, &body) else {
                continue;
            };
            if op.dot.counter <= doc.clock().get(&op.dot.actor) {
                dropped.push((actor, counter));
            } else if op.dot.actor == me.actor && doc.apply(op).is_ok() {
                back.push((actor, counter));
            }
        }
        let mut tx = self.pool.begin().await?;
        for (actor, counter) in &back {
            sqlx::query(
                "INSERT INTO ops (actor, counter, device_time, body) \
                 SELECT actor, counter, device_time, body FROM held WHERE actor = $1 AND counter = $2",
            )
            .bind(actor)
            .bind(counter)
            .execute(&mut *tx)
            .await?;
        }
        for (actor, counter) in back.iter().chain(&dropped) {
            sqlx::query("DELETE FROM held WHERE actor = $1 AND counter = $2")
                .bind(actor)
                .bind(counter)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Settled {
            reapplied: back.len(),
            dropped: dropped.len(),
        })
    }

    /// After a sync round stored what the server sent: settles the held ops, and lifts
    /// the restore guard once the server holds no own op beyond what `doc` holds.
    pub async fn after_sync(
        &self,
        me: &Enrollment,
        doc: &mut DesaDoc,
        server: &Clock,
    ) -> Result<Settled, ReplicaError> {
        let settled = self.settle_held(me, doc).await?;
        if server.get(&me.actor) <= doc.clock().get(&me.actor)
            && self.meta(OWN_REFETCH).await?.is_some()
        {
            sqlx::query("DELETE FROM meta WHERE key = $1")
                .bind(OWN_REFETCH)
                .execute(&self.pool)
                .await?;
        }
        Ok(settled)
    }
}

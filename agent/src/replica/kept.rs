//! The document kept in memory between reads, so that a page or a sync round costs
//! what was stored since the last read, not the desa's whole history.
//!
//! It is never trusted on its own: each read opens one snapshot of the file and asks
//! three things of it — the last row's `seq`, how many rows there are, and `op_epoch`
//! (bumped by a trigger whenever a row is deleted or changed). Rows are only ever
//! appended with a larger `seq`, so when the epoch has not moved and the count equals
//! what was kept plus the rows after the kept `seq`, the kept document with those rows
//! applied is exactly what a full replay of the file gives. Anything else (a repair, a
//! row that does not read, another desa) reads the whole file again.

use std::sync::Arc;

use antar_shared::doc::DesaDoc;
use antar_shared::region::VillageCode;
use sqlx::SqlitePool;
use tokio::sync::Mutex;

use super::ReplicaError;
use super::rows::StoredRow;

/// The document as last read, and where in `ops` it stands.
#[derive(Debug)]
struct Kept {
    doc: Arc<DesaDoc>,
    /// The last row applied.
    seq: i64,
    /// Rows applied.
    rows: i64,
    /// `op_epoch` when read.
    epoch: i64,
}

/// A replica's kept document (shared by the clones of one `Replica`).
#[derive(Clone, Debug, Default)]
pub(super) struct KeptDoc(Arc<Mutex<Option<Kept>>>);

impl KeptDoc {
    /// The document as stored now: the kept one brought up to date, or a full replay.
    pub(super) async fn read(
        &self,
        pool: &SqlitePool,
        desa: VillageCode,
    ) -> Result<Arc<DesaDoc>, ReplicaError> {
        let mut kept = self.0.lock().await;
        // One read transaction: the three figures and the rows come from one snapshot.
        let mut tx = pool.begin().await?;
        let (seq, rows, epoch): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM ops), (SELECT COUNT(*) FROM ops), \
             (SELECT n FROM op_epoch WHERE id = 1)",
        )
        .fetch_one(&mut *tx)
        .await?;
        if let Some(k) = kept.as_mut()
            && k.doc.desa() == desa
            && k.epoch == epoch
            && k.seq <= seq
        {
            let new = StoredRow::after(&mut *tx, k.seq).await?;
            if k.rows + i64::try_from(new.len()).unwrap_or(i64::MAX) == rows {
                if !new.is_empty() {
                    let doc = Arc::make_mut(&mut k.doc);
                    if let Err(e) = apply(doc, &new) {
                        // Half applied: forget it, the next read replays the file.
                        *kept = None;
                        return Err(e);
                    }
                    k.seq = seq;
                    k.rows = rows;
                }
                return Ok(Arc::clone(&k.doc));
            }
        }
        *kept = None;
        let all = StoredRow::after(&mut *tx, i64::MIN).await?;
        let mut doc = DesaDoc::new(desa);
        apply(&mut doc, &all)?;
        drop(all);
        let doc = Arc::new(doc);
        *kept = Some(Kept {
            doc: Arc::clone(&doc),
            seq,
            rows,
            epoch,
        });
        Ok(doc)
    }
}

/// Applies stored rows in order; the first that does not read or fit is the error.
fn apply(doc: &mut DesaDoc, rows: &[StoredRow]) -> Result<(), ReplicaError> {
    for row in rows {
        let op = row.op().map_err(|reason| ReplicaError::UnreadableOp {
            op: row.name(),
            reason,
        })?;
        doc.apply(op).map_err(|reason| ReplicaError::OpDoesNotFit {
            op: row.name(),
            reason,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use antar_shared::doc::{ActorId, Clock, Condition, DispatchId, ManifestId, Op, OpBody};
    use antar_shared::sample::Sampler;
    use antar_shared::text::PersonName;
    use antar_shared::time::UnixTime;

    use super::super::{Received, Replica};
    use super::*;

    fn naru() -> VillageCode {
        VillageCode::parse("52.06.03.2012").unwrap()
    }

    /// A desa's history as the server and two devices write it, in causal order.
    fn history(seed: u64) -> Vec<Op> {
        let mut doc = DesaDoc::new(naru());
        let mut sampler = Sampler::new(seed);
        let t = UnixTime(1_780_000_000);
        let mut ops = Vec::new();
        let mut add = |doc: &mut DesaDoc, actor: ActorId, body: OpBody| {
            let op = doc.author(actor, t, body).unwrap();
            doc.apply(op.clone()).unwrap();
            ops.push(op);
        };
        for round in 0..6u32 {
            let mut ids = Vec::new();
            for _ in 0..8 {
                let (issue, _) = sampler.issue(naru(), false);
                ids.push(DispatchId(issue.tracking));
                add(&mut doc, ActorId::SERVER, OpBody::Issue(issue));
            }
            add(
                &mut doc,
                ActorId::SERVER,
                OpBody::Dispatch {
                    manifest: ManifestId(700 + round),
                    courier: PersonName::parse("Arifin Usman").unwrap(),
                    items: ids.clone(),
                },
            );
            for (i, id) in ids.iter().enumerate() {
                let receive = OpBody::Receive {
                    dispatch: *id,
                    condition: Condition::Ok,
                    found: false,
                    correction: None,
                    seen: Clock::new(),
                };
                add(&mut doc, ActorId(3 + (i as u32 % 2)), receive);
            }
        }
        ops
    }

    /// A full replay by a process that has never read the file.
    async fn replayed(dir: &std::path::Path) -> DesaDoc {
        let fresh = Replica::open(dir).await.unwrap();
        let doc = fresh.load(naru()).await.unwrap();
        fresh.close().await;
        doc
    }

    /// Random work by two processes on one file (the `run` loop keeping its document,
    /// a clerk's commands writing beside it, repairs deleting and changing rows): after
    /// every step the kept document equals a full replay of the file.
    #[tokio::test]
    async fn kept_document_equals_a_full_replay_after_random_work() {
        for seed in 1..=4u64 {
            let dir = tempfile::tempdir().unwrap();
            let keeper = Replica::open(dir.path()).await.unwrap();
            let other = Replica::open(dir.path()).await.unwrap();
            let ops = history(seed);
            let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let mut next = || {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng
            };
            let mut at = 0;
            while at < ops.len() {
                let take = 1 + usize::try_from(next() % 7).unwrap();
                let chunk = &ops[at..(at + take).min(ops.len())];
                let writer = if next() % 2 == 0 { &keeper } else { &other };
                writer
                    .store_received(chunk, &Received::default(), &Clock::new(), 0, 0)
                    .await
                    .unwrap();
                at += chunk.len();
                match next() % 6 {
                    // The newest row is taken away and stored again as fetched anew
                    // (here with another time): SQLite gives it the freed seq, so
                    // the count and the last seq are what the keeper last saw.
                    0 => {
                        let _ = keeper.current(naru()).await.unwrap();
                        let (actor, counter, time, body): (i64, i64, i64, Vec<u8>) =
                            sqlx::query_as(
                                "DELETE FROM ops WHERE seq = (SELECT MAX(seq) FROM ops) \
                                 RETURNING actor, counter, device_time, body",
                            )
                            .fetch_one(&other.pool)
                            .await
                            .unwrap();
                        sqlx::query(
                            "INSERT INTO ops (actor, counter, device_time, body) \
                             VALUES ($1, $2, $3, $4)",
                        )
                        .bind(actor)
                        .bind(counter)
                        .bind(time + 60)
                        .bind(body)
                        .execute(&other.pool)
                        .await
                        .unwrap();
                    }
                    // A row is rewritten in place.
                    1 => {
                        let _ = keeper.current(naru()).await.unwrap();
                        sqlx::query("UPDATE ops SET device_time = device_time + 1 WHERE seq = 1")
                            .execute(&other.pool)
                            .await
                            .unwrap();
                    }
                    _ => {}
                }
                let kept = keeper.current(naru()).await.unwrap();
                assert_eq!(*kept, replayed(dir.path()).await, "seed {seed} at {at}");
                assert_eq!(kept.len(), at);
            }
            keeper.close().await;
            other.close().await;
        }
    }

    /// A row that does not read is an error, and the next read (after the row is set
    /// aside) is a full replay, not the half-applied document.
    #[tokio::test]
    async fn an_unreadable_row_is_reported_and_then_replayed() {
        let dir = tempfile::tempdir().unwrap();
        let replica = Replica::open(dir.path()).await.unwrap();
        let ops = history(9);
        replica
            .store_received(&ops[..20], &Received::default(), &Clock::new(), 0, 0)
            .await
            .unwrap();
        let _ = replica.current(naru()).await.unwrap();
        replica
            .store_received(&ops[20..30], &Received::default(), &Clock::new(), 0, 0)
            .await
            .unwrap();
        sqlx::query("UPDATE ops SET body = x'00' WHERE seq = 25")
            .execute(&replica.pool)
            .await
            .unwrap();
        assert!(matches!(
            replica.current(naru()).await,
            Err(ReplicaError::UnreadableOp { .. })
        ));
        sqlx::query("DELETE FROM ops WHERE seq >= 25")
            .execute(&replica.pool)
            .await
            .unwrap();
        let kept = replica.current(naru()).await.unwrap();
        assert_eq!(kept.len(), 24);
        assert_eq!(*kept, replayed(dir.path()).await);
        replica.close().await;
    }
}

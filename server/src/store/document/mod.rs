//! The per-desa op log: what the server holds of each replicated desa document.
//!
//! Writers of one document are serialised by updating its `documents` row first thing
//! in the transaction (a row lock on PostgreSQL, the write lock on SQLite). Under that
//! lock an op is checked by the same checker the agent runs (`antar_shared::doc::check`,
//! custody rules included) against the version vector and the dispatches rebuilt from
//! the stored ops (never from a cache), its `seq` and its link in its actor's hash chain
//! are assigned, and the status projection of every dispatch it touches is updated — all
//! in one transaction, so a counter or a `seq` is never visible out of commit order and
//! an acknowledged op is never half-stored.
//!
//! This module reads the log (version vectors, catch-up pages, histories); `writer`
//! holds [`DocWriter`], the write transaction.

use std::collections::HashMap;

use antar_shared::doc::codec::decode_op;
use antar_shared::doc::{ActorId, Clock, DispatchId, DispatchState, Dot, Op, OpId};
use antar_shared::region::VillageCode;
use antar_shared::sync::{Chain, Seal};
use crdts::CmRDT;

use super::{Store, StoreError};

mod writer;

pub use writer::{DocWriter, WriteError};

/// An op as stored, with the server's receive time.
#[derive(Clone, Debug)]
pub struct StoredOp {
    /// The op.
    pub op: Op,
    /// When the server received it (server clock).
    pub received_at: i64,
}

type OpRow = (i64, i64, i64, i64, Vec<u8>);

/// An op row with its `seq` and chain link, for a catch-up page.
type PageRow = (i64, i64, i64, i64, i64, Vec<u8>, Option<Vec<u8>>);

/// A dispatch's ops in commit order, its Issue first (every op, the Issue included, has
/// an `op_refs` row for each dispatch it is about, so this is two index lookups).
const DISPATCH_OPS: &str = "SELECT o.actor, o.counter, o.device_time, o.received_at, o.body \
     FROM op_refs r JOIN ops o ON o.desa_code = r.desa_code AND o.seq = r.seq \
     WHERE r.desa_code = $1 AND r.tracking = $2 ORDER BY r.seq";

fn decode(
    desa: VillageCode,
    (actor, counter, device_time, _, body): &OpRow,
) -> Result<Op, StoreError> {
    decode_op(*actor, *counter, *device_time, body).map_err(|reason| StoreError::CorruptOp {
        desa: desa.to_string(),
        actor: *actor,
        counter: *counter,
        reason,
    })
}

/// Rows as stored ops with their receive times.
fn stored_ops(desa: VillageCode, rows: &[OpRow]) -> Result<Vec<StoredOp>, StoreError> {
    rows.iter()
        .map(|r| {
            Ok(StoredOp {
                op: decode(desa, r)?,
                received_at: r.3,
            })
        })
        .collect()
}

/// A document's kept version vector (`doc_clocks`, written by `DocWriter::commit`).
pub(crate) const KEPT_CLOCK: &str = "SELECT actor, counter FROM doc_clocks WHERE desa_code = $1";

pub(crate) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A tracking code as the integer column that stores it.
pub(crate) fn tracking_column(id: DispatchId) -> i64 {
    to_i64(id.0.bits())
}

fn chain_from(bytes: Option<Vec<u8>>) -> Option<Chain> {
    let bytes: [u8; 32] = bytes?.try_into().ok()?;
    Some(Chain(bytes))
}

impl Store {
    /// A desa document's version vector, as kept beside its ops (a few rows, however
    /// long the document's history).
    pub async fn clock(&self, desa: VillageCode) -> Result<Clock, StoreError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(KEPT_CLOCK)
            .bind(desa.to_string())
            .fetch_all(&self.pool)
            .await?;
        Ok(clock_from_rows(rows))
    }

    /// The same vector rebuilt from the stored ops (every op of the desa is read): what
    /// the kept one must always equal.
    pub async fn replayed_clock(&self, desa: VillageCode) -> Result<Clock, StoreError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT actor, MAX(counter) FROM ops WHERE desa_code = $1 GROUP BY actor",
        )
        .bind(desa.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(clock_from_rows(rows))
    }

    /// At most `max` of the ops a peer with version vector `peer` lacks, in commit order
    /// (a causal order), with a seal for each actor in the page, and whether more
    /// remain.
    pub async fn missing_page(
        &self,
        desa: VillageCode,
        peer: &Clock,
        max: usize,
    ) -> Result<(Vec<Op>, Vec<Seal>, bool), StoreError> {
        let server = self.clock(desa).await?;
        self.missing_page_given(desa, &server, peer, max).await
    }

    /// [`Store::missing_page`] when the document's vector is already known (saves a query).
    pub async fn missing_page_given(
        &self,
        desa: VillageCode,
        server: &Clock,
        peer: &Clock,
        max: usize,
    ) -> Result<(Vec<Op>, Vec<Seal>, bool), StoreError> {
        let limit = i64::try_from(max + 1).unwrap_or(i64::MAX);
        let mut candidates: Vec<(i64, OpRow, Option<Vec<u8>>)> = Vec::new();
        for (actor, have) in &server.dots {
            let from = peer.get(actor);
            if *have <= from {
                continue;
            }
            let rows: Vec<PageRow> = sqlx::query_as(
                "SELECT seq, actor, counter, device_time, received_at, body, chain FROM ops \
                 WHERE desa_code = $1 AND actor = $2 AND counter > $3 AND counter <= $5 ORDER BY counter LIMIT $4",
            )
            .bind(desa.to_string())
            .bind(i64::from(actor.0))
            .bind(to_i64(from))
            .bind(limit)
            // Only up to the vector the answer reports: an op committed meanwhile (and
            // what it depends on) is left for the next sync, never half-sent.
            .bind(to_i64(*have))
            .fetch_all(&self.pool)
            .await?;
            candidates.extend(
                rows.into_iter()
                    .map(|(seq, a, c, t, r, b, chain)| (seq, (a, c, t, r, b), chain)),
            );
        }
        candidates.sort_by_key(|(seq, _, _)| *seq);
        let more = candidates.len() > max;
        candidates.truncate(max);
        let mut ops = Vec::with_capacity(candidates.len());
        let mut last: HashMap<ActorId, (u64, Option<Chain>)> = HashMap::new();
        for (_, row, chain) in candidates {
            let op = decode(desa, &row)?;
            last.insert(op.dot.actor, (op.dot.counter, chain_from(chain)));
            ops.push(op);
        }
        let mut seals: Vec<Seal> = last
            .into_iter()
            .filter_map(|(actor, (counter, chain))| {
                // An op stored before chains existed has none: sent unsealed.
                chain.map(|chain| self.key.seal(desa, actor, counter, chain))
            })
            .collect();
        seals.sort_by_key(|s| s.actor);
        Ok((ops, seals, more))
    }

    /// Every op of a desa document in commit order (for tests, export and rebuilds).
    pub async fn all_ops(&self, desa: VillageCode) -> Result<Vec<StoredOp>, StoreError> {
        let rows: Vec<OpRow> = sqlx::query_as(
            "SELECT actor, counter, device_time, received_at, body FROM ops WHERE desa_code = $1 ORDER BY seq",
        )
        .bind(desa.to_string())
        .fetch_all(&self.pool)
        .await?;
        stored_ops(desa, &rows)
    }

    /// A dispatch's ops in commit order, its Issue first, with receive times: its history.
    pub async fn dispatch_history(
        &self,
        desa: VillageCode,
        id: DispatchId,
    ) -> Result<Vec<StoredOp>, StoreError> {
        let rows: Vec<OpRow> = sqlx::query_as(DISPATCH_OPS)
            .bind(desa.to_string())
            .bind(tracking_column(id))
            .fetch_all(&self.pool)
            .await?;
        stored_ops(desa, &rows)
    }

    /// A dispatch's current state, folded from its stored ops.
    pub async fn dispatch_state(
        &self,
        desa: VillageCode,
        id: DispatchId,
    ) -> Result<Option<DispatchState>, StoreError> {
        let history = self.dispatch_history(desa, id).await?;
        Ok(DispatchState::from_ops(history.iter().map(|s| &s.op)))
    }
}

fn clock_from_rows(rows: Vec<(i64, i64)>) -> Clock {
    let mut clock = Clock::new();
    for (actor, counter) in rows {
        if let (Ok(actor), Ok(counter)) = (u32::try_from(actor), u64::try_from(counter)) {
            clock.apply(Dot::new(ActorId(actor), counter));
        }
    }
    clock
}

/// An op id as a pair of integers for SQL.
pub fn id_columns(id: OpId) -> (i64, i64) {
    (i64::from(id.actor.0), to_i64(id.counter))
}

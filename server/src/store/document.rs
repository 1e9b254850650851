//! The per-desa op log: what the server holds of each replicated desa document.
//!
//! Writers of one document are serialised by updating its `documents` row first thing
//! in the transaction (a row lock on PostgreSQL, the write lock on SQLite). Under that
//! lock an op's counter is checked against the version vector rebuilt from the stored
//! ops (never from a cache), its `seq` is assigned, and the status projection of every
//! dispatch it touches is updated — all in one transaction, so a counter or a `seq` is
//! never visible out of commit order and an acknowledged op is never half-stored.

use std::collections::{BTreeSet, HashMap};

use antar_shared::doc::{
    ActorId, Applied, ApplyError, Clock, Condition, DispatchId, DispatchState, Dot, Op, OpBody,
    OpId, Policy,
};
use antar_shared::region::VillageCode;
use antar_shared::time::UnixTime;
use crdts::CmRDT;
use sqlx::{Any, Transaction};

use super::{Store, StoreError};

/// An op as stored, with the server's receive time.
#[derive(Clone, Debug)]
pub struct StoredOp {
    /// The op.
    pub op: Op,
    /// When the server received it (server clock).
    pub received_at: i64,
}

type OpRow = (i64, i64, i64, i64, Vec<u8>);

/// A dispatch's ops in commit order, its Issue first (every op, the Issue included, has
/// an `op_refs` row for each dispatch it is about, so this is two index lookups).
const DISPATCH_OPS: &str = "SELECT o.actor, o.counter, o.device_time, o.received_at, o.body \
     FROM op_refs r JOIN ops o ON o.desa_code = r.desa_code AND o.seq = r.seq \
     WHERE r.desa_code = $1 AND r.dispatch_actor = $2 AND r.dispatch_counter = $3 ORDER BY r.seq";

fn decode(
    desa: VillageCode,
    (actor, counter, device_time, _received, body): &OpRow,
) -> Result<Op, StoreError> {
    let corrupt = || StoreError::CorruptOp {
        desa: desa.to_string(),
        actor: *actor,
        counter: *counter,
    };
    let actor = u32::try_from(*actor).map_err(|_| corrupt())?;
    let counter = u64::try_from(*counter).map_err(|_| corrupt())?;
    let body: OpBody = postcard::from_bytes(body).map_err(|_| corrupt())?;
    Ok(Op {
        dot: Dot::new(ActorId(actor), counter),
        time: UnixTime(*device_time),
        body,
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

/// The body as stored: the binary wire encoding.
fn encode(body: &OpBody) -> Vec<u8> {
    postcard::to_stdvec(body).unwrap_or_default()
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A write transaction on one desa document.
pub struct DocWriter {
    tx: Transaction<'static, Any>,
    /// Held until commit or drop (SQLite only; see `Store::write_lane`).
    _lane: Option<tokio::sync::OwnedMutexGuard<()>>,
    desa: VillageCode,
    clock: Clock,
    next_seq: i64,
    states: HashMap<DispatchId, DispatchState>,
    touched: BTreeSet<DispatchId>,
    now: i64,
}

impl std::fmt::Debug for DocWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocWriter")
            .field("desa", &self.desa)
            .field("next_seq", &self.next_seq)
            .finish()
    }
}

/// Why a write to a document failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The op does not fit the document (nothing of the transaction is kept).
    #[error(transparent)]
    Apply(#[from] ApplyError),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The dispatch is no longer waiting at Dukcapil (already shipped, or decided):
    /// checked under the document's lock, so two racing manifests cannot both take it.
    #[error("dispatch {0} is no longer at Dukcapil")]
    NotAtDukcapil(DispatchId),
    /// The dispatch already has an outcome (handed over, returned, recalled).
    #[error("dispatch {0} already has an outcome")]
    AlreadyDecided(DispatchId),
}

impl From<sqlx::Error> for WriteError {
    fn from(e: sqlx::Error) -> Self {
        WriteError::Store(StoreError::Database(e))
    }
}

impl Store {
    /// Starts a write transaction on a desa's document, taking its lock.
    pub async fn write_document(
        &self,
        desa: VillageCode,
        now: i64,
    ) -> Result<DocWriter, StoreError> {
        let lane = self.write_lane().await;
        let mut tx = self.pool.begin().await?;
        let code = desa.to_string();
        sqlx::query("INSERT INTO documents (desa_code, next_seq) VALUES ($1, 0) ON CONFLICT (desa_code) DO NOTHING")
            .bind(&code)
            .execute(&mut *tx)
            .await?;
        let next_seq: i64 = sqlx::query_scalar(
            "UPDATE documents SET next_seq = next_seq WHERE desa_code = $1 RETURNING next_seq",
        )
        .bind(&code)
        .fetch_one(&mut *tx)
        .await?;
        let clock = clock_in(&mut tx, desa).await?;
        Ok(DocWriter {
            tx,
            _lane: lane,
            desa,
            clock,
            next_seq,
            states: HashMap::new(),
            touched: BTreeSet::new(),
            now,
        })
    }

    /// A desa document's version vector, rebuilt from its stored ops.
    pub async fn clock(&self, desa: VillageCode) -> Result<Clock, StoreError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT actor, MAX(counter) FROM ops WHERE desa_code = $1 GROUP BY actor",
        )
        .bind(desa.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(clock_from_rows(rows))
    }

    /// At most `max` of the ops a peer with version vector `peer` lacks, in commit
    /// order (a causal order), and whether more remain.
    pub async fn missing_page(
        &self,
        desa: VillageCode,
        peer: &Clock,
        max: usize,
    ) -> Result<(Vec<Op>, bool), StoreError> {
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
    ) -> Result<(Vec<Op>, bool), StoreError> {
        let limit = i64::try_from(max + 1).unwrap_or(i64::MAX);
        let mut candidates: Vec<(i64, OpRow)> = Vec::new();
        for (actor, have) in &server.dots {
            let from = peer.get(actor);
            if *have <= from {
                continue;
            }
            let rows: Vec<(i64, i64, i64, i64, i64, Vec<u8>)> = sqlx::query_as(
                "SELECT seq, actor, counter, device_time, received_at, body FROM ops \
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
                    .map(|(seq, a, c, t, r, b)| (seq, (a, c, t, r, b))),
            );
        }
        candidates.sort_by_key(|(seq, _)| *seq);
        let more = candidates.len() > max;
        let ops = candidates
            .iter()
            .take(max)
            .map(|(_, row)| decode(desa, row))
            .collect::<Result<_, _>>()?;
        Ok((ops, more))
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
            .bind(i64::from(id.0.actor.0))
            .bind(to_i64(id.0.counter))
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
        let Some((issue, rest)) = history.split_first() else {
            return Ok(None);
        };
        if issue.op.id() != id.0 {
            return Ok(None);
        }
        Ok(DispatchState::from_ops(
            &issue.op,
            rest.iter().map(|s| &s.op),
        ))
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

async fn clock_in(
    tx: &mut Transaction<'static, Any>,
    desa: VillageCode,
) -> Result<Clock, StoreError> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT actor, MAX(counter) FROM ops WHERE desa_code = $1 GROUP BY actor")
            .bind(desa.to_string())
            .fetch_all(&mut **tx)
            .await?;
    Ok(clock_from_rows(rows))
}

impl DocWriter {
    /// The document's version vector including ops appended so far.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Which desa.
    pub fn desa(&self) -> VillageCode {
        self.desa
    }

    /// A dispatch's state as of this transaction (loaded once, then kept current).
    pub async fn state(&mut self, id: DispatchId) -> Result<Option<&DispatchState>, StoreError> {
        if !self.states.contains_key(&id) {
            let rows: Vec<OpRow> = sqlx::query_as(DISPATCH_OPS)
                .bind(self.desa.to_string())
                .bind(i64::from(id.0.actor.0))
                .bind(to_i64(id.0.counter))
                .fetch_all(&mut *self.tx)
                .await?;
            let ops: Vec<Op> = rows
                .iter()
                .map(|r| decode(self.desa, r))
                .collect::<Result<_, _>>()?;
            let state = match ops.split_first() {
                Some((issue, rest)) if issue.id() == id.0 => DispatchState::from_ops(issue, rest),
                _ => None,
            };
            match state {
                Some(state) => {
                    self.states.insert(id, state);
                }
                None => return Ok(None),
            }
        }
        Ok(self.states.get(&id))
    }

    async fn require(&mut self, id: DispatchId) -> Result<(), WriteError> {
        if self.state(id).await?.is_some() {
            return Ok(());
        }
        if id.0.counter <= self.clock.get(&id.0.actor) {
            Err(ApplyError::NotADispatch(id).into())
        } else {
            Err(ApplyError::UnknownDispatch(id).into())
        }
    }

    /// Appends one op after checking it fits, exactly as [`antar_shared::doc::DesaDoc`]
    /// would; an op already stored is a duplicate (and must be identical).
    pub async fn append(&mut self, op: Op) -> Result<Applied, WriteError> {
        let id = op.id();
        if id.counter == 0 {
            return Err(ApplyError::ZeroCounter(id).into());
        }
        let have = self.clock.get(&id.actor);
        if id.counter <= have {
            let stored: Option<OpRow> = sqlx::query_as(
                "SELECT actor, counter, device_time, received_at, body FROM ops WHERE desa_code = $1 AND actor = $2 AND counter = $3",
            )
            .bind(self.desa.to_string())
            .bind(i64::from(id.actor.0))
            .bind(to_i64(id.counter))
            .fetch_optional(&mut *self.tx)
            .await?;
            return match stored {
                Some(row) if decode(self.desa, &row)? == op => Ok(Applied::Duplicate),
                _ => Err(ApplyError::DotReused(id).into()),
            };
        }
        if id.counter != have + 1 {
            return Err(ApplyError::Gap {
                actor: id.actor,
                have,
                got: id.counter,
            }
            .into());
        }
        if let Some((_, seen)) = op.body.register_write() {
            antar_shared::doc::check_seen(id, seen, &self.clock)?;
        }
        let refs: Vec<DispatchId> = match &op.body {
            OpBody::Issue(_) => vec![DispatchId(id)],
            OpBody::Dispatch { items, .. } => {
                let distinct: BTreeSet<_> = items.iter().collect();
                if items.is_empty()
                    || items.len() > antar_shared::doc::MAX_MANIFEST_ITEMS
                    || distinct.len() != items.len()
                {
                    return Err(ApplyError::BadManifest.into());
                }
                items.clone()
            }
            body => body.dispatch().into_iter().collect(),
        };
        if !matches!(op.body, OpBody::Issue(_)) {
            for dispatch in &refs {
                self.require(*dispatch).await?;
            }
        }

        let seq = self.next_seq;
        self.next_seq += 1;
        let desa = self.desa.to_string();
        sqlx::query(
            "INSERT INTO ops (desa_code, actor, counter, seq, kind, device_time, received_at, body) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&desa)
        .bind(i64::from(id.actor.0))
        .bind(to_i64(id.counter))
        .bind(seq)
        .bind(op.body.name())
        .bind(op.time.0)
        .bind(self.now)
        .bind(encode(&op.body))
        .execute(&mut *self.tx)
        .await?;
        for dispatch in &refs {
            sqlx::query("INSERT INTO op_refs (desa_code, dispatch_actor, dispatch_counter, seq) VALUES ($1, $2, $3, $4)")
                .bind(&desa)
                .bind(i64::from(dispatch.0.actor.0))
                .bind(to_i64(dispatch.0.counter))
                .bind(seq)
                .execute(&mut *self.tx)
                .await?;
            if let Some(state) = self.states.get_mut(dispatch) {
                state.absorb(&op);
            }
            self.touched.insert(*dispatch);
        }
        if matches!(op.body, OpBody::Issue(_))
            && let Some(state) = DispatchState::from_ops(&op, [])
        {
            self.states.insert(state.id, state);
        }
        self.clock.apply(op.dot);
        Ok(Applied::New)
    }

    /// Writes an op as the server's actor: the next counter, and `seen` filled from the
    /// dispatch's current state so it supersedes exactly what the server knows.
    pub async fn author(&mut self, time: i64, mut body: OpBody) -> Result<Op, WriteError> {
        if let (Some((register, _)), Some(dispatch)) = (body.register_write(), body.dispatch()) {
            self.require(dispatch).await?;
            let clock = match self.states.get(&dispatch) {
                Some(state) => match register {
                    antar_shared::doc::Register::Arrival => state.arrival_clock(),
                    antar_shared::doc::Register::Outcome => state.outcome_clock(),
                },
                None => Clock::new(),
            };
            if let Some(seen) = body.seen_mut() {
                *seen = clock;
            }
        }
        let op = Op {
            dot: self.clock.inc(ActorId::SERVER),
            time: UnixTime(time),
            body,
        };
        self.append(op.clone()).await?;
        Ok(op)
    }

    /// Records a device's sync in the same transaction as its ops.
    pub async fn record_sync(&mut self, device: i64, device_time: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE devices SET last_sync_at = $1, last_device_time = $2 WHERE id = $3")
            .bind(self.now)
            .bind(device_time)
            .bind(device)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// The transaction, for statements that belong with the ops (dispatch rows, manifests).
    pub fn tx(&mut self) -> &mut Transaction<'static, Any> {
        &mut self.tx
    }

    /// Updates the status projection of every dispatch touched, then commits.
    /// Returns the document's version vector as committed.
    pub async fn commit(mut self) -> Result<Clock, StoreError> {
        let policy = Policy::default();
        let now = UnixTime(self.now);
        let desa = self.desa.to_string();
        for id in std::mem::take(&mut self.touched) {
            let Some(state) = self.states.get(&id) else {
                continue;
            };
            let (status, flags) = state.status(now, &policy);
            let arrivals = state.arrivals();
            // As `status()` decides it: reported missing counts only while in transit.
            let reported_missing = status == antar_shared::doc::Status::InTransit
                && arrivals.iter().any(|a| a.value == Condition::Missing);
            let arrived_at = arrivals
                .iter()
                .filter(|a| a.value != Condition::Missing)
                .map(|a| a.at.0)
                .min();
            let first_trip_at = state.trips.values().map(|t| t.at.0).min();
            sqlx::query(
                "UPDATE dispatches SET status = $1, conflict = $2, damaged = $3, reported_missing = $4, \
                 first_trip_at = $5, arrived_at = $6, updated_at = $7 \
                 WHERE desa_code = $8 AND issue_actor = $9 AND issue_counter = $10",
            )
            .bind(status.code())
            .bind(i64::from(flags.conflict))
            .bind(i64::from(flags.damaged))
            .bind(i64::from(reported_missing))
            .bind(first_trip_at)
            .bind(arrived_at)
            .bind(self.now)
            .bind(&desa)
            .bind(i64::from(id.0.actor.0))
            .bind(to_i64(id.0.counter))
            .execute(&mut *self.tx)
            .await?;
        }
        sqlx::query("UPDATE documents SET next_seq = $1 WHERE desa_code = $2")
            .bind(self.next_seq)
            .bind(&desa)
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await?;
        Ok(self.clock)
    }
}

/// An op id as a pair of integers for SQL.
pub fn id_columns(id: OpId) -> (i64, i64) {
    (i64::from(id.actor.0), to_i64(id.counter))
}

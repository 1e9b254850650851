//! Writing a desa document: [`DocWriter`], one transaction under the document's lock
//! in which ops are checked, numbered, chained and projected (see the module above).

use std::collections::{BTreeSet, HashMap};

use antar_shared::doc::check::check;
use antar_shared::doc::codec::encode_body;
use antar_shared::doc::{
    ActorId, Applied, ApplyError, Clock, Condition, DispatchId, DispatchState, DocView, Op, OpBody,
    OpId, Policy,
};
use antar_shared::region::VillageCode;
use antar_shared::sync::Chain;
use antar_shared::time::UnixTime;
use crdts::CmRDT;
use sqlx::{Any, Transaction};

use super::{
    DISPATCH_OPS, OpRow, chain_from, clock_from_rows, decode, id_columns, to_i64, tracking_column,
};
use crate::store::{Store, StoreError};

/// One dispatch as loaded in a write transaction: its state and the ops it was folded
/// from (to rebuild it as an op's author saw it).
#[derive(Debug)]
struct Loaded {
    state: DispatchState,
    ops: Vec<Op>,
}

/// What the shared checker sees of the document inside the transaction.
struct View<'a> {
    clock: &'a Clock,
    held: Option<&'a Op>,
    loaded: &'a HashMap<DispatchId, Loaded>,
}

impl DocView for View<'_> {
    fn clock(&self) -> &Clock {
        self.clock
    }

    fn held(&self, id: OpId) -> Option<&Op> {
        self.held.filter(|op| op.id() == id)
    }

    fn dispatch(&self, id: DispatchId) -> Option<&DispatchState> {
        self.loaded.get(&id).map(|l| &l.state)
    }

    fn dispatch_as_seen(&self, id: DispatchId, seen: &Clock) -> Option<DispatchState> {
        DispatchState::as_seen(&self.loaded.get(&id)?.ops, seen)
    }
}

/// A write transaction on one desa document.
pub struct DocWriter {
    tx: Transaction<'static, Any>,
    /// Held until commit or drop (SQLite only; see `Store::write_lane`).
    _lane: Option<tokio::sync::OwnedMutexGuard<()>>,
    desa: VillageCode,
    /// This server process's actor.
    actor: ActorId,
    clock: Clock,
    next_seq: i64,
    loaded: HashMap<DispatchId, Loaded>,
    /// Each actor's latest chain link as of this transaction.
    chains: HashMap<ActorId, (u64, Chain)>,
    touched: BTreeSet<DispatchId>,
    /// Actors with ops appended: their entries of the kept clock are written at commit.
    advanced: BTreeSet<ActorId>,
    /// Issue ops appended, to link (or, after a restore, rebuild) their records; and
    /// manifest ops handed back after a restore, to rebuild their manifests.
    issued: Vec<Op>,
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
    /// The op does not fit the document, or the custody rules refuse it (nothing of the
    /// transaction is kept).
    #[error(transparent)]
    Apply(#[from] ApplyError),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The dispatch is no longer waiting at Dukcapil (already shipped, or decided):
    /// checked under the document's lock, so two racing manifests cannot both take it.
    #[error("dispatch {0} is no longer at Dukcapil")]
    NotAtDukcapil(DispatchId),
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
        let actor = self.incarnation().await?;
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
            actor,
            clock,
            next_seq,
            loaded: HashMap::new(),
            chains: HashMap::new(),
            touched: BTreeSet::new(),
            advanced: BTreeSet::new(),
            issued: Vec::new(),
            now,
        })
    }
}

async fn clock_in(
    tx: &mut Transaction<'static, Any>,
    desa: VillageCode,
) -> Result<Clock, StoreError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(super::KEPT_CLOCK)
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

    /// The actor this server process writes as.
    pub fn actor(&self) -> ActorId {
        self.actor
    }

    /// Loads a dispatch (once per transaction; then kept current as ops are appended).
    async fn load(&mut self, id: DispatchId) -> Result<(), StoreError> {
        if self.loaded.contains_key(&id) {
            return Ok(());
        }
        let rows: Vec<OpRow> = sqlx::query_as(DISPATCH_OPS)
            .bind(self.desa.to_string())
            .bind(tracking_column(id))
            .fetch_all(&mut *self.tx)
            .await?;
        let ops: Vec<Op> = rows
            .iter()
            .map(|r| decode(self.desa, r))
            .collect::<Result<_, _>>()?;
        if let Some(state) = DispatchState::from_ops(&ops) {
            self.loaded.insert(id, Loaded { state, ops });
        }
        Ok(())
    }

    /// A dispatch's state as of this transaction.
    pub async fn state(&mut self, id: DispatchId) -> Result<Option<&DispatchState>, StoreError> {
        self.load(id).await?;
        Ok(self.loaded.get(&id).map(|l| &l.state))
    }

    /// The latest link of an actor's chain in this document.
    pub async fn chain_of(&mut self, actor: ActorId) -> Result<Chain, WriteError> {
        let have = self.clock.get(&actor);
        if let Some((counter, chain)) = self.chains.get(&actor)
            && *counter == have
        {
            return Ok(*chain);
        }
        if have == 0 {
            return Ok(Chain::START);
        }
        let stored: Option<Option<Vec<u8>>> = sqlx::query_scalar(
            "SELECT chain FROM ops WHERE desa_code = $1 AND actor = $2 AND counter = $3",
        )
        .bind(self.desa.to_string())
        .bind(i64::from(actor.0))
        .bind(to_i64(have))
        .fetch_optional(&mut *self.tx)
        .await?;
        let chain = chain_from(stored.flatten()).ok_or_else(|| StoreError::CorruptOp {
            desa: self.desa.to_string(),
            actor: i64::from(actor.0),
            counter: to_i64(have),
            reason: antar_shared::doc::CodecError::Malformed("no chain link stored".into()),
        })?;
        self.chains.insert(actor, (have, chain));
        Ok(chain)
    }

    /// Appends one op after the shared checker (document and custody rules) passes it;
    /// an op already stored is a duplicate (and must be identical).
    pub async fn append(&mut self, op: Op) -> Result<Applied, WriteError> {
        let id = op.id();
        let held = if id.counter > 0 && id.counter <= self.clock.get(&id.actor) {
            let row: Option<OpRow> = sqlx::query_as(
                "SELECT actor, counter, device_time, received_at, body FROM ops WHERE desa_code = $1 AND actor = $2 AND counter = $3",
            )
            .bind(self.desa.to_string())
            .bind(i64::from(id.actor.0))
            .bind(to_i64(id.counter))
            .fetch_optional(&mut *self.tx)
            .await?;
            row.map(|r| decode(self.desa, &r)).transpose()?
        } else {
            None
        };
        let refs = op.body.refs();
        for dispatch in &refs {
            self.load(*dispatch).await?;
        }
        let view = View {
            clock: &self.clock,
            held: held.as_ref(),
            loaded: &self.loaded,
        };
        if check(&view, &op)? == Applied::Duplicate {
            return Ok(Applied::Duplicate);
        }

        let chain = self
            .chain_of(id.actor)
            .await?
            .next(self.desa, &op)
            .map_err(|reason| StoreError::CorruptOp {
                desa: self.desa.to_string(),
                actor: i64::from(id.actor.0),
                counter: to_i64(id.counter),
                reason,
            })?;
        let body = encode_body(&op.body).map_err(|reason| StoreError::CorruptOp {
            desa: self.desa.to_string(),
            actor: i64::from(id.actor.0),
            counter: to_i64(id.counter),
            reason,
        })?;
        let seq = self.next_seq;
        self.next_seq += 1;
        let desa = self.desa.to_string();
        sqlx::query(
            "INSERT INTO ops (desa_code, actor, counter, seq, kind, device_time, received_at, body, chain) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&desa)
        .bind(i64::from(id.actor.0))
        .bind(to_i64(id.counter))
        .bind(seq)
        .bind(op.body.name())
        .bind(op.time.0)
        .bind(self.now)
        .bind(body)
        .bind(chain.0.to_vec())
        .execute(&mut *self.tx)
        .await?;
        for dispatch in &refs {
            sqlx::query("INSERT INTO op_refs (desa_code, tracking, seq) VALUES ($1, $2, $3)")
                .bind(&desa)
                .bind(tracking_column(*dispatch))
                .bind(seq)
                .execute(&mut *self.tx)
                .await?;
            match (self.loaded.get_mut(dispatch), &op.body) {
                (Some(loaded), _) => {
                    loaded.state.absorb(&op);
                    loaded.ops.push(op.clone());
                }
                (None, OpBody::Issue(_)) => {
                    if let Some(state) = DispatchState::from_ops([&op]) {
                        self.loaded.insert(
                            *dispatch,
                            Loaded {
                                state,
                                ops: vec![op.clone()],
                            },
                        );
                    }
                }
                (None, _) => {}
            }
            self.touched.insert(*dispatch);
        }
        let recovered_trip = matches!(op.body, OpBody::Dispatch { .. }) && id.actor != self.actor;
        if matches!(op.body, OpBody::Issue(_)) || recovered_trip {
            self.issued.push(op.clone());
        }
        self.chains.insert(id.actor, (id.counter, chain));
        self.clock.apply(op.dot);
        self.advanced.insert(id.actor);
        Ok(Applied::New)
    }

    /// Writes an op as this server process's actor: the next counter, and `seen` filled
    /// with the dispatch's register writes held here, so the custody rules judge it
    /// against what the server knows now.
    pub async fn author(&mut self, time: i64, mut body: OpBody) -> Result<Op, WriteError> {
        if let (Some(_), Some(dispatch)) = (body.register_write(), body.dispatch()) {
            self.load(dispatch).await?;
            let clock = self
                .loaded
                .get(&dispatch)
                .map(|l| l.state.seen_clock())
                .ok_or(ApplyError::UnknownDispatch(dispatch))?;
            if let Some(seen) = body.seen_mut() {
                *seen = clock;
            }
        }
        let op = Op {
            dot: self.clock.inc(self.actor),
            time: UnixTime(time),
            body,
        };
        self.append(op.clone()).await?;
        Ok(op)
    }

    /// [`DocWriter::author`], naming the staff account it is written for (shown in the
    /// dispatch's history instead of a bare "Dukcapil"), in the same transaction.
    pub async fn author_as(&mut self, time: i64, body: OpBody, by: &str) -> Result<Op, WriteError> {
        let op = self.author(time, body).await?;
        let (actor, counter) = id_columns(op.id());
        sqlx::query(
            "INSERT INTO op_staff (desa_code, actor, counter, who_name) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (desa_code, actor, counter) DO NOTHING",
        )
        .bind(self.desa.to_string())
        .bind(actor)
        .bind(counter)
        .bind(by)
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::from)?;
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

    /// Records ops of `actor` that a device handed back to this server (which had lost
    /// them), for operators.
    pub async fn record_recovery(
        &mut self,
        device: i64,
        actor: ActorId,
        first: u64,
        last: u64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO recoveries (at, desa_code, device_id, actor, first_counter, last_counter, ops)              VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(self.now)
        .bind(self.desa.to_string())
        .bind(device)
        .bind(i64::from(actor.0))
        .bind(to_i64(first))
        .bind(to_i64(last))
        .bind(to_i64(last.saturating_sub(first) + 1))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The transaction, for statements that belong with the ops (dispatch rows, manifests).
    pub fn tx(&mut self) -> &mut Transaction<'static, Any> {
        &mut self.tx
    }

    /// Links each Issue op appended to its record. A record this database does not
    /// have (an Issue handed back by a device after a restore lost the newer rows) is
    /// rebuilt from the op, without the NIK and phone, which only the lost rows had.
    async fn link_issued(&mut self) -> Result<(), StoreError> {
        let desa = self.desa.to_string();
        for op in std::mem::take(&mut self.issued) {
            if let OpBody::Dispatch {
                manifest,
                courier,
                items,
            } = &op.body
            {
                self.rebuild_manifest(*manifest, courier.as_str(), items, op.time.0)
                    .await?;
                continue;
            }
            let OpBody::Issue(issue) = &op.body else {
                continue;
            };
            let tracking = tracking_column(antar_shared::doc::DispatchId(issue.tracking));
            let (actor, counter) = id_columns(op.id());
            sqlx::query(
                "INSERT INTO dispatches (tracking, desa_code, kecamatan_code, kind, number, holder_name, nik, \
                 status, created_at, updated_at, recovered_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, '', 'issued', $7, $8, $8) ON CONFLICT (tracking) DO NOTHING",
            )
            .bind(tracking)
            .bind(&desa)
            .bind(self.desa.district().to_string())
            .bind(issue.kind.code())
            .bind(issue.number.as_str())
            .bind(issue.holder.as_str())
            .bind(op.time.0)
            .bind(self.now)
            .execute(&mut *self.tx)
            .await?;
            sqlx::query(
                "UPDATE dispatches SET issue_actor = $1, issue_counter = $2 \
                 WHERE tracking = $3 AND issue_actor IS NULL",
            )
            .bind(actor)
            .bind(counter)
            .bind(tracking)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    /// A manifest this database lost (restored from an older backup), rebuilt from its
    /// op: the courier, the time, and the items this desa's records name.
    async fn rebuild_manifest(
        &mut self,
        manifest: antar_shared::doc::ManifestId,
        courier: &str,
        items: &[DispatchId],
        time: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO manifests (id, courier, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
        )
        .bind(i64::from(manifest.0))
        .bind(courier)
        .bind(time)
        .execute(&mut *self.tx)
        .await?;
        for item in items {
            sqlx::query(
                "INSERT INTO manifest_items (manifest_id, dispatch_id, desa_code) \
                 SELECT $1, id, desa_code FROM dispatches WHERE tracking = $2 \
                 ON CONFLICT (manifest_id, dispatch_id) DO NOTHING",
            )
            .bind(i64::from(manifest.0))
            .bind(tracking_column(*item))
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    /// Updates the status projection of every dispatch touched, then commits.
    /// Returns the document's version vector as committed.
    pub async fn commit(mut self) -> Result<Clock, StoreError> {
        self.link_issued().await?;
        let policy = Policy::default();
        let now = UnixTime(self.now);
        for id in std::mem::take(&mut self.touched) {
            let Some(loaded) = self.loaded.get(&id) else {
                continue;
            };
            let state = &loaded.state;
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
            // The device's claim, no later than now; the SQL keeps it no earlier than the
            // issue and never later than a time already kept (the first receipt).
            let handed_at = (status == antar_shared::doc::Status::HandedOver)
                .then(|| {
                    state
                        .outcomes()
                        .iter()
                        .filter(|o| matches!(o.value, antar_shared::doc::Outcome::HandedOver(_)))
                        .map(|o| o.at.0.min(self.now))
                        .min()
                })
                .flatten();
            sqlx::query(
                "UPDATE dispatches SET status = $1, conflict = $2, damaged = $3, reported_missing = $4, \
                 first_trip_at = $5, arrived_at = $6, updated_at = $7, \
                 handed_at = CASE WHEN CAST($9 AS BIGINT) IS NULL THEN NULL \
                   WHEN handed_at IS NOT NULL AND handed_at < (CASE WHEN $9 < created_at THEN created_at ELSE $9 END) THEN handed_at \
                   ELSE (CASE WHEN $9 < created_at THEN created_at ELSE $9 END) END \
                 WHERE tracking = $8",
            )
            .bind(status.code())
            .bind(i64::from(flags.conflict))
            .bind(i64::from(flags.damaged))
            .bind(i64::from(reported_missing))
            .bind(first_trip_at)
            .bind(arrived_at)
            .bind(self.now)
            .bind(tracking_column(id))
            .bind(handed_at)
            .execute(&mut *self.tx)
            .await?;
        }
        // The kept version vector, in the same transaction as the ops it counts.
        for actor in std::mem::take(&mut self.advanced) {
            sqlx::query(
                "INSERT INTO doc_clocks (desa_code, actor, counter) VALUES ($1, $2, $3) \
                 ON CONFLICT (desa_code, actor) DO UPDATE SET counter = excluded.counter \
                 WHERE doc_clocks.counter < excluded.counter",
            )
            .bind(self.desa.to_string())
            .bind(i64::from(actor.0))
            .bind(to_i64(self.clock.get(&actor)))
            .execute(&mut *self.tx)
            .await?;
        }
        sqlx::query("UPDATE documents SET next_seq = $1 WHERE desa_code = $2")
            .bind(self.next_seq)
            .bind(self.desa.to_string())
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await?;
        Ok(self.clock)
    }
}

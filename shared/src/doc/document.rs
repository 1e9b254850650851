//! The replicated desa document: all ops for one desa and the state they build.

use std::collections::{BTreeMap, BTreeSet};

use crdts::CmRDT;

use super::check::{self, Applied, DocView};
use super::error::ApplyError;
use super::ids::{ActorId, Clock, DispatchId, OpId};
use super::op::{Op, OpBody};
use super::state::DispatchState;
use crate::region::VillageCode;
use crate::time::UnixTime;
use crate::tracking::TrackingCode;

/// One desa's replicated document.
///
/// Ops are applied in causal order (each actor's ops in counter order, a dispatch's
/// Issue before anything about it); [`crate::doc::CausalBuffer`] restores that order
/// for a transport that does not keep it. Applying is all-or-nothing per op: an op that
/// does not fit is refused with an [`ApplyError`] and changes nothing.
#[derive(Clone, Debug)]
pub struct DesaDoc {
    desa: VillageCode,
    clock: Clock,
    /// Each actor's ops, index `counter - 1` (counters are contiguous).
    by_actor: BTreeMap<ActorId, Vec<Op>>,
    /// Application order: a causal order, used to send ops to a peer.
    log: Vec<OpId>,
    dispatches: BTreeMap<DispatchId, DispatchState>,
    /// The ops about each dispatch (its Issue included), to rebuild it as an author saw
    /// it. A set, so the document's equality does not depend on arrival order.
    about: BTreeMap<DispatchId, BTreeSet<OpId>>,
}

/// Two documents are equal when they hold the same ops and so the same state; the order
/// in which the ops arrived does not matter.
impl PartialEq for DesaDoc {
    fn eq(&self, other: &Self) -> bool {
        self.desa == other.desa
            && self.clock == other.clock
            && self.by_actor == other.by_actor
            && self.dispatches == other.dispatches
    }
}

impl Eq for DesaDoc {}

impl DesaDoc {
    /// An empty document for a desa.
    pub fn new(desa: VillageCode) -> Self {
        DesaDoc {
            desa,
            clock: Clock::new(),
            by_actor: BTreeMap::new(),
            log: Vec::new(),
            dispatches: BTreeMap::new(),
            about: BTreeMap::new(),
        }
    }

    /// Whose document this is.
    pub fn desa(&self) -> VillageCode {
        self.desa
    }

    /// The version vector of ops held.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// How many ops the document holds.
    pub fn len(&self) -> usize {
        self.log.len()
    }

    /// Whether it holds no op.
    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }

    /// The op with this id, if held.
    pub fn op(&self, id: OpId) -> Option<&Op> {
        let index = usize::try_from(id.counter.checked_sub(1)?).ok()?;
        self.by_actor.get(&id.actor)?.get(index)
    }

    /// All ops, in the order they were applied (a causal order).
    pub fn ops(&self) -> impl Iterator<Item = &Op> {
        self.log.iter().filter_map(|id| self.op(*id))
    }

    /// A dispatch's state.
    pub fn dispatch(&self, id: DispatchId) -> Option<&DispatchState> {
        self.dispatches.get(&id)
    }

    /// The dispatch with this tracking code.
    pub fn find(&self, tracking: TrackingCode) -> Option<&DispatchState> {
        self.dispatches.get(&DispatchId(tracking))
    }

    /// Every dispatch, in issue order per actor.
    pub fn dispatches(&self) -> impl Iterator<Item = &DispatchState> {
        self.dispatches.values()
    }

    /// Applies ops sent for `desa`, stopping at the first that does not fit. Ops before
    /// it stay applied (each is complete on its own); the error names the one refused.
    pub fn apply_all(
        &mut self,
        desa: VillageCode,
        ops: impl IntoIterator<Item = Op>,
    ) -> Result<usize, ApplyError> {
        if desa != self.desa {
            return Err(ApplyError::WrongDesa {
                document: self.desa,
                given: desa,
            });
        }
        let mut new = 0;
        for op in ops {
            if self.apply(op)? == Applied::New {
                new += 1;
            }
        }
        Ok(new)
    }

    /// Applies every op of `other` that this document lacks. Both documents are causally
    /// closed, so `other`'s application order always fits.
    pub fn merge(&mut self, other: &DesaDoc) -> Result<usize, ApplyError> {
        self.apply_all(other.desa, other.ops().cloned())
    }

    /// Applies one op. Idempotent: an op already held is a [`Applied::Duplicate`].
    pub fn apply(&mut self, op: Op) -> Result<Applied, ApplyError> {
        if self.check(&op)? == Applied::Duplicate {
            return Ok(Applied::Duplicate);
        }
        let id = op.id();
        self.fold_into_state(&op);
        self.clock.apply(op.dot);
        self.log.push(id);
        self.by_actor.entry(id.actor).or_default().push(op);
        Ok(Applied::New)
    }

    /// Checks whether an op fits without applying it (the one checker in `check.rs`,
    /// which the server runs too).
    pub fn check(&self, op: &Op) -> Result<Applied, ApplyError> {
        check::check(self, op)
    }

    /// The ops about a dispatch, its Issue included, in dot order (folding them in any
    /// order gives the same state).
    pub fn dispatch_ops(&self, id: DispatchId) -> impl Iterator<Item = &Op> {
        self.about
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|op| self.op(*op))
    }

    /// Folds a checked op into the dispatch states.
    fn fold_into_state(&mut self, op: &Op) {
        for dispatch in op.body.refs() {
            self.about.entry(dispatch).or_default().insert(op.id());
            match (self.dispatches.get_mut(&dispatch), &op.body) {
                (Some(state), _) => state.absorb(op),
                (None, OpBody::Issue(issue)) => {
                    self.dispatches
                        .insert(dispatch, DispatchState::new(op, issue.clone()));
                }
                (None, _) => {}
            }
        }
    }

    /// Writes a new op as `actor`: assigns the next dot, fills `seen` with the dispatch's
    /// register writes held here (so it supersedes exactly what this replica shows now,
    /// and the custody rules judge it against that), checks it fits, and returns it
    /// **without applying it**. The caller stores it durably and
    /// then applies it, so a crash between the two loses nothing that was acknowledged.
    pub fn author(
        &self,
        actor: ActorId,
        time: UnixTime,
        mut body: OpBody,
    ) -> Result<Op, ApplyError> {
        let dot = self.clock.inc(actor);
        if let (Some(_), Some(dispatch)) = (body.register_write(), body.dispatch()) {
            let clock = check::require_dispatch(self, dispatch)?.seen_clock();
            if let Some(seen) = body.seen_mut() {
                *seen = clock;
            }
        }
        let op = Op { dot, time, body };
        self.check(&op)?;
        Ok(op)
    }

    /// The ops a peer with version vector `peer` lacks, in an order it can apply.
    pub fn missing_from<'a>(&'a self, peer: &'a Clock) -> impl Iterator<Item = &'a Op> + 'a {
        self.log
            .iter()
            .filter(|id| id.counter > peer.get(&id.actor))
            .filter_map(|id| self.op(*id))
    }

    /// At most `max` of the ops `peer` lacks, and whether more remain: one page of a
    /// catch-up. After applying a page the peer's clock covers it, so the next request
    /// continues where this one stopped (and a page lost on the way is simply resent).
    pub fn missing_page(&self, peer: &Clock, max: usize) -> (Vec<Op>, bool) {
        let mut missing = self.missing_from(peer);
        let page: Vec<Op> = missing.by_ref().take(max).cloned().collect();
        let more = missing.next().is_some();
        (page, more)
    }
}

impl DocView for DesaDoc {
    fn clock(&self) -> &Clock {
        &self.clock
    }

    fn held(&self, id: OpId) -> Option<&Op> {
        self.op(id)
    }

    fn dispatch(&self, id: DispatchId) -> Option<&DispatchState> {
        self.dispatches.get(&id)
    }

    fn dispatch_as_seen(&self, id: DispatchId, seen: &Clock) -> Option<DispatchState> {
        DispatchState::as_seen(self.dispatch_ops(id), seen)
    }
}

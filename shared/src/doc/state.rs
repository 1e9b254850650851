//! The state of one dispatch inside a desa document, built from its ops.
//!
//! Each part is a CRDT from `crdts` or a grow-only map keyed by dot, so applying the
//! same set of ops in any (causal) order yields equal state:
//! - `trips`: grow-only, every manifest the dispatch was put on;
//! - `arrival`, `outcome`: `crdts::MVReg`s, so concurrent writes all stay visible;
//! - `notes`: grow-only.

use std::collections::BTreeMap;

use crdts::{CmRDT, CvRDT, MVReg};
use serde::Serialize;

use super::ids::{ActorId, Clock, DispatchId, ManifestId, OpId};
use super::op::{Condition, Issue, Op, OpBody, Outcome, Resolution};
use crate::text::{NoteText, PersonName};
use crate::time::UnixTime;

/// A value in a register or a grow-only map, with who wrote it and when they said it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry<T> {
    /// The op that wrote it.
    pub by: OpId,
    /// The author's clock at the time (a claim).
    pub at: UnixTime,
    /// The value.
    pub value: T,
}

/// A manifest the dispatch travelled on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trip {
    /// Which manifest.
    pub manifest: ManifestId,
    /// The courier.
    pub courier: PersonName,
}

/// Everything the document knows about one dispatch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DispatchState {
    /// Its id (its tracking code).
    pub id: DispatchId,
    /// The Issue op's time (the server's clock; the earliest, if it was issued twice).
    pub issued_at: UnixTime,
    /// The header from the Issue op.
    pub issue: Issue,
    /// Manifests it was put on (grow-only, keyed by the Dispatch op's dot).
    pub trips: BTreeMap<OpId, Entry<Trip>>,
    /// Whether and how it arrived.
    pub arrival: MVReg<Entry<Condition>, ActorId>,
    /// What became of it.
    pub outcome: MVReg<Entry<Outcome>, ActorId>,
    /// Notes (grow-only).
    pub notes: BTreeMap<OpId, Entry<NoteText>>,
}

impl DispatchState {
    pub(crate) fn new(issue_op: &Op, issue: Issue) -> Self {
        DispatchState {
            id: DispatchId(issue.tracking),
            issued_at: issue_op.time,
            issue,
            trips: BTreeMap::new(),
            arrival: MVReg::new(),
            outcome: MVReg::new(),
            notes: BTreeMap::new(),
        }
    }

    /// Rebuilds a dispatch's state from the ops about it, in any order (e.g. read back
    /// from storage). `None` if none of them is an Issue op. Ops must already have been
    /// checked against the document.
    pub fn from_ops<'a>(ops: impl IntoIterator<Item = &'a Op>) -> Option<Self> {
        let ops: Vec<&Op> = ops.into_iter().collect();
        let (first, header) = ops.iter().find_map(|op| match &op.body {
            OpBody::Issue(header) => Some((*op, header)),
            _ => None,
        })?;
        let mut state = DispatchState::new(first, header.clone());
        for op in ops {
            state.absorb(op);
        }
        Some(state)
    }

    /// The dispatch as an author whose `seen` clock this is saw it: its arrival and
    /// outcome registers hold only the writes within `seen`. The custody rules read only
    /// those registers, so every replica holding the op judges it the same way, whatever
    /// else it has received since. (Issue, manifest and note ops are all kept: they
    /// decide nothing the rules look at.) `None` if `ops` holds no Issue op.
    pub fn as_seen<'a>(ops: impl IntoIterator<Item = &'a Op>, seen: &Clock) -> Option<Self> {
        Self::from_ops(ops.into_iter().filter(|op| {
            op.body.register_write().is_none() || op.dot.counter <= seen.get(&op.dot.actor)
        }))
    }

    /// The clock a new register write carries as `seen`: every arrival and outcome write
    /// this replica holds (a superseded value's write is covered by the value that
    /// superseded it).
    pub fn seen_clock(&self) -> Clock {
        let mut clock = self.arrival.read_ctx().add_clock;
        clock.merge(self.outcome.read_ctx().add_clock);
        clock
    }

    /// Folds one checked op about this dispatch into its state. Ops about other
    /// dispatches, and Issue ops, are ignored.
    pub fn absorb(&mut self, op: &Op) {
        if !op.body.refs().contains(&self.id) {
            return;
        }
        let entry = |value| Entry {
            by: op.id(),
            at: op.time,
            value,
        };
        match &op.body {
            // Issued again (after a restore): the same record; the first time stands.
            OpBody::Issue(_) => self.issued_at = self.issued_at.min(op.time),
            OpBody::Dispatch {
                manifest,
                courier,
                items,
            } => {
                if items.contains(&self.id) {
                    let trip = Trip {
                        manifest: *manifest,
                        courier: courier.clone(),
                    };
                    self.trips.insert(
                        op.id(),
                        Entry {
                            by: op.id(),
                            at: op.time,
                            value: trip,
                        },
                    );
                }
            }
            body if body.dispatch() != Some(self.id) => {}
            OpBody::Receive {
                condition, seen, ..
            }
            | OpBody::Resolve {
                choice: Resolution::Arrival(condition),
                seen,
                ..
            } => {
                Self::put(
                    &mut self.arrival,
                    seen,
                    Entry {
                        by: op.id(),
                        at: op.time,
                        value: *condition,
                    },
                );
            }
            OpBody::Handover { handover, seen, .. } => {
                Self::put(
                    &mut self.outcome,
                    seen,
                    entry(Outcome::HandedOver(handover.clone())),
                );
            }
            OpBody::Return { reason, seen, .. } => {
                Self::put(
                    &mut self.outcome,
                    seen,
                    entry(Outcome::Returned(reason.clone())),
                );
            }
            OpBody::Recall { reason, seen, .. } => {
                Self::put(
                    &mut self.outcome,
                    seen,
                    entry(Outcome::Recalled(reason.clone())),
                );
            }
            OpBody::Resolve {
                choice: Resolution::Outcome(outcome),
                seen,
                ..
            } => {
                Self::put(&mut self.outcome, seen, entry(outcome.clone()));
            }
            OpBody::Note { text, .. } => {
                self.notes.insert(
                    op.id(),
                    Entry {
                        by: op.id(),
                        at: op.time,
                        value: text.clone(),
                    },
                );
            }
        }
    }

    /// The register's current values, oldest dot first (stable for display and tests;
    /// the register itself keeps arrival order).
    pub fn arrivals(&self) -> Vec<Entry<Condition>> {
        sorted(self.arrival.read().val)
    }

    /// Whether some device reported it missing from the delivery (as this replica
    /// sees it): receiving it then says *found*.
    pub fn reported_missing(&self) -> bool {
        self.arrivals()
            .iter()
            .any(|a| a.value == Condition::Missing)
    }

    /// The outcome register's current values, sorted by dot.
    pub fn outcomes(&self) -> Vec<Entry<Outcome>> {
        sorted(self.outcome.read().val)
    }

    /// Writes a register value: the put's clock is what the author saw plus its own
    /// dot, so it supersedes exactly the values it saw. (`seen` names ops about the
    /// whole dispatch, not just this register; a value whose clock it covers was seen by
    /// the author, because a replica holds an op only with everything that op had seen.)
    fn put<T>(register: &mut MVReg<Entry<T>, ActorId>, seen: &Clock, entry: Entry<T>) {
        let mut clock = seen.clone();
        clock.apply(entry.by.dot());
        register.apply(crdts::mvreg::Op::Put { clock, val: entry });
    }
}

fn sorted<T>(mut values: Vec<Entry<T>>) -> Vec<Entry<T>> {
    values.sort_by_key(|e| e.by);
    values
}

//! The state of one dispatch inside a desa document, built from its ops.
//!
//! Each part is a CRDT from `crdts` or a grow-only map keyed by dot, so applying the
//! same set of ops in any (causal) order yields equal state:
//! - `trips`: grow-only, every manifest the dispatch was put on;
//! - `arrival`, `outcome`: `crdts::MVReg`s, so concurrent writes all stay visible;
//! - `notes`: grow-only.

use std::collections::BTreeMap;

use crdts::{CmRDT, MVReg};
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
    /// Its id (the Issue op's dot).
    pub id: DispatchId,
    /// The Issue op's time (the server's clock).
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
    pub(crate) fn new(id: DispatchId, issued_at: UnixTime, issue: Issue) -> Self {
        DispatchState {
            id,
            issued_at,
            issue,
            trips: BTreeMap::new(),
            arrival: MVReg::new(),
            outcome: MVReg::new(),
            notes: BTreeMap::new(),
        }
    }

    /// Rebuilds a dispatch's state from its Issue op and the ops about it, in the order
    /// they were applied (e.g. read back from storage). Returns `None` if `issue` is not
    /// an Issue op. Ops must already have been checked against the document.
    pub fn from_ops<'a>(issue: &Op, ops: impl IntoIterator<Item = &'a Op>) -> Option<Self> {
        let OpBody::Issue(header) = &issue.body else {
            return None;
        };
        let mut state = DispatchState::new(DispatchId(issue.id()), issue.time, header.clone());
        for op in ops {
            state.absorb(op);
        }
        Some(state)
    }

    /// Folds one checked op about this dispatch into its state. Ops about other
    /// dispatches, and Issue ops, are ignored.
    pub fn absorb(&mut self, op: &Op) {
        let entry = |value| Entry {
            by: op.id(),
            at: op.time,
            value,
        };
        match &op.body {
            OpBody::Issue(_) => {}
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

    /// The outcome register's current values, sorted by dot.
    pub fn outcomes(&self) -> Vec<Entry<Outcome>> {
        sorted(self.outcome.read().val)
    }

    /// The clock to put in `seen` when writing the arrival register.
    pub fn arrival_clock(&self) -> Clock {
        self.arrival.read_ctx().add_clock
    }

    /// The clock to put in `seen` when writing the outcome register.
    pub fn outcome_clock(&self) -> Clock {
        self.outcome.read_ctx().add_clock
    }

    /// Writes a register value: the put's clock is what the author saw plus its own
    /// dot, so it supersedes exactly what it saw.
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

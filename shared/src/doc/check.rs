//! The one checker every replica runs before it keeps an op: the agent's in-memory
//! [`super::DesaDoc`] and the server's stored document call the same function, so the
//! two can never disagree about which ops fit.
//!
//! It checks the op's place in the document (dots, counters, what it claims to have
//! seen, the dispatches it names) and then the custody rules (`rules.rs`) against the
//! dispatch as the op's author saw it.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::error::ApplyError;
use super::ids::{Clock, DispatchId, OpId};
use super::op::{MAX_MANIFEST_ITEMS, Op, OpBody};
use super::rules;
use super::state::DispatchState;

/// What the checker needs to know about a document. The agent answers from memory;
/// the server answers from rows it loaded inside the write transaction.
pub trait DocView {
    /// The version vector of ops held.
    fn clock(&self) -> &Clock;
    /// The op held under this dot, if any (to tell a replay from a forgery).
    fn held(&self, id: OpId) -> Option<&Op>;
    /// A dispatch's current state.
    fn dispatch(&self, id: DispatchId) -> Option<&DispatchState>;
    /// A dispatch as an author with this `seen` clock saw it (see
    /// [`DispatchState::as_seen`]).
    fn dispatch_as_seen(&self, id: DispatchId, seen: &Clock) -> Option<DispatchState>;
}

/// What applying an op did (or would do): the checker tells a new op from one already held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The op was new and is now part of the document.
    New,
    /// The op was already held (a replay or a retry): nothing changed.
    Duplicate,
}

/// Checks whether an op fits a document without applying it: `Ok(Duplicate)` for an op
/// already held (identical), `Ok(New)` for one that may be applied, an error otherwise.
pub fn check(view: &impl DocView, op: &Op) -> Result<Applied, ApplyError> {
    let id = op.id();
    if id.counter == 0 {
        return Err(ApplyError::ZeroCounter(id));
    }
    let have = view.clock().get(&id.actor);
    if id.counter <= have {
        return match view.held(id) {
            Some(held) if held == op => Ok(Applied::Duplicate),
            _ => Err(ApplyError::DotReused(id)),
        };
    }
    if id.counter != have + 1 {
        return Err(ApplyError::Gap {
            actor: id.actor,
            have,
            got: id.counter,
        });
    }
    if let Some((_, seen)) = op.body.register_write() {
        check_seen(id, seen, view.clock())?;
    }
    match &op.body {
        OpBody::Issue(issue) => {
            if !id.actor.is_server() {
                return Err(rules::RuleError::ServerOnly("issue").into());
            }
            if issue.kind.number_is_nik() && !issue.number.is_nik_word() {
                return Err(ApplyError::NikInNumber(issue.tracking));
            }
            // Issued again (a restored server republishing a record whose first Issue
            // it lost): the same dispatch, as long as it is the same record.
            if let Some(existing) = view.dispatch(DispatchId(issue.tracking))
                && existing.issue != *issue
            {
                return Err(ApplyError::TrackingTaken(issue.tracking));
            }
        }
        OpBody::Dispatch { items, .. } => {
            if !id.actor.is_server() {
                return Err(rules::RuleError::ServerOnly("dispatch").into());
            }
            let distinct: BTreeSet<_> = items.iter().collect();
            if items.is_empty() || items.len() > MAX_MANIFEST_ITEMS || distinct.len() != items.len()
            {
                return Err(ApplyError::BadManifest);
            }
            for item in items {
                require_dispatch(view, *item)?;
            }
        }
        body => {
            let Some(dispatch) = body.dispatch() else {
                return Ok(Applied::New);
            };
            let current = require_dispatch(view, dispatch)?;
            if let Some((_, seen)) = body.register_write() {
                // Judged against what the author saw: usually the current state itself.
                let as_seen = if *seen == current.seen_clock() {
                    Cow::Borrowed(current)
                } else {
                    Cow::Owned(
                        view.dispatch_as_seen(dispatch, seen)
                            .ok_or(ApplyError::UnknownDispatch(dispatch))?,
                    )
                };
                rules::judge(id.actor, &as_seen, body)?;
            } else {
                rules::judge(id.actor, current, body)?;
            }
        }
    }
    Ok(Applied::New)
}

/// The dispatch an op names, or an error saying it is not (yet) issued here.
pub fn require_dispatch(view: &impl DocView, id: DispatchId) -> Result<&DispatchState, ApplyError> {
    view.dispatch(id).ok_or(ApplyError::UnknownDispatch(id))
}

/// A register write may only claim to have seen ops that exist: not itself or later
/// (that would break the register's merge), and nothing the document does not hold
/// (a device could otherwise hide a concurrent write, or block later ones).
pub fn check_seen(id: OpId, seen: &Clock, clock: &Clock) -> Result<(), ApplyError> {
    if seen.get(&id.actor) >= id.counter {
        return Err(ApplyError::SeenTooNew(id));
    }
    for (actor, counter) in &seen.dots {
        if *counter > clock.get(actor) {
            return Err(ApplyError::SeenUnknown {
                op: id,
                seen: OpId {
                    actor: *actor,
                    counter: *counter,
                },
            });
        }
    }
    Ok(())
}

//! The custody rules: one rulebook for every write to a desa document.
//!
//! A rule is a pure function of a dispatch *as its author saw it* (its registers rebuilt
//! from the writes the op's `seen` clock covers) and of who the author is (a server incarnation or a desa device). It
//! never looks at the time, at the replica's current state or at anything else a
//! replica might hold differently, so an op that its author's rulebook allowed is
//! allowed by every replica that later receives it: the server never refuses and
//! strands an op a correct agent wrote. Ops written concurrently offline (a handover on
//! one laptop while Dukcapil recalled the document) are each allowed against what their
//! author saw and meet as a visible conflict.
//!
//! Every writer goes through here: the agent's CLI and clerk UI before they author an
//! op, the server's CLI and dashboard, and the server's sync endpoint (through
//! [`super::check`]) for each op a device sends. The table of rules is in
//! `docs/custody.md`.

use thiserror::Error;

use super::ids::ActorId;
use super::op::{Condition, OpBody, Outcome, Resolution};
use super::state::{DispatchState, Entry};
use super::status::Status;
use crate::lang::Localized;

/// What an author wants to do with a dispatch, without the details a form adds. The
/// clerk UI and the CLI ask [`permits`] with one of these to decide what to offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Confirm receipt (ok or damaged).
    Receive,
    /// Receive an item a device reported missing ("ditemukan").
    ReceiveFound,
    /// Report it missing from the delivery.
    ReportMissing,
    /// Correct the recorded arrival (with a reason).
    CorrectArrival,
    /// Hand it to a resident.
    Handover,
    /// Correct an earlier handover or return by recording a handover (with a reason).
    CorrectHandover,
    /// Send it back to Dukcapil.
    Return,
    /// Correct an earlier handover or return by recording a return (with a reason).
    CorrectReturn,
    /// Recall it (Dukcapil only).
    Recall,
    /// Settle a conflict between arrival records.
    ResolveArrival,
    /// Settle a conflict between outcomes.
    ResolveOutcome,
}

/// Why the rulebook refuses an op. Each names the state and what to do instead; the
/// codes are stable (`rule.*`) for programs and tests. A refused op changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RuleError {
    /// Issue, manifest and recall are Dukcapil's.
    #[error("only Dukcapil may write {0} ops")]
    ServerOnly(&'static str),
    /// Handover and return need the document at the desa first.
    #[error("not received at the desa (status {0:?})")]
    NotReceived(Status),
    /// It already has an outcome.
    #[error("already decided: {0:?}")]
    AlreadyDecided(Decided),
    /// Dukcapil recalled it.
    #[error("recalled by Dukcapil")]
    Recalled,
    /// Recalled already.
    #[error("already recalled")]
    AlreadyRecalled,
    /// Concurrent records disagree and nobody has settled them yet.
    #[error("unresolved conflict")]
    Conflict,
    /// Receipt confirmed already.
    #[error("already received")]
    AlreadyReceived,
    /// Reported missing already.
    #[error("already reported missing")]
    AlreadyMissing,
    /// A device reported it missing: receiving it is an explicit "found".
    #[error("reported missing; receive it as found")]
    ReportedMissing,
    /// "Found" with no missing report to answer.
    #[error("found, but nobody reported it missing")]
    NotMissing,
    /// A correction with nothing recorded to correct.
    #[error("nothing to correct")]
    NothingToCorrect,
    /// A corrected handover must check the holder's NIK again.
    #[error("a corrected handover needs the NIK check")]
    CorrectionNeedsNik,
    /// A resolution with no conflict to settle.
    #[error("no conflict to resolve")]
    NoConflict,
    /// A resolution must keep one of the versions in conflict (or, for Dukcapil,
    /// clear them).
    #[error("not one of the versions in conflict")]
    NotAVersion,
    /// A conflict with Dukcapil's recall is Dukcapil's to clear.
    #[error("only Dukcapil may set aside its recall")]
    RecallNeedsDukcapil,
}

/// The outcome that decides a dispatch, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decided {
    /// Handed over, to whom.
    HandedOver(String),
    /// Returned to Dukcapil.
    Returned,
}

/// A dispatch's arrival and outcome as the author saw them, boiled down to what the
/// rules need.
#[derive(Clone, Debug)]
struct Seen {
    status: Status,
    received: bool,
    missing: bool,
    arrival_conflict: bool,
    arrival_values: Vec<Condition>,
    decided: Option<Decided>,
    recalled: bool,
    outcome_conflict: bool,
    outcome_values: Vec<Outcome>,
}

impl Seen {
    fn of(state: &DispatchState) -> Seen {
        let arrivals = state.arrivals();
        let outcomes = state.outcomes();
        let decided = outcomes.iter().find_map(|o| match &o.value {
            Outcome::HandedOver(h) => Some(Decided::HandedOver(h.recipient.to_string())),
            Outcome::Returned(_) => Some(Decided::Returned),
            _ => None,
        });
        Seen {
            // The status needs a time only for flags; the word itself does not.
            status: state.status(state.issued_at, &Default::default()).0,
            received: arrivals.iter().any(|a| a.value != Condition::Missing),
            missing: arrivals.iter().any(|a| a.value == Condition::Missing),
            arrival_conflict: disagree(&arrivals, |a, b| a == b),
            arrival_values: arrivals.iter().map(|a| a.value).collect(),
            decided,
            recalled: outcomes
                .iter()
                .any(|o| matches!(o.value, Outcome::Recalled(_))),
            outcome_conflict: disagree(&outcomes, Outcome::same_fact),
            outcome_values: outcomes.into_iter().map(|o| o.value).collect(),
        }
    }

    /// The checks shared by a handover and a return.
    fn may_decide(&self, correcting: bool) -> Result<(), RuleError> {
        if self.recalled {
            return Err(RuleError::Recalled);
        }
        if self.outcome_conflict {
            return Err(RuleError::Conflict);
        }
        match (&self.decided, correcting) {
            (Some(decided), false) => return Err(RuleError::AlreadyDecided(decided.clone())),
            (None, true) => return Err(RuleError::NothingToCorrect),
            _ => {}
        }
        if !self.received {
            return Err(RuleError::NotReceived(self.status));
        }
        Ok(())
    }
}

fn disagree<T>(values: &[Entry<T>], same: impl Fn(&T, &T) -> bool) -> bool {
    values
        .iter()
        .any(|a| values.iter().any(|b| !same(&a.value, &b.value)))
}

/// Whether `author` may do `action` to a dispatch it sees as `state`: what the clerk
/// UI and the CLI ask before offering or writing an op. [`judge`] applies the same
/// rules, plus the op's own details, to a finished op.
pub fn permits(author: ActorId, state: &DispatchState, action: Action) -> Result<(), RuleError> {
    let seen = Seen::of(state);
    let server = author.is_server();
    match action {
        Action::Receive | Action::ReceiveFound | Action::ReportMissing => {
            if seen.decided.is_some() {
                return Err(RuleError::AlreadyDecided(
                    seen.decided.clone().unwrap_or(Decided::Returned),
                ));
            }
            if seen.received {
                return Err(RuleError::AlreadyReceived);
            }
            match (action, seen.missing) {
                (Action::ReportMissing, true) => Err(RuleError::AlreadyMissing),
                (Action::Receive, true) => Err(RuleError::ReportedMissing),
                (Action::ReceiveFound, false) => Err(RuleError::NotMissing),
                _ => Ok(()),
            }
        }
        Action::CorrectArrival => {
            if seen.received || seen.missing {
                Ok(())
            } else {
                Err(RuleError::NothingToCorrect)
            }
        }
        Action::Handover | Action::Return => seen.may_decide(false),
        Action::CorrectHandover | Action::CorrectReturn => seen.may_decide(true),
        Action::Recall => {
            if !server {
                return Err(RuleError::ServerOnly("recall"));
            }
            if let Some(decided) = seen.decided {
                return Err(RuleError::AlreadyDecided(decided));
            }
            if seen.recalled {
                return Err(RuleError::AlreadyRecalled);
            }
            Ok(())
        }
        Action::ResolveArrival => {
            if seen.arrival_conflict {
                Ok(())
            } else {
                Err(RuleError::NoConflict)
            }
        }
        Action::ResolveOutcome => {
            if seen.outcome_conflict {
                Ok(())
            } else {
                Err(RuleError::NoConflict)
            }
        }
    }
}

/// Judges a finished op about one dispatch, written by `author`, against the dispatch
/// as the author saw it. Ops that create or ship dispatches (Issue, Dispatch) are
/// judged here only for authorship; notes are always allowed.
pub fn judge(author: ActorId, seen_state: &DispatchState, body: &OpBody) -> Result<(), RuleError> {
    if body.server_only() && !author.is_server() {
        return Err(RuleError::ServerOnly(body.name()));
    }
    match body {
        OpBody::Issue(_) | OpBody::Dispatch { .. } | OpBody::Note { .. } => Ok(()),
        OpBody::Receive {
            condition,
            found,
            correction,
            ..
        } => {
            let action = match (correction, condition, found) {
                (Some(_), _, _) => Action::CorrectArrival,
                (None, Condition::Missing, true) => return Err(RuleError::NotMissing),
                (None, Condition::Missing, false) => Action::ReportMissing,
                (None, _, true) => Action::ReceiveFound,
                (None, _, false) => Action::Receive,
            };
            permits(author, seen_state, action)
        }
        OpBody::Handover {
            handover,
            correction,
            ..
        } => {
            if correction.is_some() {
                permits(author, seen_state, Action::CorrectHandover)?;
                if !handover.nik_verified {
                    return Err(RuleError::CorrectionNeedsNik);
                }
                Ok(())
            } else {
                permits(author, seen_state, Action::Handover)
            }
        }
        OpBody::Return { correction, .. } => {
            let action = if correction.is_some() {
                Action::CorrectReturn
            } else {
                Action::Return
            };
            permits(author, seen_state, action)
        }
        OpBody::Recall { .. } => permits(author, seen_state, Action::Recall),
        OpBody::Resolve { choice, .. } => {
            let seen = Seen::of(seen_state);
            match choice {
                Resolution::Arrival(condition) => {
                    permits(author, seen_state, Action::ResolveArrival)?;
                    if seen.arrival_values.contains(condition) {
                        Ok(())
                    } else {
                        Err(RuleError::NotAVersion)
                    }
                }
                Resolution::Outcome(outcome) => {
                    permits(author, seen_state, Action::ResolveOutcome)?;
                    match outcome {
                        Outcome::Cleared if seen.recalled && !author.is_server() => {
                            Err(RuleError::RecallNeedsDukcapil)
                        }
                        Outcome::Cleared => Ok(()),
                        // Only a version that exists: a resolution must not slip in a
                        // new recipient (no NIK check) or a recall by a device.
                        chosen if seen.outcome_values.contains(chosen) => Ok(()),
                        _ => Err(RuleError::NotAVersion),
                    }
                }
            }
        }
    }
}

impl Localized for RuleError {
    fn code(&self) -> &'static str {
        match self {
            RuleError::ServerOnly(_) => "rule.server_only",
            RuleError::NotReceived(_) => "rule.not_received",
            RuleError::AlreadyDecided(_) => "rule.already_decided",
            RuleError::Recalled => "rule.recalled",
            RuleError::AlreadyRecalled => "rule.already_recalled",
            RuleError::Conflict => "rule.conflict",
            RuleError::AlreadyReceived => "rule.already_received",
            RuleError::AlreadyMissing => "rule.already_missing",
            RuleError::ReportedMissing => "rule.reported_missing",
            RuleError::NotMissing => "rule.not_missing",
            RuleError::NothingToCorrect => "rule.nothing_to_correct",
            RuleError::CorrectionNeedsNik => "rule.correction_needs_nik",
            RuleError::NoConflict => "rule.no_conflict",
            RuleError::NotAVersion => "rule.not_a_version",
            RuleError::RecallNeedsDukcapil => "rule.recall_needs_dukcapil",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            RuleError::ServerOnly(kind) => vec![("kind", (*kind).to_owned())],
            RuleError::NotReceived(status) => vec![("status", status.code().to_owned())],
            RuleError::AlreadyDecided(Decided::HandedOver(to)) => {
                vec![("returned", "no".to_owned()), ("recipient", to.clone())]
            }
            RuleError::AlreadyDecided(Decided::Returned) => {
                vec![("returned", "yes".to_owned()), ("recipient", String::new())]
            }
            _ => Vec::new(),
        }
    }
}

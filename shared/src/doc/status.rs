//! Derived status: where a dispatch is and what needs attention.
//!
//! A pure function of a dispatch's state, the current time and the policy; the clock
//! is never read here, so every rule is testable.
//!
//! Rules, in order:
//! 1. An outcome (handed over / returned / recalled) decides the status. Several
//!    concurrent outcomes that state different facts raise the *conflict* flag; the
//!    status shown is then the first of handed over, returned, recalled, so that every
//!    replica shows the same word.
//! 2. Otherwise an arrival in condition ok or damaged means *at desa*; an arrival
//!    reported missing keeps it *in transit* with the *missing* flag.
//! 3. Otherwise a manifest means *in transit*, flagged *missing* once it has been on the
//!    road for `missing_after_days`.
//! 4. Otherwise it is *issued*.
//!
//! *Aging*: at the desa, unclaimed for `aging_after_days`. *Damaged*: any arrival says so.

use serde::{Deserialize, Serialize};

use super::op::{Condition, Outcome};
use super::state::DispatchState;
use crate::time::UnixTime;

/// Where a dispatch is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Printed and recorded at Dukcapil.
    Issued,
    /// On a courier's manifest.
    InTransit,
    /// Received at the desa office, waiting for the resident.
    AtDesa,
    /// In the resident's hands.
    HandedOver,
    /// Sent back to Dukcapil.
    Returned,
    /// Recalled by Dukcapil.
    Recalled,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 6] = [
        Status::Issued,
        Status::InTransit,
        Status::AtDesa,
        Status::HandedOver,
        Status::Returned,
        Status::Recalled,
    ];

    /// The machine name (`in_transit`), as in JSON and the CLI.
    pub fn code(self) -> &'static str {
        match self {
            Status::Issued => "issued",
            Status::InTransit => "in_transit",
            Status::AtDesa => "at_desa",
            Status::HandedOver => "handed_over",
            Status::Returned => "returned",
            Status::Recalled => "recalled",
        }
    }

    /// Parses the machine name.
    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.code() == code.trim().to_ascii_lowercase())
    }
}

/// What needs a person's attention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flags {
    /// Concurrent writes disagree; stays until someone resolves it.
    pub conflict: bool,
    /// On a manifest but not received in time, or reported missing.
    pub missing: bool,
    /// Waiting at the desa, unclaimed for too long.
    pub aging: bool,
    /// Arrived damaged.
    pub damaged: bool,
}

/// Thresholds for the time-based flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Days on the road before an unreceived item is flagged missing.
    pub missing_after_days: i64,
    /// Days at the desa before an unclaimed item is flagged aging.
    pub aging_after_days: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            missing_after_days: 7,
            aging_after_days: 30,
        }
    }
}

impl DispatchState {
    /// The status and flags at `now` under `policy`.
    pub fn status(&self, now: UnixTime, policy: &Policy) -> (Status, Flags) {
        let mut flags = Flags::default();
        let arrivals = self.arrivals();
        let outcomes = self.outcomes();

        flags.damaged = arrivals.iter().any(|a| a.value == Condition::Damaged);
        flags.conflict =
            disagree(&arrivals, |a, b| a == b) || disagree(&outcomes, Outcome::same_fact);

        // Enum order puts handed over before returned before recalled: `min` picks the
        // same word on every replica when outcomes conflict.
        let decided = outcomes
            .iter()
            .filter_map(|o| match o.value {
                Outcome::HandedOver(_) => Some(Status::HandedOver),
                Outcome::Returned(_) => Some(Status::Returned),
                Outcome::Recalled(_) => Some(Status::Recalled),
                Outcome::Cleared => None,
            })
            .min();
        if let Some(status) = decided {
            return (status, flags);
        }

        let arrived_at = arrivals
            .iter()
            .filter(|a| a.value != Condition::Missing)
            .map(|a| a.at)
            .min();
        if let Some(arrived_at) = arrived_at {
            flags.aging = arrived_at.days_until(now) >= policy.aging_after_days;
            return (Status::AtDesa, flags);
        }
        if arrivals.iter().any(|a| a.value == Condition::Missing) {
            flags.missing = true;
        }
        match self.trips.values().map(|t| t.at).min() {
            Some(left_at) => {
                flags.missing |= left_at.days_until(now) >= policy.missing_after_days;
                (Status::InTransit, flags)
            }
            None => (Status::Issued, flags),
        }
    }
}

/// Whether the register holds values that state different facts.
fn disagree<T>(values: &[super::state::Entry<T>], same: impl Fn(&T, &T) -> bool) -> bool {
    values
        .iter()
        .any(|a| values.iter().any(|b| !same(&a.value, &b.value)))
}

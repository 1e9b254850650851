//! Wall-clock instants as recorded by whoever wrote a fact.
//!
//! Village PCs have wrong dates (DESIGN.md, invariant 5), so a time is only ever a
//! *claim* by its author. Order comes from version vectors; times are kept to show
//! people and to compute ages, and skew between a device and the server is flagged.

use serde::{Deserialize, Serialize};

/// Seconds since the Unix epoch, UTC, as claimed by the clock that wrote it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct UnixTime(pub i64);

/// Seconds in a day, for the day-based thresholds in status rules.
pub const DAY: i64 = 86_400;

/// How far a device clock may drift from the server's before Antar warns about it.
pub const SKEW_WARNING_SECS: i64 = 10 * 60;

impl UnixTime {
    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: UnixTime) -> i64 {
        later.0.saturating_sub(self.0).div_euclid(DAY)
    }

    /// The clock skew of a device against the server, if it is large enough to show.
    ///
    /// Positive means the device is ahead of the server.
    pub fn skew_against(self, server: UnixTime) -> Option<i64> {
        let skew = self.0.saturating_sub(server.0);
        (skew.unsigned_abs() >= SKEW_WARNING_SECS.unsigned_abs()).then_some(skew)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_skew() {
        let t = UnixTime(1_700_000_000);
        assert_eq!(t.days_until(UnixTime(t.0 + 3 * DAY + 5)), 3);
        assert_eq!(t.days_until(UnixTime(t.0 - 1)), -1);
        assert_eq!(t.skew_against(UnixTime(t.0 + 60)), None);
        assert_eq!(t.skew_against(UnixTime(t.0 - 3600)), Some(3600));
        // A device clock can claim anything; nothing overflows.
        assert_eq!(
            UnixTime(i64::MIN).days_until(UnixTime(i64::MAX)),
            i64::MAX.div_euclid(DAY)
        );
        assert!(UnixTime(i64::MIN).skew_against(UnixTime(1)).is_some());
    }
}

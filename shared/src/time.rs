//! Wall-clock instants as recorded by whoever wrote a fact.
//!
//! Village PCs have wrong dates (`docs/architecture.md`, invariant 5), so a time is only ever a
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

/// Central Indonesia Time (WITA, UTC+8): NTB's time zone, used when showing times.
pub const WITA_OFFSET_SECS: i64 = 8 * 3600;

impl UnixTime {
    /// The calendar date and time at a UTC offset, as `(year, month, day, hour, minute)`.
    ///
    /// Days-from-civil inverted (H. Hinnant's algorithm), so no date crate is needed
    /// for showing times on pages.
    pub fn civil(self, offset_secs: i64) -> (i64, u32, u32, u32, u32) {
        let t = self.0.saturating_add(offset_secs);
        let days = t.div_euclid(DAY);
        let secs = t.rem_euclid(DAY);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        (
            year,
            u32::try_from(month).unwrap_or(1),
            u32::try_from(day).unwrap_or(1),
            u32::try_from(secs / 3600).unwrap_or(0),
            u32::try_from(secs % 3600 / 60).unwrap_or(0),
        )
    }

    /// The start of a calendar day at a UTC offset (days-from-civil, the inverse of
    /// [`UnixTime::civil`]); `None` for a date that does not exist (30 February).
    pub fn from_civil(year: i64, month: u32, day: u32, offset_secs: i64) -> Option<UnixTime> {
        if !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let (m, d) = (i64::from(month), i64::from(day));
        let y = if m <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        let start = UnixTime(days * DAY - offset_secs);
        // A day past the month's end rolls over: refuse it rather than guess.
        let (ry, rm, rd, _, _) = start.civil(offset_secs);
        (ry == year && rm == month && rd == day).then_some(start)
    }

    /// `2026-11-27 14:05` in WITA.
    pub fn wita(self) -> String {
        let (y, m, d, h, min) = self.civil(WITA_OFFSET_SECS);
        format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}")
    }

    /// `2026-11-27` in WITA.
    pub fn wita_date(self) -> String {
        let (y, m, d, _, _) = self.civil(WITA_OFFSET_SECS);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `2026-11-27-140509` in WITA, to the second: a time in a file name that a person
    /// reads and that sorts in time order.
    pub fn wita_file_stamp(self) -> String {
        let (y, m, d, h, min) = self.civil(WITA_OFFSET_SECS);
        let sec = self.0.rem_euclid(60);
        format!("{y:04}-{m:02}-{d:02}-{h:02}{min:02}{sec:02}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates_back_to_times() {
        use super::{UnixTime, WITA_OFFSET_SECS};
        let start = UnixTime::from_civil(2026, 11, 28, WITA_OFFSET_SECS).unwrap();
        assert_eq!(start.wita(), "2026-11-28 00:00");
        assert_eq!(UnixTime::from_civil(1970, 1, 1, 0), Some(UnixTime(0)));
        assert_eq!(UnixTime::from_civil(2026, 2, 30, WITA_OFFSET_SECS), None);
        assert_eq!(UnixTime::from_civil(2024, 2, 29, 0).unwrap().civil(0).2, 29);
    }

    #[test]
    fn civil_dates() {
        assert_eq!(UnixTime(0).civil(0), (1970, 1, 1, 0, 0));
        // 2026-11-27 23:13 UTC is 2026-11-28 07:13 WITA.
        assert_eq!(UnixTime(1_795_821_180).wita(), "2026-11-28 07:13");
        assert_eq!(UnixTime(951_782_400).civil(0), (2000, 2, 29, 0, 0));
        assert_eq!(UnixTime(-86_400).civil(0), (1969, 12, 31, 0, 0));
    }

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

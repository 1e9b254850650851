//! What the pages show about a dispatch, in the reader's language: one table row, the
//! flags' words, and times. How statuses, ops, outcomes, relations and ID documents
//! read is shared with every other page and the command lines (`Tr::status`, `Tr::op`,
//! `Tr::outcome`, …).
//!
//! Every word comes from the Fluent files; each label is looked up with a literal key so
//! the key test finds it.

use antar_shared::doc::{DispatchState, Flags, Policy, Status};
use antar_shared::i18n::Tr;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;

/// One dispatch as a line of a table.
#[derive(Clone, Debug)]
pub struct Row {
    /// `7KQM-2XWP-8RD0`.
    pub code: String,
    /// The document kind's name.
    pub kind: String,
    /// The document number (for a KTP-el or a KIA, whose number is the NIK, words
    /// saying so: the replica holds no digit of a NIK).
    pub number: String,
    /// The holder's name.
    pub holder: String,
    /// Where it is.
    pub status: Status,
    /// The status's machine name (a CSS class).
    pub status_code: &'static str,
    /// The status's words.
    pub status_label: String,
    /// The flags' words.
    pub flags: Vec<String>,
    /// The flags themselves.
    pub raw_flags: Flags,
    /// A device reported it missing from the delivery: receiving it is a "found".
    pub reported_missing: bool,
}

impl Row {
    /// A dispatch's row at `now`.
    pub fn new(tr: Tr, d: &DispatchState, now: UnixTime, policy: &Policy) -> Row {
        let (status, flags) = d.status(now, policy);
        Row {
            code: d.issue.tracking.to_string(),
            kind: tr.kind(d.issue.kind),
            number: if d.issue.kind.number_is_nik() {
                tr.t("clerk-number-is-nik")
            } else {
                d.issue.number.to_string()
            },
            holder: d.issue.holder.to_string(),
            status,
            status_code: status.code(),
            status_label: tr.status(status),
            flags: flag_labels(tr, flags),
            raw_flags: flags,
            reported_missing: d.reported_missing(),
        }
    }

    /// Whether the clerk can hand it over now.
    pub fn at_desa(&self) -> bool {
        self.status == Status::AtDesa
    }

    /// Whether it was handed over (a receipt can be printed).
    pub fn handed_over(&self) -> bool {
        self.status == Status::HandedOver
    }

    /// Whether it is on its way (receive it).
    pub fn in_transit(&self) -> bool {
        self.status == Status::InTransit
    }
}

/// The raised flags' words.
pub fn flag_labels(tr: Tr, flags: Flags) -> Vec<String> {
    let mut out = Vec::new();
    if flags.conflict {
        out.push(tr.t("flag-conflict"));
    }
    if flags.missing {
        out.push(tr.t("flag-missing"));
    }
    if flags.aging {
        out.push(tr.t("flag-aging"));
    }
    if flags.damaged {
        out.push(tr.t("flag-damaged"));
    }
    out
}

/// `12/03/2026 09.15 WITA` (Bima's time zone): digits only, read the same in both
/// languages. Times are a device's claim anyway.
pub fn clock(t: UnixTime) -> String {
    let (y, m, d, h, min) = t.civil(antar_shared::time::WITA_OFFSET_SECS);
    format!("{d:02}/{m:02}/{y} {h:02}.{min:02} WITA")
}

/// The tracking code in what a clerk typed or a scanner sent: the code itself, or the
/// resident-page link printed as a QR code on manifests and receipts
/// (`https://server/cek/7KQM-2XWP-8RD0`), whose last path segment is the code.
pub fn scanned_code(input: &str) -> &str {
    let input = input.trim();
    if !input.contains('/') {
        return input;
    }
    let path = input.split(['?', '#']).next().unwrap_or(input);
    path.rsplit('/')
        .find(|s| !s.trim().is_empty())
        .unwrap_or(input)
        .trim()
}

/// A typed or scanned code, parsed.
pub fn parse_scanned(input: &str) -> Result<TrackingCode, crate::clerk::ClerkError> {
    crate::clerk::parse_code(scanned_code(input))
}

/// An op id as it travels in a form field (`3.17`).
pub fn op_token(id: antar_shared::doc::OpId) -> String {
    format!("{}.{}", id.actor.0, id.counter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_is_wita() {
        // 2024-03-12 01:15:00 UTC is 09.15 in Bima.
        assert_eq!(clock(UnixTime(1_710_206_100)), "12/03/2024 09.15 WITA");
        assert_eq!(clock(UnixTime(0)), "01/01/1970 08.00 WITA");
        // Before the epoch and absurd device clocks do not panic.
        assert_eq!(clock(UnixTime(-86_400)), "31/12/1969 08.00 WITA");
        let _ = clock(UnixTime(i64::MAX));
        let _ = clock(UnixTime(i64::MIN));
    }

    #[test]
    fn scanned_links_give_their_code() {
        assert_eq!(scanned_code(" 7kqm2xwp8rd0 "), "7kqm2xwp8rd0");
        assert_eq!(
            scanned_code("https://antar.bimakab.go.id/cek/7KQM-2XWP-8RD0"),
            "7KQM-2XWP-8RD0"
        );
        assert_eq!(
            scanned_code("http://x/cek/7KQM-2XWP-8RD0/?a=b"),
            "7KQM-2XWP-8RD0"
        );
        assert_eq!(scanned_code("/"), "/");
    }
}

//! What the pages show about a dispatch, in the reader's language: one table row, the
//! labels of statuses, flags, relations, ID documents and conditions, and times.
//!
//! Every word comes from the Fluent files; each label is looked up with a literal key so
//! the key test finds it.

use antar_shared::doc::{
    ActorId, Condition, DispatchState, Flags, IdDocument, Outcome, Policy, Relation, Status,
};
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;
use antar_shared::web::Tr;

/// One dispatch as a line of a table.
#[derive(Clone, Debug)]
pub struct Row {
    /// `7KQM-2XWP-8RD0`.
    pub code: String,
    /// The document kind's name.
    pub kind: String,
    /// The document number.
    pub number: String,
    /// The holder's name.
    pub holder: String,
    /// `************0001`.
    pub nik: String,
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
            kind: d.issue.kind.name(tr.lang).to_owned(),
            number: d.issue.number.to_string(),
            holder: d.issue.holder.to_string(),
            nik: d.issue.nik_tail.masked(),
            status,
            status_code: status.code(),
            status_label: status_label(tr, status),
            flags: flag_labels(tr, flags),
            raw_flags: flags,
            reported_missing: crate::clerk::reported_missing(d),
        }
    }

    /// Whether the clerk can hand it over now.
    pub fn at_desa(&self) -> bool {
        self.status == Status::AtDesa
    }

    /// Whether it is on its way (receive it).
    pub fn in_transit(&self) -> bool {
        self.status == Status::InTransit
    }
}

/// A status's words.
pub fn status_label(tr: Tr, status: Status) -> String {
    match status {
        Status::Issued => tr.t("status-issued"),
        Status::InTransit => tr.t("status-in_transit"),
        Status::AtDesa => tr.t("status-at_desa"),
        Status::HandedOver => tr.t("status-handed_over"),
        Status::Returned => tr.t("status-returned"),
        Status::Recalled => tr.t("status-recalled"),
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

/// A relation's words.
pub fn relation_label(tr: Tr, relation: Relation) -> String {
    match relation {
        Relation::Holder => tr.t("clerk-relation-holder"),
        Relation::Family => tr.t("clerk-relation-family"),
        Relation::Proxy => tr.t("clerk-relation-proxy"),
    }
}

/// An ID document's words.
pub fn id_label(tr: Tr, id: IdDocument) -> String {
    match id {
        IdDocument::KtpEl => tr.t("clerk-id-ktp-el"),
        IdDocument::Kk => tr.t("clerk-id-kk"),
        IdDocument::Kia => tr.t("clerk-id-kia"),
        IdDocument::SuratKuasa => tr.t("clerk-id-surat-kuasa"),
        IdDocument::Lainnya => tr.t("clerk-id-lainnya"),
    }
}

/// A condition's words.
pub fn condition_label(tr: Tr, condition: Condition) -> String {
    match condition {
        Condition::Ok => tr.t("clerk-condition-ok"),
        Condition::Damaged => tr.t("clerk-condition-damaged"),
        Condition::Missing => tr.t("clerk-condition-missing"),
    }
}

/// An outcome in one line ("Diserahkan kepada Siti Aminah (pemilik)").
pub fn outcome_summary(tr: Tr, outcome: &Outcome) -> String {
    match outcome {
        Outcome::HandedOver(h) => tr.t2(
            "clerk-outcome-handed",
            "recipient",
            h.recipient.as_str(),
            "relation",
            relation_label(tr, h.relation),
        ),
        Outcome::Returned(r) => tr.t1("clerk-outcome-returned", "reason", r.as_str()),
        Outcome::Recalled(r) => tr.t1("clerk-outcome-recalled", "reason", r.as_str()),
        Outcome::Cleared => tr.t("clerk-outcome-cleared"),
    }
}

/// The lines under a handover: ID shown, whether the NIK was checked, the clerk, and
/// whether it was signed (the history and the conflict page show the same).
pub fn handover_details(tr: Tr, h: &antar_shared::doc::Handover) -> Vec<String> {
    let mut lines = vec![
        tr.t1("clerk-event-id-shown", "id", id_label(tr, h.id_shown)),
        if h.nik_verified {
            tr.t("clerk-event-nik-verified")
        } else {
            tr.t("clerk-event-nik-not-checked")
        },
        tr.t1("clerk-event-clerk", "clerk", h.clerk.as_str()),
    ];
    if h.evidence.is_some() {
        lines.push(tr.t("clerk-event-signed"));
    }
    lines
}

/// Who wrote an op: Dukcapil, this device, or another device of the desa.
pub fn actor_label(tr: Tr, actor: ActorId, me: ActorId) -> String {
    if actor.is_server() {
        tr.t("clerk-actor-server")
    } else if actor == me {
        tr.t1("clerk-actor-this", "n", actor.0)
    } else {
        tr.t1("clerk-actor-device", "n", actor.0)
    }
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

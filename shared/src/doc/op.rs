//! Ops: every change to a desa document, stamped with a dot.
//!
//! The state of a dispatch is a pure function of the set of ops (see `state.rs`). Ops
//! that write a multi-value register (receipt, handover, return, recall, resolve) carry
//! `seen`: the dispatch's arrival and outcome writes its author held (a clock). It does
//! two jobs. The write supersedes exactly the register values it saw, so values written
//! concurrently stay visible as a conflict. And every replica can rebuild the dispatch's
//! registers as the author saw them, so the custody rules (`rules.rs`) judge the op
//! against what its author knew, identically everywhere.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::{Clock, DispatchId, Dot, ManifestId, OpId, clock_wire, dot_wire};
use crate::kind::DocumentKind;
use crate::nik::NikCheck;
use crate::text::{DocNumber, NoteText, PersonName, Reason};
use crate::time::UnixTime;
use crate::tracking::TrackingCode;

/// The most dispatches one Dispatch op (one manifest's items for one desa) may carry.
pub const MAX_MANIFEST_ITEMS: usize = 1000;

/// One change, as written by one actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Op {
    /// `(actor, counter)`: unique in the document; counters of an actor are contiguous.
    #[serde(with = "dot_wire")]
    pub dot: Dot,
    /// The author's wall clock when it wrote the op (a claim: clocks lie).
    pub time: UnixTime,
    /// What changed.
    pub body: OpBody,
}

impl Op {
    /// The dot with a total order.
    pub fn id(&self) -> OpId {
        OpId::from(self.dot)
    }
}

/// What an op says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OpBody {
    /// The server issues a dispatch record for a finished document (server only).
    Issue(Issue),
    /// The server puts dispatches on a courier's manifest (server only).
    Dispatch {
        /// The manifest (one courier trip).
        manifest: ManifestId,
        /// The courier.
        courier: PersonName,
        /// The dispatches on it for this desa.
        items: Vec<DispatchId>,
    },
    /// The desa confirms receipt, or reports an item missing from the delivery.
    Receive {
        /// Which dispatch.
        dispatch: DispatchId,
        /// What arrived.
        condition: Condition,
        /// It turned up after a device reported it missing ("ditemukan"): receiving an
        /// item someone reported missing must say so, so history shows it.
        #[serde(default)]
        found: bool,
        /// Set when this corrects an earlier record of the arrival, with why.
        #[serde(default)]
        correction: Option<Reason>,
        /// The dispatch's register writes its author held.
        #[serde(with = "clock_wire")]
        seen: Clock,
    },
    /// The desa hands the document to a resident.
    Handover {
        /// Which dispatch.
        dispatch: DispatchId,
        /// To whom and how.
        handover: Handover,
        /// Set when this corrects an earlier handover or return, with why (the NIK must
        /// be checked again).
        #[serde(default)]
        correction: Option<Reason>,
        /// The dispatch's register writes its author held.
        #[serde(with = "clock_wire")]
        seen: Clock,
    },
    /// The desa sends the document back to Dukcapil (unclaimed, wrong desa...).
    Return {
        /// Which dispatch.
        dispatch: DispatchId,
        /// Why.
        reason: Reason,
        /// Set when this corrects an earlier handover or return, with why.
        #[serde(default)]
        correction: Option<Reason>,
        /// The dispatch's register writes its author held.
        #[serde(with = "clock_wire")]
        seen: Clock,
    },
    /// Dukcapil recalls a document, e.g. a misprint (server only).
    Recall {
        /// Which dispatch.
        dispatch: DispatchId,
        /// Why.
        reason: Reason,
        /// The dispatch's register writes its author held.
        #[serde(with = "clock_wire")]
        seen: Clock,
    },
    /// A person settles a conflict: the chosen value supersedes all values in `seen`.
    Resolve {
        /// Which dispatch.
        dispatch: DispatchId,
        /// What is true.
        choice: Resolution,
        /// The dispatch's register writes its author held.
        #[serde(with = "clock_wire")]
        seen: Clock,
    },
    /// A free note on a dispatch.
    Note {
        /// Which dispatch.
        dispatch: DispatchId,
        /// The note.
        text: NoteText,
    },
}

impl OpBody {
    /// The dispatch the op is about; `None` for Issue (it creates one) and Dispatch
    /// (it names several).
    pub fn dispatch(&self) -> Option<DispatchId> {
        match self {
            OpBody::Issue(_) | OpBody::Dispatch { .. } => None,
            OpBody::Receive { dispatch, .. }
            | OpBody::Handover { dispatch, .. }
            | OpBody::Return { dispatch, .. }
            | OpBody::Recall { dispatch, .. }
            | OpBody::Resolve { dispatch, .. }
            | OpBody::Note { dispatch, .. } => Some(*dispatch),
        }
    }

    /// Every dispatch the op is about: the one it issues, the items of a manifest, or
    /// the one it names.
    pub fn refs(&self) -> Vec<DispatchId> {
        match self {
            OpBody::Issue(issue) => vec![DispatchId(issue.tracking)],
            OpBody::Dispatch { items, .. } => items.clone(),
            body => body.dispatch().into_iter().collect(),
        }
    }

    /// The register this op writes and its `seen` clock, if it writes one.
    pub fn register_write(&self) -> Option<(Register, &Clock)> {
        match self {
            OpBody::Receive { seen, .. } => Some((Register::Arrival, seen)),
            OpBody::Handover { seen, .. }
            | OpBody::Return { seen, .. }
            | OpBody::Recall { seen, .. } => Some((Register::Outcome, seen)),
            OpBody::Resolve { choice, seen, .. } => Some((choice.register(), seen)),
            OpBody::Issue(_) | OpBody::Dispatch { .. } | OpBody::Note { .. } => None,
        }
    }

    /// Mutable access to `seen`, so an author can fill it from the current state.
    pub fn seen_mut(&mut self) -> Option<&mut Clock> {
        match self {
            OpBody::Receive { seen, .. }
            | OpBody::Handover { seen, .. }
            | OpBody::Return { seen, .. }
            | OpBody::Recall { seen, .. }
            | OpBody::Resolve { seen, .. } => Some(seen),
            OpBody::Issue(_) | OpBody::Dispatch { .. } | OpBody::Note { .. } => None,
        }
    }

    /// Whether only the server may write this op (Issue, Dispatch, Recall). The server
    /// may also write a desa's ops on its behalf (a dead PC); those show as such.
    pub fn server_only(&self) -> bool {
        matches!(
            self,
            OpBody::Issue(_) | OpBody::Dispatch { .. } | OpBody::Recall { .. }
        )
    }

    /// The correction's reason, when this op corrects an earlier record.
    pub fn correction(&self) -> Option<&Reason> {
        match self {
            OpBody::Receive { correction, .. }
            | OpBody::Handover { correction, .. }
            | OpBody::Return { correction, .. } => correction.as_ref(),
            _ => None,
        }
    }

    /// A stable short name for logs and history (`handover`).
    pub fn name(&self) -> &'static str {
        match self {
            OpBody::Issue(_) => "issue",
            OpBody::Dispatch { .. } => "dispatch",
            OpBody::Receive { .. } => "receive",
            OpBody::Handover { .. } => "handover",
            OpBody::Return { .. } => "return",
            OpBody::Recall { .. } => "recall",
            OpBody::Resolve { .. } => "resolve",
            OpBody::Note { .. } => "note",
        }
    }
}

/// The two multi-value registers of a dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Register {
    /// Did it reach the desa, and in what condition?
    Arrival,
    /// What became of it: handed over, returned, recalled.
    Outcome,
}

/// The header the desa needs about a finished document. The full NIK and the
/// applicant's phone number stay on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    /// The public tracking code (on the resident's receipt).
    pub tracking: TrackingCode,
    /// What kind of document.
    pub kind: DocumentKind,
    /// The number printed on it.
    pub number: DocNumber,
    /// The holder's name, so the clerk can find it.
    pub holder: PersonName,
    /// Lets the clerk verify a typed NIK without holding it. No digit of the NIK is
    /// replicated (see `docs/decisions/0011-nik-check.md`).
    pub nik_check: NikCheck,
    /// When the same document (kind and number) was dispatched before: a reprint of a
    /// closed dispatch, or a replacement that recalled an open one.
    #[serde(default)]
    pub reissue: Option<Reissue>,
}

/// How a dispatch relates to an earlier one of the same document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Reissue {
    /// Printed again after the earlier dispatch closed (a lost KTP-el printed anew).
    Reprint(TrackingCode),
    /// Replaces an earlier dispatch that was still open; that one was recalled.
    Replaces(TrackingCode),
}

impl Reissue {
    /// The earlier dispatch's tracking code.
    pub fn earlier(self) -> TrackingCode {
        match self {
            Reissue::Reprint(code) | Reissue::Replaces(code) => code,
        }
    }
}

/// Condition of a document at the desa.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Arrived intact.
    Ok,
    /// Arrived damaged (wet, torn, misprinted).
    Damaged,
    /// On the manifest but not in the delivery.
    Missing,
}

/// Who took the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The holder in person.
    Holder,
    /// A family member on the same KK.
    Family,
    /// Someone with a surat kuasa (written authorisation).
    Proxy,
}

/// Which identity document the clerk checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdDocument {
    /// KTP-el.
    KtpEl,
    /// Kartu Keluarga (for a family member).
    Kk,
    /// Kartu Identitas Anak.
    Kia,
    /// A surat kuasa with the proxy's KTP-el.
    SuratKuasa,
    /// Something else, noted separately.
    Lainnya,
}

impl Relation {
    /// Every relation, in the order forms offer them.
    pub const ALL: [Relation; 3] = [Relation::Holder, Relation::Family, Relation::Proxy];

    /// The machine name (as serde writes it, and as forms post it).
    pub fn code(self) -> &'static str {
        match self {
            Relation::Holder => "holder",
            Relation::Family => "family",
            Relation::Proxy => "proxy",
        }
    }

    /// The relation with this machine name.
    pub fn parse(code: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

impl IdDocument {
    /// Every ID document, in the order forms offer them.
    pub const ALL: [IdDocument; 5] = [
        IdDocument::KtpEl,
        IdDocument::Kk,
        IdDocument::Kia,
        IdDocument::SuratKuasa,
        IdDocument::Lainnya,
    ];

    /// The machine name (as serde writes it, and as forms post it).
    pub fn code(self) -> &'static str {
        match self {
            IdDocument::KtpEl => "ktp-el",
            IdDocument::Kk => "kk",
            IdDocument::Kia => "kia",
            IdDocument::SuratKuasa => "surat-kuasa",
            IdDocument::Lainnya => "lainnya",
        }
    }

    /// The ID document with this machine name.
    pub fn parse(code: &str) -> Option<IdDocument> {
        IdDocument::ALL
            .into_iter()
            .find(|i| i.code() == code.trim())
    }
}

/// The content hash (SHA-256) of a blob such as a signature image or a photo. Blobs
/// travel separately from ops, content-addressed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlobHash(pub [u8; 32]);

impl BlobHash {
    /// Lower-case hex.
    pub fn to_hex(self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parses 64 hex digits.
    pub fn from_hex(hex: &str) -> Option<BlobHash> {
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(BlobHash(out))
    }
}

impl fmt::Debug for BlobHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobHash({})", self.to_hex())
    }
}

impl Serialize for BlobHash {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.to_hex())
        } else {
            self.0.serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for BlobHash {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            let hex = String::deserialize(d)?;
            BlobHash::from_hex(&hex)
                .ok_or_else(|| serde::de::Error::custom("expected 64 hex digits"))
        } else {
            <[u8; 32]>::deserialize(d).map(BlobHash)
        }
    }
}

/// A handover as recorded by the clerk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    /// Who took it.
    pub recipient: PersonName,
    /// Their relation to the holder.
    pub relation: Relation,
    /// The identity document the clerk looked at.
    pub id_shown: IdDocument,
    /// Whether the clerk typed the holder's NIK and it matched the check value.
    pub nik_verified: bool,
    /// A signature or photo, by content hash.
    pub evidence: Option<BlobHash>,
    /// The clerk who handed it over.
    pub clerk: PersonName,
}

impl Handover {
    /// Whether two handovers describe the same event (same person, same relation): two
    /// devices recording that are not a conflict, whoever typed it.
    pub fn same_fact(&self, other: &Handover) -> bool {
        self.relation == other.relation
            && self.recipient.as_str().to_lowercase() == other.recipient.as_str().to_lowercase()
    }
}

/// A value of the outcome register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// Handed to a resident.
    HandedOver(Handover),
    /// Sent back to Dukcapil.
    Returned(Reason),
    /// Recalled by Dukcapil.
    Recalled(Reason),
    /// A resolution saying none of the above happened: the document is still where its
    /// arrival says.
    Cleared,
}

impl Outcome {
    /// Whether two outcomes state the same fact (see [`Handover::same_fact`]).
    pub fn same_fact(&self, other: &Outcome) -> bool {
        match (self, other) {
            (Outcome::HandedOver(a), Outcome::HandedOver(b)) => a.same_fact(b),
            (Outcome::Returned(_), Outcome::Returned(_))
            | (Outcome::Recalled(_), Outcome::Recalled(_))
            | (Outcome::Cleared, Outcome::Cleared) => true,
            _ => false,
        }
    }
}

/// What a Resolve op declares true.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Resolution {
    /// The document's real condition at the desa.
    Arrival(Condition),
    /// What really became of it.
    Outcome(Outcome),
}

impl Resolution {
    /// The register it writes.
    pub fn register(&self) -> Register {
        match self {
            Resolution::Arrival(_) => Register::Arrival,
            Resolution::Outcome(_) => Register::Outcome,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_hash_hex_round_trip() {
        let hash = BlobHash([0xab; 32]);
        assert_eq!(BlobHash::from_hex(&hash.to_hex()), Some(hash));
        assert_eq!(BlobHash::from_hex("abc"), None);
        assert_eq!(BlobHash::from_hex(&"zz".repeat(32)), None);
    }

    #[test]
    fn json_refuses_unknown_fields() {
        let code = crate::tracking::TrackingCode::from_bits(42).unwrap();
        let note = format!(r#"{{"note":{{"dispatch":"{code}","text":"Rusak sedikit"}}}}"#);
        assert!(serde_json::from_str::<OpBody>(&note).is_ok(), "{note}");
        let extra = format!(r#"{{"note":{{"dispatch":"{code}","text":"Rusak","extra":1}}}}"#);
        assert!(serde_json::from_str::<OpBody>(&extra).is_err());
    }
}

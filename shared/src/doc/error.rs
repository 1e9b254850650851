//! Why an op cannot be applied to a desa document.

use thiserror::Error;

use super::ids::{ActorId, DispatchId, OpId};
use super::rules::RuleError;
use crate::lang::Localized;
use crate::region::VillageCode;
use crate::tracking::TrackingCode;

/// An op that does not fit the document. Applying it changed nothing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApplyError {
    /// The op belongs to another desa's document.
    #[error("op for desa {given}; this document belongs to desa {document}")]
    WrongDesa {
        /// This document's desa.
        document: VillageCode,
        /// The desa the op was sent for.
        given: VillageCode,
    },
    /// Counters start at 1.
    #[error("op {0} uses counter 0")]
    ZeroCounter(OpId),
    /// Ops of one actor must arrive in counter order; an earlier one is missing.
    #[error("op {actor}.{got} arrived before {actor}.{}", have + 1)]
    Gap {
        /// Whose ops.
        actor: ActorId,
        /// The highest counter held.
        have: u64,
        /// The counter that arrived.
        got: u64,
    },
    /// A dot already held with different content: a broken or forged replica.
    #[error("op {0} is already held with other content")]
    DotReused(OpId),
    /// The op names a dispatch the document does not (yet) hold.
    #[error("unknown dispatch {0}")]
    UnknownDispatch(DispatchId),
    /// A tracking code given to two dispatches.
    #[error("tracking code {0} is already taken")]
    TrackingTaken(TrackingCode),
    /// An Issue op for a KTP-el or a KIA that carries a number: that number is the
    /// holder's NIK, which never leaves the server (the op must carry the word `NIK`).
    #[error("the Issue of {0} carries the NIK as its document number")]
    NikInNumber(TrackingCode),
    /// No dispatch in this document has that tracking code.
    #[error("tracking code {0} is not in this desa")]
    UnknownTracking(TrackingCode),
    /// `seen` claims the op's own dot or later: it would break the register's merge.
    #[error("op {0} claims to have seen itself")]
    SeenTooNew(OpId),
    /// `seen` names an op this document does not hold (yet): the author cannot have
    /// seen it, or it has not arrived here.
    #[error("op {op} claims to have seen {seen}, which is not held")]
    SeenUnknown {
        /// The op.
        op: OpId,
        /// What it claims to have seen.
        seen: OpId,
    },
    /// A manifest op with no items, too many, or one item twice.
    #[error("invalid list of dispatches in a manifest")]
    BadManifest,
    /// The custody rules refuse it, judged against what its author saw.
    #[error(transparent)]
    Rule(#[from] RuleError),
}

impl ApplyError {
    /// Whether the op may fit later, once the ops it depends on have arrived (an
    /// earlier op of the same actor, or the dispatch's Issue). A causal-delivery buffer
    /// holds such ops instead of refusing them.
    pub fn is_not_ready(&self) -> bool {
        matches!(
            self,
            ApplyError::Gap { .. }
                | ApplyError::UnknownDispatch(_)
                | ApplyError::SeenUnknown { .. }
        )
    }
}

impl Localized for ApplyError {
    fn code(&self) -> &'static str {
        match self {
            ApplyError::WrongDesa { .. } => "op.wrong_desa",
            ApplyError::ZeroCounter(_) => "op.zero_counter",
            ApplyError::Gap { .. } => "op.gap",
            ApplyError::DotReused(_) => "op.dot_reused",
            ApplyError::UnknownDispatch(_) => "op.unknown_dispatch",
            ApplyError::TrackingTaken(_) => "op.tracking_taken",
            ApplyError::NikInNumber(_) => "op.nik_in_number",
            ApplyError::UnknownTracking(_) => "op.unknown_tracking",
            ApplyError::SeenTooNew(_) => "op.seen_too_new",
            ApplyError::SeenUnknown { .. } => "op.seen_unknown",
            ApplyError::BadManifest => "op.bad_manifest",
            ApplyError::Rule(rule) => rule.code(),
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ApplyError::WrongDesa { document, given } => vec![
                ("document", document.to_string()),
                ("given", given.to_string()),
            ],
            ApplyError::ZeroCounter(id)
            | ApplyError::DotReused(id)
            | ApplyError::SeenTooNew(id) => vec![("op", id.to_string())],
            ApplyError::Gap { actor, have, got } => vec![
                ("actor", actor.to_string()),
                ("got", got.to_string()),
                ("expected", (have + 1).to_string()),
            ],
            ApplyError::UnknownDispatch(id) => vec![("dispatch", id.0.to_string())],
            ApplyError::TrackingTaken(code)
            | ApplyError::UnknownTracking(code)
            | ApplyError::NikInNumber(code) => {
                vec![("code", code.to_string())]
            }
            ApplyError::SeenUnknown { op, seen } => {
                vec![("op", op.to_string()), ("seen", seen.to_string())]
            }
            ApplyError::BadManifest => Vec::new(),
            ApplyError::Rule(rule) => rule.args(),
        }
    }
}

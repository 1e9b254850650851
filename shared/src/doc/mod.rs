//! The replicated desa document (`docs/architecture.md`, "The replicated state").
//!
//! One document per desa holds the dispatches addressed to it. The server holds every
//! document; an agent holds its own desa's. Every change is an [`Op`] stamped with a
//! `crdts::Dot`; each replica keeps its ops and a `crdts::VClock` of what it has. The
//! state of a dispatch is a pure function of the set of ops: replicas holding the same
//! ops show the same state, whatever order the ops arrived in.
//!
//! - [`ids`]: actors, dots, dispatch and manifest ids, and their wire forms.
//! - [`op`]: the op kinds and their payloads.
//! - [`state`]: a dispatch's state (grow-only sets and `crdts::MVReg` registers).
//! - [`status`]: the derived status and flags.
//! - [`rules`]: the custody rules every writer obeys, judged against what an op's author
//!   saw; [`check`]: the one checker that applies them with the document's own checks.
//! - [`codec`]: how an op is stored and hashed.
//! - [`HandoverEntry`]: a handover as a person typed it, and its checks.
//! - [`DesaDoc`]: applying ops, authoring them, and finding what a peer lacks.
//! - [`CausalBuffer`]: holding ops that arrive before what they depend on.

mod buffer;
pub mod check;
pub mod codec;
mod document;
mod entry;
mod error;
pub mod ids;
pub mod op;
pub mod rules;
pub mod state;
pub mod status;

#[cfg(test)]
mod tests;

pub use buffer::{CausalBuffer, Delivered};
pub use check::{Applied, DocView, check_seen};
pub use codec::CodecError;
pub use document::DesaDoc;
pub use entry::{CheckedEntry, EntryError, HandoverEntry};
pub use error::ApplyError;
pub use ids::{ActorId, Clock, DispatchId, Dot, ID_EPOCH, ManifestId, OpId, id_floor};
pub use op::{
    BlobHash, Condition, Handover, IdDocument, Issue, MAX_MANIFEST_ITEMS, Op, OpBody, Outcome,
    Register, Reissue, Relation, Resolution,
};
pub use rules::{Action, RuleError};
pub use state::{DispatchState, Entry, Trip};
pub use status::{Flags, Policy, Status};

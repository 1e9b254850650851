//! The sync protocol (`docs/architecture.md`, "The sync protocol").
//!
//! One HTTP round trip, `POST /api/v1/sync` with the device token. The agent sends its
//! version vector and the ops the server is not known to have; the server answers with
//! its version vector after merging and the ops the agent lacks, a page at a time with
//! `more` set while a catch-up continues. Ops are keyed by dot, so a replay, a retry
//! after a timeout or a duplicate is harmless.
//!
//! - [`message`]: the request, the response and the error body.
//! - [`batch`]: a list of ops, run-length encoded by actor on the binary wire.
//! - [`seal`]: the server's signed hash chains, so lost ops can be handed back to it.
//! - [`wire`]: the two encodings (JSON for people, postcard for the link), with hard
//!   limits and the protocol version checked before anything else.

pub mod batch;
pub mod message;
pub mod seal;
pub mod wire;

#[cfg(test)]
mod tests;

pub use batch::{MAX_OPS_PER_MESSAGE, OpBatch, PAGE_OPS};
pub use message::{ErrorBody, PROTOCOL_VERSION, SyncRequest, SyncResponse};
pub use seal::{Chain, PublicKey, Seal, ServerKey};
pub use wire::{Fault, Format, MAX_MESSAGE_BYTES, WireError};

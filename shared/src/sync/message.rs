//! The messages of one sync round trip.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::batch::OpBatch;
use super::seal::Seal;
use crate::doc::Clock;
use crate::doc::ids::clock_wire;
use crate::lang::Localized;
use crate::region::VillageCode;
use crate::time::UnixTime;

/// The protocol version this build speaks. A peer sending another version gets a
/// clear error, not a parse failure.
pub const PROTOCOL_VERSION: u16 = 3;

/// Agent → server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// Always [`PROTOCOL_VERSION`]; first, so it can be read before the rest.
    pub protocol: u16,
    /// The document: the device's desa.
    pub desa: VillageCode,
    /// The agent's version vector (before the ops below are counted).
    #[serde(with = "clock_wire")]
    pub have: Clock,
    /// Ops the server is not known to have, in causal order: this device's own, and
    /// ops of other actors that a server restored from an older backup lost.
    pub ops: OpBatch,
    /// For each other actor whose ops are handed back: the server's seal over them, so
    /// it can tell they are really ops it held. Empty in an ordinary sync.
    #[serde(default)]
    pub seals: Vec<Seal>,
    /// The device's clock when it sent this, so the server can measure skew.
    pub device_time: UnixTime,
}

/// Server → agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncResponse {
    /// Always [`PROTOCOL_VERSION`].
    pub protocol: u16,
    /// The server's version vector after merging the request's ops. Ops the agent holds
    /// beyond it are not yet on the server (or were lost in a restore) and are sent again.
    #[serde(with = "clock_wire")]
    pub have: Clock,
    /// Ops the agent lacks, in causal order; at most one page.
    pub ops: OpBatch,
    /// A seal for each actor with ops in this page, up to its last op here.
    #[serde(default)]
    pub seals: Vec<Seal>,
    /// More ops are waiting: sync again (with the updated clock) to fetch the next page.
    pub more: bool,
    /// The server's clock, so the agent can show skew to the clerk.
    pub server_time: UnixTime,
}

/// The body of every 4xx/5xx answer: a stable machine code, the message in the
/// request's language, and the message's arguments, so a client says it in its own
/// reader's language from the same Fluent files (`errors.ftl`, keyed by the code).
/// Unknown fields are ignored: an error body from another version must still be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable code, e.g. `op.unknown_dispatch`, for programs and tests.
    pub code: String,
    /// The message in the language the request asked for (Indonesian by default).
    pub message: String,
    /// The message's arguments, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

impl ErrorBody {
    /// The arguments of a library error, as the body carries them.
    pub fn args_of(error: &impl Localized) -> BTreeMap<String, String> {
        error
            .args()
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect()
    }
}

//! One sync: send what the server lacks, take what this device lacks, until both agree
//! (DESIGN.md, "Sync protocol"). Usually one round trip; more only for a paged
//! catch-up, or when the server's vector shows it lost ops (restored from a backup) and
//! this device sends them again.

use antar_shared::doc::{DesaDoc, Op};
use antar_shared::sync::{Format, MAX_OPS_PER_MESSAGE, PROTOCOL_VERSION, SyncRequest};
use antar_shared::time::UnixTime;

use crate::now;
use crate::replica::{Enrollment, Replica, ReplicaError};
use crate::transport::{Transport, TransportError};

/// The most round trips one sync makes before reporting (a large catch-up continues
/// on the next sync).
const MAX_ROUNDS: usize = 50;

/// What a sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Round trips.
    pub rounds: usize,
    /// Ops sent.
    pub sent: usize,
    /// New ops received.
    pub received: usize,
    /// This device's ops the server does not have yet.
    pub waiting: usize,
    /// Device clock minus server clock, seconds, when large enough to show.
    pub skew: Option<i64>,
}

/// Why a sync failed. Local work is never lost by a failed sync.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The network or the server.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The local replica.
    #[error(transparent)]
    Replica(#[from] ReplicaError),
    /// The server sent ops that do not fit (should not happen; nothing was stored).
    #[error("server mengirim perubahan yang tidak cocok: {0}")]
    Apply(#[from] antar_shared::doc::ApplyError),
    /// A message that could not be encoded or decoded.
    #[error("pesan sinkron tidak sah: {0}")]
    Wire(#[from] antar_shared::sync::WireError),
}

impl SyncError {
    /// Whether trying again later may help.
    pub fn is_retryable(&self) -> bool {
        match self {
            SyncError::Transport(t) => t.is_retryable(),
            SyncError::Wire(_) => true,
            SyncError::Replica(_) | SyncError::Apply(_) => false,
        }
    }
}

/// This device's own ops the server is not known to hold, oldest first.
pub fn waiting<'a>(
    doc: &'a DesaDoc,
    me: &'a Enrollment,
    server: &'a antar_shared::doc::Clock,
) -> impl Iterator<Item = &'a Op> {
    doc.missing_from(server)
        .filter(move |op| op.dot.actor == me.actor)
}

/// Syncs until the server has every op of this device and this device every op of the
/// server (or `MAX_ROUNDS` round trips).
pub async fn sync_once(replica: &Replica, transport: &impl Transport) -> Result<Report, SyncError> {
    let me = replica.require_enrollment().await?;
    let mut report = Report::default();
    loop {
        let mut doc = replica.load(me.desa).await?;
        let server_have = replica.server_have().await?;
        let ops: Vec<Op> = waiting(&doc, &me, &server_have)
            .take(MAX_OPS_PER_MESSAGE)
            .cloned()
            .collect();
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            desa: me.desa,
            have: doc.clock().clone(),
            ops: ops.clone().into(),
            device_time: UnixTime(now()),
        };
        let body = Format::Binary.encode(&request)?;
        let answer = transport.sync(&me.token, body).await?;
        let response = Format::Binary.decode_response(&answer)?;
        report.rounds += 1;
        report.sent += ops.len();

        // Check the server's ops fit before storing any, then store them with the
        // server's vector in one transaction.
        let mut new_ops = Vec::new();
        for op in response.ops.into_inner() {
            if doc.apply(op.clone())? == antar_shared::doc::Applied::New {
                new_ops.push(op);
            }
        }
        report.received += new_ops.len();
        replica
            .store_received(&new_ops, &response.have, now(), response.server_time.0)
            .await?;
        replica.clear_last_error().await?;
        report.skew = UnixTime(now()).skew_against(response.server_time);
        let mine = doc.clock().get(&me.actor);
        let acknowledged = response.have.get(&me.actor);
        report.waiting = usize::try_from(mine.saturating_sub(acknowledged)).unwrap_or(usize::MAX);
        let done = !response.more && acknowledged >= mine;
        if done || report.rounds >= MAX_ROUNDS {
            return Ok(report);
        }
    }
}

//! One sync: send what the server lacks, take what this device lacks, until both agree
//! (the sync protocol in `antar_shared::sync`). Usually one round trip; more for a
//! paged catch-up, or when the server's vector shows it lost ops (restored from an
//! older backup): then this device sends them again — its own, and other actors' ops
//! under the seal the server put on them when it first sent them.
//!
//! Every op received is checked before it is stored: against the document (the same
//! checker and custody rules as the server) and against the server's seal, recomputing
//! each actor's hash chain.

use std::collections::{BTreeSet, HashMap};

use antar_shared::doc::{ActorId, Clock, DesaDoc, Op};
use antar_shared::lang::Localized;
use antar_shared::sync::{
    Chain, Format, MAX_OPS_PER_MESSAGE, PROTOCOL_VERSION, Seal, SyncRequest, SyncResponse,
};
use antar_shared::time::UnixTime;

use crate::now;
use crate::replica::{Enrollment, Received, Replica, ReplicaError};
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
    /// Ops of other actors handed back to a server that had lost them.
    pub handed_back: usize,
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
    #[error("the server sent changes that do not fit")]
    Apply(#[source] antar_shared::doc::ApplyError),
    /// A message that could not be encoded or decoded.
    #[error("invalid sync message")]
    Wire(#[source] antar_shared::sync::WireError),
}

impl From<antar_shared::doc::ApplyError> for SyncError {
    fn from(e: antar_shared::doc::ApplyError) -> Self {
        SyncError::Apply(e)
    }
}

impl From<antar_shared::sync::WireError> for SyncError {
    fn from(e: antar_shared::sync::WireError) -> Self {
        SyncError::Wire(e)
    }
}

/// A sync error says what failed underneath: the link, the replica, or the server's
/// message (its words are the shared `sync.*` ones, or "the server sent changes that do
/// not fit", whose details are for the log).
impl Localized for SyncError {
    fn code(&self) -> &'static str {
        match self {
            SyncError::Transport(e) => e.code(),
            SyncError::Replica(e) => e.code(),
            SyncError::Apply(_) => "link.bad_ops",
            SyncError::Wire(e) => e.code(),
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            SyncError::Transport(e) => e.args(),
            SyncError::Replica(e) => e.args(),
            SyncError::Apply(_) => Vec::new(),
            SyncError::Wire(e) => e.args(),
        }
    }
}

impl SyncError {
    /// Whether trying again later may help.
    pub fn is_retryable(&self) -> bool {
        match self {
            SyncError::Transport(t) => t.is_retryable(),
            SyncError::Wire(_) => true,
            // Room may be made on the disk meanwhile; nothing of the round was kept.
            SyncError::Replica(ReplicaError::DiskFull) => true,
            SyncError::Replica(_) | SyncError::Apply(_) => false,
        }
    }
}

/// This device's own ops the server is not known to hold, oldest first.
pub fn waiting<'a>(
    doc: &'a DesaDoc,
    me: &'a Enrollment,
    server: &'a Clock,
) -> impl Iterator<Item = &'a Op> {
    doc.missing_from(server)
        .filter(move |op| op.dot.actor == me.actor)
}

/// What to send: this device's waiting ops first, then, for each other actor the server
/// is behind on, its ops up to the furthest seal this device holds that fits in what is
/// left of the message limit (a run handed back must end exactly at a seal), in an
/// order the server can apply.
async fn outgoing(
    replica: &Replica,
    doc: &DesaDoc,
    me: &Enrollment,
    server: &Clock,
) -> Result<(Vec<Op>, Vec<Seal>), ReplicaError> {
    let own = usize::try_from(
        doc.clock()
            .get(&me.actor)
            .saturating_sub(server.get(&me.actor)),
    )
    .unwrap_or(usize::MAX);
    let mut budget = MAX_OPS_PER_MESSAGE.saturating_sub(own);
    let mut upto: HashMap<ActorId, u64> = HashMap::new();
    let mut seals = Vec::new();
    for (actor, held) in &doc.clock().dots {
        let from = server.get(actor);
        if *actor == me.actor || *held <= from {
            continue;
        }
        let best = replica
            .seals_of(*actor)
            .await?
            .into_iter()
            .filter(|s| s.counter > from && s.counter <= *held)
            .filter(|s| usize::try_from(s.counter - from).is_ok_and(|n| n <= budget))
            .max_by_key(|s| s.counter);
        if let Some(seal) = best {
            budget -= usize::try_from(seal.counter - from).unwrap_or(budget);
            upto.insert(*actor, seal.counter);
            seals.push(seal);
        }
    }
    let ops = doc
        .missing_from(server)
        .filter(|op| {
            op.dot.actor == me.actor
                || upto
                    .get(&op.dot.actor)
                    .is_some_and(|u| op.dot.counter <= *u)
        })
        .take(MAX_OPS_PER_MESSAGE)
        .cloned()
        .collect();
    Ok((ops, seals))
}

/// Checks the server's ops against its seals and this device's chains: every actor's
/// new ops must continue the chain this device holds and end at a seal that verifies
/// with the server's key. Returns the new links and the seals to keep.
fn verify(
    me: &Enrollment,
    chains: &HashMap<ActorId, (u64, Chain)>,
    response: &SyncResponse,
) -> Result<Received, ReplicaError> {
    let Some(key) = me.server_key else {
        // Enrolled before seals existed: nothing to check against (and nothing to
        // hand back later).
        return Ok(Received::default());
    };
    let mut received = Received::default();
    let mut next: HashMap<ActorId, (u64, Chain)> = HashMap::new();
    for op in response.ops.0.iter().filter(|op| op.dot.actor != me.actor) {
        let actor = op.dot.actor;
        let (counter, chain) = next
            .get(&actor)
            .or_else(|| chains.get(&actor))
            .copied()
            .unwrap_or((0, Chain::START));
        if op.dot.counter != counter + 1 {
            return Err(ReplicaError::BadSeal(op.id().to_string()));
        }
        let link = chain
            .next(me.desa, op)
            .map_err(|reason| ReplicaError::UnreadableOp {
                op: op.id().to_string(),
                reason,
            })?;
        next.insert(actor, (op.dot.counter, link));
    }
    // The server seals every actor in its page, this device's own ops too when it sends
    // them back (after a doctor or a restore); those need no seal here.
    let sealed: BTreeSet<ActorId> = response
        .seals
        .iter()
        .map(|s| s.actor)
        .filter(|a| *a != me.actor)
        .collect();
    for (actor, (counter, chain)) in &next {
        let seal = response
            .seals
            .iter()
            .find(|s| s.actor == *actor && s.counter == *counter);
        match seal {
            Some(seal) if key.verify(me.desa, seal, *chain) => received.seals.push(*seal),
            _ => return Err(ReplicaError::BadSeal(format!("{actor}.{counter}"))),
        }
    }
    // A seal for an actor whose ops did not come: name the actor.
    if let Some(actor) = sealed.iter().find(|a| !next.contains_key(a)) {
        return Err(ReplicaError::BadSeal(actor.to_string()));
    }
    received.chains = next;
    Ok(received)
}

/// Syncs until the server has every op of this device (and every op it lost that this
/// device can hand back), and this device every op of the server (or `MAX_ROUNDS`
/// round trips).
pub async fn sync_once(replica: &Replica, transport: &impl Transport) -> Result<Report, SyncError> {
    let me = replica.require_enrollment().await?;
    let mut report = Report::default();
    loop {
        let mut doc = replica.load(me.desa).await?;
        let server_have = replica.server_have().await?;
        let (ops, seals) = outgoing(replica, &doc, &me, &server_have).await?;
        let handed_back = ops.iter().filter(|op| op.dot.actor != me.actor).count();
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            desa: me.desa,
            have: doc.clock().clone(),
            ops: ops.into(),
            seals,
            device_time: UnixTime(now()),
        };
        let sent = request.ops.0.len();
        let body = Format::Binary.encode(&request)?;
        let answer = transport.sync(&me.token, body).await?;
        let response = Format::Binary.decode_response(&answer)?;
        report.rounds += 1;
        report.sent += sent;
        report.handed_back += handed_back;

        // Check the server's ops fit and are sealed before storing any, then store
        // them with the server's vector in one transaction.
        let received = verify(&me, &replica.chains().await?, &response)?;
        let mut new_ops = Vec::new();
        for op in &response.ops.0 {
            if doc.apply(op.clone())? == antar_shared::doc::Applied::New {
                new_ops.push(op.clone());
            }
        }
        report.received += new_ops.len();
        replica
            .store_received(
                &new_ops,
                &received,
                &response.have,
                now(),
                response.server_time.0,
            )
            .await?;
        replica.clear_last_error().await?;
        // Ops set aside by `doctor` that are back, or fit again (own ones are then sent
        // by the next round); and the restore guard, once the server has no more own ops.
        replica.after_sync(&me, &mut doc, &response.have).await?;
        report.skew = UnixTime(now()).skew_against(response.server_time);
        let mine = doc.clock().get(&me.actor);
        let acknowledged = response.have.get(&me.actor);
        report.waiting = usize::try_from(mine.saturating_sub(acknowledged)).unwrap_or(usize::MAX);
        // The server lost ops this device can hand back: another round does it, as long
        // as the last one made progress.
        let (pending, _) = outgoing(replica, &doc, &me, &response.have).await?;
        let hand_back = pending.iter().any(|op| op.dot.actor != me.actor)
            && (handed_back == 0 || response.have != server_have);
        let done = !response.more && acknowledged >= mine && !hand_back;
        if done || report.rounds >= MAX_ROUNDS {
            return Ok(report);
        }
    }
}

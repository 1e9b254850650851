//! The sync endpoint's logic: one round trip merges a device's ops and answers with
//! what it lacks (see `docs/custody.md` and the sync protocol in `antar_shared::sync`).
//!
//! Scope: a device may send ops only for its own desa, and as its own actor, except ops
//! it hands back to a server that lost them (restored from an older backup): those must
//! carry the server's own seal over them. Every op passes the one checker the agent
//! runs too, custody rules included, judged against what its author saw. Durability:
//! the response's version vector is read after the merge commits, so it acknowledges
//! only stored ops; ops that arrive before what they depend on are not acknowledged, and
//! the device sends them again from where the server's vector says.

use std::collections::{BTreeMap, BTreeSet};

use antar_shared::doc::{ActorId, Applied, ApplyError, Clock, Op};
use antar_shared::sync::{OpBatch, PROTOCOL_VERSION, PublicKey, Seal, SyncRequest, SyncResponse};
use antar_shared::time::UnixTime;
use crdts::CmRDT;

use crate::error::{AppError, ErrorKind};
use crate::store::devices::Device;
use crate::store::document::{DocWriter, WriteError};
use crate::store::{Store, now};

/// Ops per response page (see [`antar_shared::sync::PAGE_OPS`]).
pub const PAGE_OPS: usize = antar_shared::sync::PAGE_OPS;

/// What a sync did, for logs and metrics.
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncStats {
    /// Ops newly stored.
    pub merged: usize,
    /// Ops already held (replays, retries).
    pub duplicates: usize,
    /// Ops of other actors this server had lost and got back from the device.
    pub recovered: usize,
    /// Ops sent back.
    pub sent: usize,
}

/// Handles one sync request from an authenticated, unrevoked device.
pub async fn sync(
    store: &Store,
    device: &Device,
    mut request: SyncRequest,
) -> Result<(SyncResponse, SyncStats), AppError> {
    if request.desa != device.desa {
        return Err(AppError::new(ErrorKind::Forbidden, "sync.wrong_desa")
            .arg("enrolled", device.desa)
            .arg("asked", request.desa));
    }
    let actor = ActorId(u32::try_from(device.id).map_err(AppError::internal)?);
    check_authorship(actor, &request.ops.0, &request.seals)?;

    let now = now();
    let mut stats = SyncStats::default();
    // What the device holds: its vector, plus the ops it just sent and we now hold.
    let mut peer = request.have.clone();
    let have = if request.ops.0.is_empty() {
        // A no-change sync writes nothing, except to refresh the device's "last seen"
        // once a minute: frequent polling then costs no disk flush.
        let have = store.clock(device.desa).await?;
        if device.last_sync_at.is_none_or(|t| now - t >= 60) {
            store
                .record_sync(device.id, now, request.device_time.0)
                .await?;
        }
        have
    } else {
        merge(
            store,
            device,
            actor,
            &mut request,
            now,
            &mut stats,
            &mut peer,
        )
        .await?
    };
    report_behind(device, &request.have, &have, actor);
    let (ops, seals, more) = store
        .missing_page_given(device.desa, &have, &peer, PAGE_OPS)
        .await?;
    stats.sent = ops.len();
    let response = SyncResponse {
        protocol: PROTOCOL_VERSION,
        have,
        ops: OpBatch(ops),
        seals,
        more,
        server_time: UnixTime(now),
    };
    Ok((response, stats))
}

/// Merges the ops a device sent, in one transaction: its own, and ops of others it
/// hands back (sealed) to a server that lost them. Records in `peer` what the device
/// now holds and in `stats` what happened; returns the document's vector after commit.
async fn merge(
    store: &Store,
    device: &Device,
    actor: ActorId,
    request: &mut SyncRequest,
    now: i64,
    stats: &mut SyncStats,
    peer: &mut Clock,
) -> Result<Clock, AppError> {
    let mut writer = store.write_document(device.desa, now).await?;
    // The device holds ops of others that this server lacks: a restore lost them.
    let server_lost = request
        .have
        .dots
        .iter()
        .any(|(a, c)| *a != actor && *c > writer.clock().get(a));
    let handed_back = verify_handed_back(&mut writer, store.public_key(), actor, request).await?;
    let mut recovered: BTreeMap<ActorId, (u64, u64)> = BTreeMap::new();
    for op in std::mem::take(&mut request.ops.0) {
        let dot = op.dot;
        let relayed = dot.actor != actor;
        if relayed
            && dot.counter > writer.clock().get(&dot.actor)
            && !handed_back.contains(&dot.actor)
        {
            // Sealed ops that do not continue what the server holds: the device sends
            // them again from where the answer's vector says.
            continue;
        }
        match writer.append(op).await {
            Ok(Applied::New) => {
                stats.merged += 1;
                if relayed {
                    stats.recovered += 1;
                    let range = recovered
                        .entry(dot.actor)
                        .or_insert((dot.counter, dot.counter));
                    range.1 = dot.counter;
                }
                peer.apply(dot);
            }
            Ok(Applied::Duplicate) => {
                stats.duplicates += 1;
                peer.apply(dot);
            }
            // The server lacks what this op depends on (an earlier op of the device,
            // or ops a restore lost that nobody has handed back yet): keep what fits;
            // the answer's vector makes the device send the rest again. An op that
            // depends on what even its device does not hold is refused.
            Err(WriteError::Apply(e)) if waits_for_lost(&e, &request.have, server_lost) => {
                break;
            }
            Err(e) => return Err(e.into()),
        }
    }
    for (from, (first, last)) in recovered {
        tracing::warn!(
            desa = %device.desa, device = device.id, actor = %from, first, last,
            "recovered ops this server had lost (restored from an older backup?) from a desa device"
        );
        writer.record_recovery(device.id, from, first, last).await?;
    }
    writer.record_sync(device.id, request.device_time.0).await?;
    Ok(writer.commit().await?)
}

/// Whether an op that does not fit yet waits for ops this server lost: an earlier op
/// of the same actor, something its `seen` names that the device holds, or a dispatch
/// whose Issue may be among ops a restore lost.
fn waits_for_lost(e: &ApplyError, device_have: &Clock, server_lost: bool) -> bool {
    match e {
        ApplyError::Gap { .. } => true,
        ApplyError::SeenUnknown { seen, .. } => device_have.get(&seen.actor) >= seen.counter,
        ApplyError::UnknownDispatch(_) => server_lost,
        _ => false,
    }
}

/// Refuses ops reserved to Dukcapil, and ops of another actor that come without a seal
/// for that actor (a device writes only as itself; it may only hand back what the
/// server itself sealed).
fn check_authorship(actor: ActorId, ops: &[Op], seals: &[Seal]) -> Result<(), AppError> {
    let sealed: BTreeSet<ActorId> = seals.iter().map(|s| s.actor).collect();
    for op in ops {
        if op.dot.actor == actor && op.body.server_only() {
            return Err(AppError::new(ErrorKind::Forbidden, "sync.server_only_op")
                .arg("kind", op.body.name()));
        }
        if op.dot.actor != actor && !sealed.contains(&op.dot.actor) {
            return Err(AppError::new(ErrorKind::Forbidden, "sync.forged_actor")
                .arg("actor", actor)
                .arg("as", op.dot.actor));
        }
    }
    Ok(())
}

/// For each other actor whose ops the device hands back: checks that the ops continue
/// the chain the server holds and end exactly at a seal the server made. Returns the
/// actors whose ops may be stored; runs that do not end at a seal wait for a later
/// round; a seal that does not verify (altered ops) refuses the whole sync.
async fn verify_handed_back(
    writer: &mut DocWriter,
    key: PublicKey,
    device: ActorId,
    request: &SyncRequest,
) -> Result<BTreeSet<ActorId>, AppError> {
    let mut runs: BTreeMap<ActorId, Vec<&Op>> = BTreeMap::new();
    for op in &request.ops.0 {
        if op.dot.actor != device && op.dot.counter > writer.clock().get(&op.dot.actor) {
            runs.entry(op.dot.actor).or_default().push(op);
        }
    }
    let mut verified = BTreeSet::new();
    for (actor, run) in runs {
        let have = writer.clock().get(&actor);
        let contiguous = run
            .iter()
            .zip(have + 1..)
            .all(|(op, counter)| op.dot.counter == counter);
        let Some(last) = run.last().map(|op| op.dot.counter) else {
            continue;
        };
        if !contiguous {
            continue;
        }
        // A run cut before its seal (a message limit) is left for a later round; only a
        // run that ends at a seal can be checked.
        let Some(seal) = request
            .seals
            .iter()
            .find(|s| s.actor == actor && s.counter == last)
        else {
            continue;
        };
        let chain = writer
            .chain_of(actor)
            .await
            .map_err(AppError::from)?
            .over(writer.desa(), run.iter().copied())
            .map_err(AppError::internal)?;
        if key.verify(writer.desa(), seal, chain) {
            verified.insert(actor);
        } else {
            tracing::warn!(%actor, from = have + 1, to = last, "handed-back ops do not match the server's seal");
            return Err(bad_seal(actor));
        }
    }
    Ok(verified)
}

fn bad_seal(actor: ActorId) -> AppError {
    AppError::new(ErrorKind::Forbidden, "sync.bad_seal").arg("actor", actor)
}

/// Logs, loudly, when a device holds ops of other actors that this server lacks: the
/// server was restored from an older backup. The device hands them back in its next
/// round trip.
fn report_behind(device: &Device, device_have: &Clock, server_have: &Clock, own: ActorId) {
    let behind: Vec<String> = device_have
        .dots
        .iter()
        .filter(|(a, c)| **a != own && **c > server_have.get(a))
        .map(|(a, c)| format!("{a}: {} < {c}", server_have.get(a)))
        .collect();
    if !behind.is_empty() {
        tracing::warn!(
            desa = %device.desa, device = device.id, behind = behind.join(", "),
            "this server lacks ops a desa device holds; asking the device to hand them back"
        );
    }
}

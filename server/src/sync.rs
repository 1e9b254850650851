//! The sync endpoint's logic: one round trip merges a device's ops and answers with
//! what it lacks (DESIGN.md, "Sync protocol").
//!
//! Invariant 4 is enforced here: a device may send ops only for its own desa and only
//! as its own actor, never server-only ops (issue, dispatch, recall). Invariant 1: the
//! response's version vector is read after the merge commits, so it acknowledges only
//! stored ops; ops that arrive after a gap (the server lost some in a restore) are not
//! acknowledged, and the device sends them again from where the server's vector says.

use antar_shared::doc::{ActorId, ApplyError, Clock, Op, OpBody, Outcome, Resolution};
use antar_shared::sync::{OpBatch, PROTOCOL_VERSION, SyncRequest, SyncResponse};
use antar_shared::time::UnixTime;
use crdts::CmRDT;

use crate::error::{AppError, ErrorKind};
use crate::store::devices::Device;
use crate::store::document::WriteError;
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
    /// Ops sent back.
    pub sent: usize,
}

/// Handles one sync request from an authenticated, unrevoked device.
pub async fn sync(
    store: &Store,
    device: &Device,
    request: SyncRequest,
) -> Result<(SyncResponse, SyncStats), AppError> {
    if request.desa != device.desa {
        return Err(AppError::new(
            ErrorKind::Forbidden,
            "sync.wrong_desa",
            format!(
                "Perangkat ini terdaftar untuk desa {}, bukan {}",
                device.desa, request.desa
            ),
            format!(
                "This device is enrolled for desa {}, not {}",
                device.desa, request.desa
            ),
        ));
    }
    let actor = ActorId(u32::try_from(device.id).map_err(AppError::internal)?);
    check_authorship(actor, &request.ops.0)?;

    let now = now();
    let mut stats = SyncStats::default();
    // What the device holds: its vector, plus the ops it just sent and we now hold.
    let mut peer = request.have.clone();
    let sent_ops = !request.ops.0.is_empty();
    let have = if sent_ops {
        let mut writer = store.write_document(device.desa, now).await?;
        check_not_behind(actor, &request.have, writer.clock())?;
        for op in request.ops.0 {
            let dot = op.dot;
            if let OpBody::Resolve {
                dispatch,
                choice: Resolution::Outcome(Outcome::Recalled(_)),
                ..
            } = &op.body
            {
                // Only Dukcapil recalls: a device may keep a recall that exists, not make one.
                let recalled = writer.state(*dispatch).await?.is_some_and(|s| {
                    s.outcomes()
                        .iter()
                        .any(|o| matches!(o.value, Outcome::Recalled(_)))
                });
                if !recalled {
                    return Err(server_only(&op));
                }
            }
            match writer.append(op).await {
                Ok(antar_shared::doc::Applied::New) => {
                    stats.merged += 1;
                    peer.apply(dot);
                }
                Ok(antar_shared::doc::Applied::Duplicate) => {
                    stats.duplicates += 1;
                    peer.apply(dot);
                }
                // The server lacks earlier ops of this device (restored from a backup):
                // keep what fits; the response's vector makes the device resend the rest.
                Err(WriteError::Apply(ApplyError::Gap { .. })) => break,
                Err(e) => return Err(e.into()),
            }
        }
        writer.record_sync(device.id, request.device_time.0).await?;
        writer.commit().await?
    } else {
        // A no-change sync writes nothing, except to refresh the device's "last seen"
        // once a minute: frequent polling then costs no disk flush.
        let have = store.clock(device.desa).await?;
        check_not_behind(actor, &request.have, &have)?;
        if device.last_sync_at.is_none_or(|t| now - t >= 60) {
            store
                .record_sync(device.id, now, request.device_time.0)
                .await?;
        }
        have
    };
    let (ops, more) = store
        .missing_page_given(device.desa, &have, &peer, PAGE_OPS)
        .await?;
    stats.sent = ops.len();
    let response = SyncResponse {
        protocol: PROTOCOL_VERSION,
        have,
        ops: OpBatch(ops),
        more,
        server_time: UnixTime(now),
    };
    Ok((response, stats))
}

/// Refuses ops written under another actor or reserved to the server.
fn check_authorship(actor: ActorId, ops: &[Op]) -> Result<(), AppError> {
    for op in ops {
        if op.dot.actor != actor {
            return Err(AppError::new(
                ErrorKind::Forbidden,
                "sync.forged_actor",
                format!(
                    "Perangkat {actor} mengirim perubahan atas nama {}; ditolak",
                    op.dot.actor
                ),
                format!("Device {actor} sent a change as {}; refused", op.dot.actor),
            ));
        }
        if op.body.server_only() {
            return Err(server_only(op));
        }
    }
    Ok(())
}

fn server_only(op: &Op) -> AppError {
    AppError::new(
        ErrorKind::Forbidden,
        "sync.server_only_op",
        format!(
            "Perubahan jenis {} hanya boleh dibuat Dukcapil",
            op.body.name()
        ),
        format!(
            "Changes of kind {} can only be made by Dukcapil",
            op.body.name()
        ),
    )
}

/// A device holding ops of the server or of another device that the server itself no
/// longer has means the server lost data (restored from an older backup). Merging on
/// would let the server hand out the lost op ids again with other content, so the sync
/// is refused, loudly, until an operator restores the data. (The device's own ops are
/// different: it simply sends them again.)
fn check_not_behind(
    device: ActorId,
    device_have: &Clock,
    server_have: &Clock,
) -> Result<(), AppError> {
    let lost = device_have
        .dots
        .iter()
        .find(|(a, c)| **a != device && **c > server_have.get(a));
    match lost {
        None => Ok(()),
        Some((a, c)) => {
            tracing::error!(actor = %a, device_has = c, server_has = server_have.get(a), "server is behind a device: data lost?");
            Err(AppError::new(
                ErrorKind::Conflict,
                "sync.server_behind",
                format!(
                    "Server Dukcapil tidak memiliki data yang sudah ada di perangkat ini ({a} sampai {c}); \
                     server mungkin dipulihkan dari cadangan lama. Hubungi Dukcapil; data di perangkat ini aman."
                ),
                format!(
                    "The Dukcapil server lacks data this device holds ({a} up to {c}); it may have been \
                     restored from an old backup. Contact Dukcapil; this device's data is safe."
                ),
            ))
        }
    }
}

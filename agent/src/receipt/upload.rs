//! Before each sync: have the receipt key certified if it is not yet (a device enrolled
//! before receipts existed), then send the receipts of this device's new handovers, so
//! the server holds each one before the handover op arrives and the resident's
//! "handed over" notice can carry it.
//!
//! Receipts start with the first sync after enrollment (or after an upgrade to a
//! version with receipts): a device's older handovers are not sent.
//!
//! Like the signature images, this never fails a sync: a refused or broken upload is
//! logged and tried again before the next sync.

use antar_shared::doc::OpBody;
use antar_shared::receipt::{DeviceCertificate, DeviceKey};
use serde::{Deserialize, Serialize};

use crate::replica::{Enrollment, Replica, ReplicaError};
use crate::transport::{Http, TransportError};

/// Receipts per request (the server takes at most 100).
const CHUNK: usize = 100;

/// What went wrong, for the log: the sync goes on either way.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The replica failed.
    #[error(transparent)]
    Replica(#[from] ReplicaError),
    /// The link or the server.
    #[error(transparent)]
    Link(#[from] TransportError),
    /// The server's certificate does not name this device's key (or does not verify).
    #[error("the server's certificate does not fit this device's receipt key")]
    BadCertificate,
}

#[derive(Serialize)]
struct KeyBody {
    receipt_key: String,
}

#[derive(Deserialize)]
struct KeyAnswer {
    receipt_certificate: String,
}

#[derive(Serialize)]
struct Upload<'a> {
    receipts: &'a [String],
}

#[derive(Deserialize)]
struct Uploaded {
    stored: usize,
    refused: Vec<serde_json::Value>,
}

/// Certifies the key if needed and uploads new receipts; how many the server kept.
pub async fn before_sync(
    replica: &Replica,
    http: &Http,
    me: &Enrollment,
) -> Result<usize, UploadError> {
    let key = replica.receipt_key().await?;
    let Some(certificate) = certified(replica, http, me, &key).await? else {
        return Ok(0);
    };
    let own = replica.own_counter(me.actor).await?;
    let Some(from) = replica.receipts_sent_through().await? else {
        // The first time (a new device, or one upgraded to receipts): from now on.
        // An upgraded device's past handovers were announced long ago, and sending
        // them all would cost a 2G link megabytes for nothing.
        replica.set_receipts_sent_through(own).await?;
        return Ok(0);
    };
    if own <= from {
        return Ok(0);
    }
    let doc = replica.current(me.desa).await?;
    let mut pending: Vec<(u64, String)> = Vec::new();
    for op in doc
        .ops()
        .filter(|op| op.dot.actor == me.actor && op.dot.counter > from)
    {
        let OpBody::Handover {
            dispatch, handover, ..
        } = &op.body
        else {
            continue;
        };
        let Some(state) = doc.dispatch(*dispatch) else {
            continue;
        };
        let statement = super::of_handover(me, dispatch.0, state.issue.kind, op.time, handover);
        match key.sign(&statement, &certificate) {
            Ok(text) => pending.push((op.dot.counter, text)),
            Err(e) => tracing::warn!(error = %e, "a receipt could not be made"),
        }
    }
    pending.sort_by_key(|(counter, _)| *counter);
    let mine = doc.clock().get(&me.actor);
    let mut kept = 0;
    for chunk in pending.chunks(CHUNK) {
        let texts: Vec<String> = chunk.iter().map(|(_, t)| t.clone()).collect();
        let answer: Uploaded = http
            .post_json_as(&me.token, "/api/v1/receipts", &Upload { receipts: &texts })
            .await?;
        kept += answer.stored;
        if !answer.refused.is_empty() {
            tracing::warn!(
                refused = answer.refused.len(),
                "the server refused receipts"
            );
        }
        if let Some((counter, _)) = chunk.last() {
            replica.set_receipts_sent_through(*counter).await?;
        }
    }
    // Ops after the last handover need no receipt: next time starts after them.
    replica.set_receipts_sent_through(mine.max(from)).await?;
    Ok(kept)
}

/// The certificate of this device's key: the one kept, or a new one from the server.
async fn certified(
    replica: &Replica,
    http: &Http,
    me: &Enrollment,
    key: &DeviceKey,
) -> Result<Option<DeviceCertificate>, UploadError> {
    if let Some(kept) = replica.receipt_certificate().await?
        && fits(&kept, me, key)
    {
        return Ok(Some(kept));
    }
    let Some(server_key) = me.server_key else {
        // Enrolled before the server had a key: nothing could check a receipt.
        return Ok(None);
    };
    let answer: KeyAnswer = http
        .post_json_as(
            &me.token,
            "/api/v1/receipt-key",
            &KeyBody {
                receipt_key: key.public().to_hex(),
            },
        )
        .await?;
    let certificate = DeviceCertificate::from_hex(&answer.receipt_certificate)
        .filter(|c| c.open(server_key).is_ok() && fits(c, me, key))
        .ok_or(UploadError::BadCertificate)?;
    replica.set_receipt_certificate(&certificate).await?;
    tracing::info!("receipt key certified by the server");
    Ok(Some(certificate))
}

/// Whether a certificate names this device, its desa and its key.
pub fn fits(certificate: &DeviceCertificate, me: &Enrollment, key: &DeviceKey) -> bool {
    certificate
        .read()
        .is_ok_and(|c| c.key == key.public() && c.device == me.actor && c.desa == me.desa)
}

//! Sending evidence blobs (signature images) to the server after a sync.
//!
//! Runs only after a successful op sync, so the server already holds the handover that
//! names each blob. Each blob is one idempotent `PUT` by content hash; one that fails
//! stays queued for the next round and never fails the sync: the op, which is what
//! matters for the document's whereabouts, has already arrived.

use crate::now;
use crate::replica::{Enrollment, Replica, ReplicaError};
use crate::transport::Transport;

/// How many blobs one round sends at most (a month of signatures is far fewer; the
/// bound keeps one round short on a slow link).
const MAX_PER_ROUND: u32 = 50;

/// What one upload round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uploads {
    /// Blobs the server now holds.
    pub sent: usize,
    /// Blobs that failed this round (retried next round).
    pub failed: usize,
}

/// Uploads the blobs the server does not have yet. Only the local replica failing is
/// an error; a refused or broken upload is counted, logged and retried later.
pub async fn upload_pending(
    replica: &Replica,
    transport: &impl Transport,
    me: &Enrollment,
) -> Result<Uploads, ReplicaError> {
    let mut done = Uploads::default();
    for hash in replica.pending_blobs(MAX_PER_ROUND).await? {
        let Some((content_type, bytes)) = replica.blob(hash).await? else {
            continue;
        };
        match transport
            .put_blob(&me.token, &hash.to_hex(), &content_type, bytes)
            .await
        {
            Ok(()) => {
                replica.mark_uploaded(hash, now()).await?;
                done.sent += 1;
            }
            Err(e) => {
                tracing::warn!(blob = %hash.to_hex(), error = %e, "blob upload failed; retrying next round");
                done.failed += 1;
                if e.is_retryable() {
                    // The link is down or the server struggles: stop this round.
                    break;
                }
            }
        }
    }
    Ok(done)
}

//! `antar-agent sync`: the receipts of new handovers, one sync now, then the signature
//! images that follow it.

use antar_shared::i18n::Tr;

use super::output::{note, skew_warning};
use super::replica_failure;
use crate::failure::Failure;
use crate::replica::Replica;
use crate::sync::SyncError;
use crate::transport::Http;
use crate::upload;

/// Syncs once; a failure is recorded for `status` and the clerk's banner.
pub async fn run(replica: &Replica, tr: Tr) -> Result<(), Failure> {
    let me = replica
        .require_enrollment()
        .await
        .map_err(replica_failure(replica.dir()))?;
    let synced = match Http::new(&me.server) {
        Ok(http) => {
            // Receipts first, so the server holds them when the handovers arrive; a
            // failure waits for the next sync.
            if let Err(e) = crate::receipt::upload::before_sync(replica, &http, &me).await {
                tracing::warn!(error = %e, "receipt upload skipped");
            }
            crate::sync::sync_once(replica, &http)
                .await
                .map(|report| (http, report))
        }
        Err(e) => Err(SyncError::Transport(e)),
    };
    let (http, report) = match synced {
        Ok(done) => done,
        Err(e) => {
            let failure = Failure::from(e);
            let _ = replica.set_last_error(&failure.notice()).await;
            return Err(failure);
        }
    };
    note(tr.t3(
        "agent-sync-done",
        ("sent", &report.sent),
        ("received", &report.received),
        ("waiting", &report.waiting),
    ));
    if let Some(skew) = report.skew {
        note(skew_warning(tr, skew));
    }
    // Signature images follow the ops; a failed upload waits for the next sync and
    // does not fail this one.
    let up = upload::upload_pending(replica, &http, &me).await?;
    if up.sent > 0 || up.failed > 0 {
        note(tr.t2("agent-signatures", "sent", up.sent, "failed", up.failed));
    }
    Ok(())
}

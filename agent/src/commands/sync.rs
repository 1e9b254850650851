//! `antar-agent sync`: one sync now, then the signature images that follow it.

use antar_shared::Lang;

use super::output::{note, skew_warning, tell};
use super::replica_failure;
use crate::failure::{Failure, sync_failure};
use crate::replica::Replica;
use crate::transport::Http;
use crate::upload;

/// Syncs once; a failure is recorded for `status` and the clerk's banner.
pub async fn run(replica: &Replica, lang: Lang) -> Result<(), Failure> {
    let me = replica
        .require_enrollment()
        .await
        .map_err(replica_failure(replica.dir()))?;
    let http = Http::new(&me.server)?;
    let report = match crate::sync::sync_once(replica, &http).await {
        Ok(report) => report,
        Err(e) => {
            let failure = sync_failure(&e);
            let _ = replica.set_last_error(&failure.id, &failure.en).await;
            return Err(failure);
        }
    };
    tell(
        lang,
        &format!(
            "Sinkron selesai: {} dikirim, {} diterima, {} menunggu.",
            report.sent, report.received, report.waiting
        ),
        &format!(
            "Sync done: {} sent, {} received, {} waiting.",
            report.sent, report.received, report.waiting
        ),
    );
    if let Some(skew) = report.skew {
        note(skew_warning(lang, skew));
    }
    // Signature images follow the ops; a failed upload waits for the next sync and
    // does not fail this one.
    let up = upload::upload_pending(replica, &http, &me).await?;
    if up.sent > 0 || up.failed > 0 {
        tell(
            lang,
            &format!(
                "Tanda tangan: {} terkirim, {} menunggu sinkron berikutnya.",
                up.sent, up.failed
            ),
            &format!(
                "Signatures: {} sent, {} waiting for the next sync.",
                up.sent, up.failed
            ),
        );
    }
    Ok(())
}

//! `antar-agent run`: the clerk's web UI and the background sync loop, in one process
//! on the office PC.
//!
//! The UI starts first, so a device that is not enrolled yet shows the enrollment page;
//! the loop starts syncing as soon as the device is enrolled (from the page, or from the
//! `enroll` command in another window).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use antar_shared::i18n::Tr;

use crate::causes::chain;
use crate::commands::output::note;
use crate::control::SyncControl;
use crate::failure::Failure;
use crate::replica::{Enrollment, Replica, ReplicaError};
use crate::sync::SyncError;
use crate::transport::Http;
use crate::{sync, upload, web};
use antar_shared::i18n::io_why;

/// Runs the UI (when `ui` is set) and the sync loop until Ctrl+C.
pub async fn run(
    replica: &Replica,
    tr: Tr,
    interval: Duration,
    ui: Option<SocketAddr>,
) -> Result<(), Failure> {
    let control = Arc::new(SyncControl::default());
    if let Some(addr) = ui {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            Failure::new("command.ui_bind")
                .arg("address", addr)
                .arg("why", io_why(&e))
                .caused_by(e)
        })?;
        let bound = listener.local_addr().unwrap_or(addr);
        let state = web::Ui::new(replica.clone(), control.clone(), bound);
        tokio::spawn(async move {
            if let Err(e) = web::serve(listener, state).await {
                tracing::error!(error = %chain(&e), "the clerk's UI stopped");
            }
        });
        note(tr.t1("agent-ui-open", "address", bound));
        if !bound.ip().is_loopback() {
            note(tr.t("agent-ui-open-network"));
        }
    }
    let Some(me) = wait_for_enrollment(replica, tr, ui.is_some()).await? else {
        return Ok(());
    };
    run_loop(replica, tr, interval, &me, &control).await
}

/// The enrollment, waiting for the clerk to enroll from the UI if there is one.
/// `None` when stopped with Ctrl+C first.
async fn wait_for_enrollment(
    replica: &Replica,
    tr: Tr,
    ui: bool,
) -> Result<Option<Enrollment>, Failure> {
    let mut told = false;
    loop {
        if let Some(me) = replica.enrollment().await? {
            return Ok(Some(me));
        }
        if !ui {
            return Err(ReplicaError::NotEnrolled.into());
        }
        if !told {
            note(tr.t("agent-enroll-in-browser"));
            told = true;
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = tokio::signal::ctrl_c() => return Ok(None),
        }
    }
}

/// The background loop: sync on an interval, soon after a local change, at once when
/// the clerk asks, and back off with jitter while the server is unreachable. After each
/// successful sync, the signature images follow.
async fn run_loop(
    replica: &Replica,
    tr: Tr,
    interval: Duration,
    me: &Enrollment,
    control: &SyncControl,
) -> Result<(), Failure> {
    let http = Http::new(&me.server).map_err(|e| Failure::from(SyncError::Transport(e)))?;
    note(tr.t1("agent-running", "desa", me.desa));
    let mut backoff = Duration::from_secs(2);
    let mut last_len = i64::MIN;
    let mut next_sync = tokio::time::Instant::now();
    let mut next_backup = tokio::time::Instant::now();
    loop {
        let now_i = tokio::time::Instant::now();
        if now_i >= next_backup {
            // Checked hourly, made once per day: a PC that is off at night still gets
            // its backup when it is switched on.
            daily_backup(replica).await;
            next_backup = now_i + Duration::from_secs(3600);
        }
        let len = replica.change_marker().await.unwrap_or(last_len);
        if len != last_len && last_len != i64::MIN {
            // A local change: sync soon (a few seconds, so a run of scans goes together).
            next_sync = next_sync.min(now_i + Duration::from_secs(3));
        }
        if now_i >= next_sync {
            // Receipts first, so the server holds them when the handovers arrive.
            match crate::receipt::upload::before_sync(replica, &http, me).await {
                Ok(0) => {}
                Ok(kept) => tracing::info!(kept, "receipts uploaded"),
                Err(e) => tracing::warn!(error = %chain(&e), "receipt upload skipped"),
            }
            match sync::sync_once(replica, &http).await {
                Ok(report) => {
                    tracing::info!(
                        sent = report.sent,
                        received = report.received,
                        waiting = report.waiting,
                        "synced"
                    );
                    match upload::upload_pending(replica, &http, me).await {
                        Ok(up) if up.sent + up.failed > 0 => {
                            tracing::info!(sent = up.sent, failed = up.failed, "blobs uploaded");
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %chain(&e), "blob upload skipped"),
                    }
                    backoff = Duration::from_secs(2);
                    next_sync = tokio::time::Instant::now() + interval;
                    control.finished(true);
                }
                Err(e) => {
                    let retryable = e.is_retryable();
                    tracing::warn!(error = %chain(&e), retryable, "sync failed");
                    // Stored as a code: the banner says it in its reader's language.
                    let _ = replica.set_last_error(&Failure::from(e).notice()).await;
                    let jitter = Duration::from_millis(
                        u64::from(random_u16()) % (backoff.as_millis() as u64 / 2 + 1),
                    );
                    next_sync = tokio::time::Instant::now() + backoff + jitter;
                    backoff = (backoff * 2).min(Duration::from_secs(300));
                    control.finished(false);
                }
            }
            last_len = replica.change_marker().await.unwrap_or(last_len);
        } else {
            last_len = len;
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            () = control.requested() => {
                // The clerk pressed "sync now": try at once, whatever the backoff.
                next_sync = tokio::time::Instant::now();
                backoff = Duration::from_secs(2);
            }
            _ = tokio::signal::ctrl_c() => return Ok(()),
        }
    }
}

/// Today's automatic backup, unless made already. A failure is logged and tried again
/// within the hour; it never stops the agent.
async fn daily_backup(replica: &Replica) {
    match replica.daily_backup(crate::now()).await {
        Ok(Some(file)) => tracing::info!(file = %file.display(), "daily backup written"),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %chain(&e), "daily backup failed"),
    }
}

/// Random bits for the backoff's jitter. A system random source that fails is no
/// reason to stop syncing: the jitter is then zero and the backoff itself still works.
fn random_u16() -> u16 {
    let mut b = [0u8; 2];
    let _ = getrandom::fill(&mut b);
    u16::from_le_bytes(b)
}

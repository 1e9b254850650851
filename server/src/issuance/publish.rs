//! Publishing: writing each new record's Issue op into its desa document.
//!
//! The NIK check value is Argon2id on purpose (see `antar_shared::nik`), so it is
//! computed on the NIK check workers (`checker`), a batch at a time, outside any
//! transaction.

use antar_shared::region::VillageCode;

use crate::error::AppError;
use crate::store::dispatches::PendingIssue;
use crate::store::{Store, now};

/// How many records one round publishes.
pub const BATCH: i64 = 64;

/// Publishes up to one batch of pending records (optionally of one desa). Returns how
/// many were published.
pub async fn publish_pending(store: &Store, desa: Option<VillageCode>) -> Result<usize, AppError> {
    let pending = store.pending_issues(desa, BATCH).await?;
    publish(store, pending).await
}

/// How long the background publisher's claim on a batch lasts: far longer than the
/// batch's checks take, short enough that a batch a dead process claimed is soon
/// published by another.
const CLAIM_SECS: i64 = 300;

/// The background publisher's round: claims up to one batch no other process is
/// publishing and publishes it. Returns (claimed, published): fewer published than
/// claimed when a command or request published some first.
pub async fn publish_claimed(store: &Store) -> Result<(usize, usize), AppError> {
    let now = now();
    let pending = store
        .claim_pending_issues(BATCH, now, now + CLAIM_SECS)
        .await?;
    let claimed = pending.len();
    Ok((claimed, publish(store, pending).await?))
}

/// Computes the pending records' NIK checks on the shared workers and writes their
/// Issue ops (one transaction each, so a record another process published meanwhile
/// is skipped, not written twice).
async fn publish(store: &Store, pending: Vec<PendingIssue>) -> Result<usize, AppError> {
    let items = pending
        .iter()
        .map(|item| (item.nik.clone(), item.tracking))
        .collect();
    let checks = super::checker::compute(items).await?;
    let mut published = 0;
    for (item, check) in pending.iter().zip(checks) {
        if store.publish_issue(item, check, now()).await? {
            published += 1;
        }
    }
    Ok(published)
}

/// Publishes every pending record (of one desa, or all), batch after batch.
pub async fn publish_all(
    store: &Store,
    desa: Option<VillageCode>,
    mut progress: impl FnMut(usize),
) -> Result<usize, AppError> {
    let mut total = 0;
    loop {
        let n = publish_pending(store, desa).await?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
        progress(total);
    }
}

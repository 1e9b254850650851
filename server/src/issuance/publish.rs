//! Publishing: writing each new record's Issue op into its desa document.
//!
//! The NIK check value is Argon2id on purpose (see `antar_shared::nik`), so it is
//! computed on the blocking thread pool, a batch at a time, outside any transaction.

use antar_shared::nik::{NikCheck, NikCheckCost};
use antar_shared::region::VillageCode;

use crate::error::AppError;
use crate::store::{Store, now};

/// How many records one round publishes.
pub const BATCH: i64 = 64;

/// Publishes up to one batch of pending records (optionally of one desa). Returns how
/// many were published.
pub async fn publish_pending(store: &Store, desa: Option<VillageCode>) -> Result<usize, AppError> {
    let pending = store.pending_issues(desa, BATCH).await?;
    let mut tasks = Vec::with_capacity(pending.len());
    for item in &pending {
        let (nik, tracking) = (item.nik.clone(), item.tracking);
        tasks.push(tokio::task::spawn_blocking(move || {
            NikCheck::compute(&nik, tracking, NikCheckCost::Standard)
        }));
    }
    let mut published = 0;
    for (item, task) in pending.iter().zip(tasks) {
        let check = task
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)?;
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

//! Publishing: writing each new record's Issue op into its desa document.
//!
//! The NIK check value is Argon2id on purpose (see `antar_shared::nik`), so it is
//! computed on the blocking thread pool, a batch at a time, outside any transaction.

use antar_shared::nik::{Nik, NikCheck, NikCheckCost};
use antar_shared::region::VillageCode;
use antar_shared::tracking::TrackingCode;

use crate::error::AppError;
use crate::store::{Store, now};

/// How many records one round publishes.
pub const BATCH: i64 = 64;

/// Publishes up to one batch of pending records (optionally of one desa). Returns how
/// many were published.
pub async fn publish_pending(store: &Store, desa: Option<VillageCode>) -> Result<usize, AppError> {
    let pending = store.pending_issues(desa, BATCH).await?;
    // One blocking task per core, each computing its share in turn: Argon2id takes
    // 19 MiB per evaluation, and a task per record would start a thread per record,
    // each keeping its own allocator arena (gigabytes of resident memory, measured).
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(1);
    let mut groups: Vec<Vec<(usize, Nik, TrackingCode)>> = vec![Vec::new(); workers];
    for (i, item) in pending.iter().enumerate() {
        groups[i % workers].push((i, item.nik.clone(), item.tracking));
    }
    let tasks: Vec<_> = groups
        .into_iter()
        .map(|group| {
            tokio::task::spawn_blocking(move || {
                group
                    .into_iter()
                    .map(|(i, nik, tracking)| {
                        (i, NikCheck::compute(&nik, tracking, NikCheckCost::Standard))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut checks = vec![None; pending.len()];
    for task in tasks {
        for (i, check) in task.await.map_err(AppError::internal)? {
            checks[i] = Some(check.map_err(AppError::internal)?);
        }
    }
    let mut published = 0;
    for (item, check) in pending.iter().zip(checks) {
        let Some(check) = check else { continue };
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

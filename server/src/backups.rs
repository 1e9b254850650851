//! Backups of the SQLite store: the one copy `antar-server backup FILE` makes, and the
//! daily copies `serve` keeps by itself (`--backup-keep N`, `--backup-dir DIR`).
//!
//! A copy is SQLite's `VACUUM INTO`: consistent while the server writes (it reads one
//! snapshot) and compact. A daily copy is written under a temporary name and renamed
//! when complete, so a power cut mid-copy never leaves a file that looks like a backup;
//! the newest N are kept and older ones removed. Daily copies sit beside the database
//! by default: they guard against a bad upgrade or a mistaken command, not against
//! losing the disk — copy the folder elsewhere for that (docs/operations.md).

use std::path::{Path, PathBuf};
use std::time::Duration;

use antar_shared::daily;

use crate::error::{AppError, ErrorKind, sqlx_why};
use crate::shutdown::Shutdown;
use crate::store::{Backend, Store, now};

/// How often `serve` looks whether today's copy exists yet.
const CHECK_EVERY: Duration = Duration::from_secs(3600);

/// Writes a consistent copy of the live SQLite database to `target` (which must not
/// exist); returns its size. A failed copy leaves nothing behind.
pub async fn copy_into(store: &Store, target: &Path) -> Result<u64, AppError> {
    if store.backend() != Backend::Sqlite {
        return Err(AppError::internal_message("backup on a non-SQLite store"));
    }
    let Some(text) = target.to_str() else {
        return Err(AppError::new(ErrorKind::BadRequest, "backup.path"));
    };
    let done = sqlx::query("VACUUM INTO $1")
        .bind(text.to_owned())
        .execute(store.pool())
        .await;
    if let Err(e) = done {
        let _ = std::fs::remove_file(target);
        return Err(AppError::new(ErrorKind::Internal, "backup.failed")
            .arg("why", sqlx_why(&e))
            .caused_by(e));
    }
    Ok(std::fs::metadata(target).map(|m| m.len()).unwrap_or(0))
}

/// The daily copies `serve` keeps.
#[derive(Clone, Debug)]
pub struct Schedule {
    /// Where they go.
    pub folder: PathBuf,
    /// How many are kept (the newest).
    pub keep: usize,
}

/// Writes the copy of the day `now` falls on, unless it exists, then removes all but
/// the newest `keep`. Returns the new file, if one was written.
pub async fn daily(
    store: &Store,
    schedule: &Schedule,
    now: i64,
) -> Result<Option<PathBuf>, AppError> {
    std::fs::create_dir_all(&schedule.folder).map_err(|e| {
        AppError::new(ErrorKind::Internal, "backup.folder")
            .arg("folder", schedule.folder.display())
            .caused_by(e)
    })?;
    let file = schedule.folder.join(daily::file_name("antar", now));
    if file.exists() {
        return Ok(None);
    }
    let partial = file.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    copy_into(store, &partial).await?;
    std::fs::rename(&partial, &file).map_err(AppError::internal)?;
    // The new name survives a power cut only once the folder is on disk.
    if let Ok(folder) = std::fs::File::open(&schedule.folder) {
        let _ = folder.sync_all();
    }
    for (old, e) in daily::prune(&schedule.folder, "antar", schedule.keep) {
        tracing::warn!(file = %old.display(), error = %e, "old daily backup not removed");
    }
    Ok(Some(file))
}

/// `serve`'s worker: today's copy at start, then each new day's, until shutdown. A
/// failed copy is logged and tried again at the next check.
pub async fn run(store: Store, schedule: Schedule, mut shutdown: Shutdown) {
    while !shutdown.is_shutdown() {
        match daily(&store, &schedule, now()).await {
            Ok(Some(file)) => tracing::info!(file = %file.display(), "daily backup written"),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(code = e.code, error = %format!("{e:#}"), "daily backup failed")
            }
        }
        tokio::select! {
            () = shutdown.recv() => break,
            () = tokio::time::sleep(CHECK_EVERY) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_copy_a_day_and_only_the_newest_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_data_dir(dir.path()).await.unwrap();
        let schedule = Schedule {
            folder: dir.path().join("backups"),
            keep: 3,
        };
        // 2026-11-30 10:00 WITA.
        let day0 = 1_796_004_000;
        let mut written = Vec::new();
        for day in 0..5 {
            let at = day0 + day * 86_400;
            let file = daily(&store, &schedule, at).await.unwrap().unwrap();
            written.push(file.file_name().unwrap().to_string_lossy().into_owned());
            // Later the same day: nothing new.
            assert_eq!(daily(&store, &schedule, at + 3600).await.unwrap(), None);
        }
        assert_eq!(written[0], "antar-20261130.db");
        let mut left: Vec<String> = std::fs::read_dir(&schedule.folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, written[2..].to_vec());
        // A copy is a whole Antar database.
        let copy = Store::open_existing_data_dir(dir.path()).await.unwrap();
        drop(copy);
        let copy = sqlx::SqlitePool::connect(&format!(
            "sqlite://{}?mode=ro",
            schedule.folder.join(&written[4]).display()
        ))
        .await
        .unwrap();
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(&copy)
            .await
            .unwrap();
        assert!(users > 0);
    }
}

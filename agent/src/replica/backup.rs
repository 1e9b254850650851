//! Backups of the replica, and the list of them kept beside it.
//!
//! A backup is a consistent snapshot taken while the agent may be running (`VACUUM
//! INTO` reads inside one transaction), readable only by its owner because it holds the
//! device token, and flushed to disk before it is listed. The list lives outside
//! `replica.db` (`backups.txt`) because it is needed exactly when `replica.db` is empty
//! or gone: to tell the clerk which file to restore.

use std::io::Write;
use std::path::{Path, PathBuf};

use antar_shared::daily;

use super::{FILE, FileAction, Replica, ReplicaError, io};

/// The list of backups in the data directory: one line per backup, `unix time<TAB>
/// absolute path`.
pub const BACKUP_LIST: &str = "backups.txt";

/// How many daily backups `run` keeps.
const DAILY_KEPT: usize = 7;

/// The backups listed for `dir` that still exist, newest first.
pub fn known_backups(dir: &Path) -> Vec<(i64, PathBuf)> {
    let Ok(text) = std::fs::read_to_string(dir.join(BACKUP_LIST)) else {
        return Vec::new();
    };
    let mut found: Vec<(i64, PathBuf)> = text
        .lines()
        .filter_map(|line| {
            let (at, path) = line.split_once('\t')?;
            Some((at.trim().parse().ok()?, PathBuf::from(path)))
        })
        .filter(|(_, path)| path.is_file())
        .collect();
    found.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    found.dedup_by(|a, b| a.1 == b.1);
    found
}

/// The newest backup listed for `dir` that still exists.
pub fn newest_backup(dir: &Path) -> Option<PathBuf> {
    known_backups(dir).into_iter().next().map(|(_, path)| path)
}

/// Adds a backup to the list (dropping lines whose file is gone), replacing the list
/// atomically so a crash leaves the old list or the new one.
fn record(dir: &Path, at: i64, path: &Path) -> Result<(), ReplicaError> {
    let mut lines: Vec<(i64, PathBuf)> = known_backups(dir)
        .into_iter()
        .filter(|(_, p)| p != path)
        .collect();
    lines.push((at, path.to_path_buf()));
    lines.sort_by_key(|(at, _)| *at);
    let text: String = lines
        .iter()
        .map(|(at, p)| format!("{at}\t{}\n", p.display()))
        .collect();
    let list = dir.join(BACKUP_LIST);
    let tmp = dir.join(format!("{BACKUP_LIST}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &list)?;
        sync_dir(dir)
    };
    write().map_err(io(FileAction::Record, &list))
}

/// Creates an empty file only the owner can read (a backup holds the device token).
pub(super) fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Flushes a directory's entries (a rename is durable only then). A no-op where
/// directories cannot be opened (Windows).
pub(super) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

impl Replica {
    /// Writes a consistent copy of the replica to `file` (replacing it atomically if it
    /// exists) and lists it in `backups.txt`. Returns the absolute path.
    pub async fn backup(&self, file: &Path) -> Result<PathBuf, ReplicaError> {
        let target = std::path::absolute(file).map_err(io(FileAction::Resolve, file))?;
        if std::path::absolute(self.dir.join(FILE)).is_ok_and(|live| live == target) {
            return Err(ReplicaError::BackupOntoItself(target));
        }
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "backup".into());
        let now = crate::now();
        let tmp = parent.join(format!(".{name}.tmp-{}-{now}", std::process::id()));
        let result = self.backup_via(&tmp, &target).await;
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result?;
        record(&self.dir, now, &target)?;
        Ok(target)
    }

    async fn backup_via(&self, tmp: &Path, target: &Path) -> Result<(), ReplicaError> {
        create_private(tmp).map_err(io(FileAction::Create, tmp))?;
        let path = tmp
            .to_str()
            .ok_or_else(|| ReplicaError::PathUnusable(tmp.to_path_buf()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&self.pool)
            .await?;
        let finish = || -> std::io::Result<()> {
            std::fs::OpenOptions::new()
                .write(true)
                .open(tmp)?
                .sync_all()?;
            std::fs::rename(tmp, target)?;
            sync_dir(target.parent().unwrap_or(Path::new(".")))
        };
        finish().map_err(io(FileAction::Write, target))
    }

    /// Today's automatic backup (`backups/replica-YYYYMMDD.db`, by the WITA date), unless
    /// it exists already; keeps the newest seven. Returns the file when one was made.
    pub async fn daily_backup(&self, now: i64) -> Result<Option<PathBuf>, ReplicaError> {
        let folder = self.dir.join("backups");
        std::fs::create_dir_all(&folder).map_err(io(FileAction::Create, &folder))?;
        let file = folder.join(daily::file_name("replica", now));
        if file.exists() {
            return Ok(None);
        }
        let made = self.backup(&file).await?;
        for (old, e) in daily::prune(&folder, "replica", DAILY_KEPT) {
            tracing::warn!(file = %old.display(), error = %e, "old daily backup not removed");
        }
        Ok(Some(made))
    }
}

//! Putting a backup in place of the replica.
//!
//! The backup is checked on a copy inside the data directory before anything is
//! replaced (a half-copied or foreign file must not become the replica), the current
//! replica is kept beside it, and the swap is one rename. The restored replica may lack
//! own ops written after the backup that the server already holds, so it carries the
//! "re-fetch own ops" guard (see `recovery.rs`) until a sync has brought them back.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use super::backup::{create_private, sync_dir};
use super::{FILE, FileAction, NotReplica, Replica, ReplicaError, connect, io, make_dir};

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Restored {
    /// The backup restored.
    pub from: PathBuf,
    /// Where the replaced replica was kept, if there was one.
    pub kept: Option<PathBuf>,
    /// Ops in the restored replica.
    pub ops: usize,
    /// Dispatches in it.
    pub dispatches: usize,
    /// Its desa (dotted code).
    pub desa: String,
    /// Its device (actor), to compare.
    pub device: u32,
    /// Its device's name, to show.
    pub device_name: String,
}

/// The file is refused; `detail` (what SQLite or the check said) is for the log.
fn refused(file: &Path, why: NotReplica, detail: impl Into<String>) -> ReplicaError {
    ReplicaError::NotAReplica {
        file: file.to_path_buf(),
        why: Box::new(why),
        detail: detail.into(),
    }
}

/// Replaces the replica of `dir` with the backup `file`. The agent (`run`) should be
/// stopped first: a process holding the old file keeps writing to it.
pub async fn restore(dir: &Path, file: &Path) -> Result<Restored, ReplicaError> {
    make_dir(dir)?;
    let now = crate::now();
    let from = std::path::absolute(file).map_err(io(FileAction::Resolve, file))?;
    let live = dir.join(FILE);
    if std::path::absolute(&live).is_ok_and(|l| l == from) {
        return Err(refused(&from, NotReplica::Live, ""));
    }
    let tmp = dir.join(format!("{FILE}.restore-{now}.tmp"));
    let copied = copy_private(&from, &tmp);
    let checked = match copied {
        Ok(()) => check(dir, &tmp, &from).await,
        Err(e) => Err(e),
    };
    let mut restored = match checked {
        Ok(r) => r,
        Err(e) => {
            remove_with_sidecars(&tmp);
            return Err(e);
        }
    };
    if let Some(this) = identity(&live).await
        && (this.actor != restored.device.to_string() || this.desa != restored.desa)
    {
        remove_with_sidecars(&tmp);
        let why = NotReplica::OtherDevice {
            device: restored.device_name.clone(),
            desa: restored.desa.clone(),
            this_device: this.name,
            this_desa: this.desa,
        };
        return Err(refused(&from, why, ""));
    }
    restored.kept = match keep_current(dir, &live, now) {
        Ok(kept) => kept,
        Err(e) => {
            remove_with_sidecars(&tmp);
            return Err(e);
        }
    };
    let swap = || -> std::io::Result<()> {
        std::fs::rename(&tmp, &live)?;
        sync_dir(dir)
    };
    if let Err(e) = swap() {
        // Put the replaced replica back rather than leave the folder without one.
        if let Some(kept) = &restored.kept {
            let _ = move_with_wal(kept, &live);
        }
        remove_with_sidecars(&tmp);
        return Err(io(FileAction::Install, &live)(e));
    }
    Ok(restored)
}

/// Copies `from` to a new owner-only file, flushed.
fn copy_private(from: &Path, to: &Path) -> Result<(), ReplicaError> {
    let mut source = std::fs::File::open(from).map_err(io(FileAction::Read, from))?;
    let mut write = || -> std::io::Result<()> {
        let mut target = create_private(to)?;
        std::io::copy(&mut source, &mut target)?;
        target.sync_all()
    };
    write().map_err(io(FileAction::Copy, to))
}

/// Checks the copy is a sound, enrolled replica whose ops all read and fit; marks it
/// as needing its own ops re-fetched; leaves it as one file (no WAL beside it).
async fn check(dir: &Path, tmp: &Path, from: &Path) -> Result<Restored, ReplicaError> {
    let pool = connect(tmp, false)
        .await
        .map_err(|e| refused(from, NotReplica::NotADatabase, crate::causes::chain(&e)))?;
    let replica = Replica {
        pool,
        dir: dir.to_path_buf(),
        kept: super::KeptDoc::default(),
    };
    let result = async {
        let integrity = replica
            .integrity_check()
            .await
            .unwrap_or_else(|e| e.to_string());
        if integrity != "ok" {
            return Err(refused(from, NotReplica::CheckFailed, integrity));
        }
        let me = replica
            .enrollment()
            .await?
            .ok_or_else(|| refused(from, NotReplica::NoEnrollment, ""))?;
        let doc = replica
            .load(me.desa)
            .await
            .map_err(|e| refused(from, NotReplica::unreadable(&e), crate::causes::chain(&e)))?;
        replica.require_refetch().await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&replica.pool)
            .await?;
        Ok(Restored {
            from: from.to_path_buf(),
            kept: None,
            ops: doc.len(),
            dispatches: doc.dispatches().count(),
            desa: me.desa.to_string(),
            device: me.actor.0,
            device_name: me.name,
        })
    }
    .await;
    replica.close().await;
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(tmp, side));
    }
    result
}

/// Whom a replica file belongs to, as its `meta` table says.
struct Identity {
    actor: String,
    desa: String,
    name: String,
}

/// The device and desa a replica file belongs to, read without changing it; `None`
/// when it cannot be read (then there is nothing to compare).
async fn identity(file: &Path) -> Option<Identity> {
    if std::fs::metadata(file).map_or(true, |m| m.len() == 0) {
        return None;
    }
    let options = SqliteConnectOptions::new().filename(file).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options).await.ok()?;
    let rows: Result<Vec<(String, String)>, _> =
        sqlx::query_as("SELECT key, value FROM meta WHERE key IN ('actor', 'desa', 'device_name')")
            .fetch_all(&mut conn)
            .await;
    let _ = conn.close().await;
    let rows = rows.ok()?;
    let get = |k: &str| {
        rows.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    Some(Identity {
        actor: get("actor")?,
        desa: get("desa")?,
        name: get("device_name").unwrap_or_default(),
    })
}

/// Moves the current replica (with its WAL, which holds its latest commits) aside as
/// `replica.db.before-restore-<WITA time>` (`…-2026-11-29-203512`, to the second, so
/// the clerk can tell which is which); an empty one is just removed.
fn keep_current(dir: &Path, live: &Path, now: i64) -> Result<Option<PathBuf>, ReplicaError> {
    let _ = std::fs::remove_file(with_suffix(live, "-shm"));
    let size = std::fs::metadata(live).map(|m| m.len());
    let stamp = antar_shared::time::UnixTime(now).wita_file_stamp();
    let kept = dir.join(format!("{FILE}.before-restore-{stamp}"));
    let result = match size {
        Err(_) => {
            let _ = std::fs::remove_file(with_suffix(live, "-wal"));
            Ok(None)
        }
        Ok(0) => {
            let _ = std::fs::remove_file(with_suffix(live, "-wal"));
            std::fs::remove_file(live).map(|()| None)
        }
        Ok(_) => move_with_wal(live, &kept).map(|()| Some(kept.clone())),
    };
    result.map_err(io(FileAction::Keep, live))
}

/// Renames a database file and its WAL together, so the pair still opens.
pub(super) fn move_with_wal(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::rename(from, to)?;
    let wal = with_suffix(from, "-wal");
    if wal.exists() {
        std::fs::rename(&wal, with_suffix(to, "-wal"))?;
    }
    let _ = std::fs::remove_file(with_suffix(from, "-shm"));
    Ok(())
}

/// `path` with `suffix` appended to its file name (`replica.db` → `replica.db-wal`).
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a database file and its WAL and shared-memory files.
pub(super) fn remove_with_sidecars(path: &Path) {
    for side in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, side));
    }
}

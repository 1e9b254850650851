//! `backup FILE` and `restore FILE` (SQLite): a consistent copy of the live database,
//! and putting one back in place of the current database (kept aside, never lost).
//! PostgreSQL is backed up and restored with pg_dump and pg_restore instead.

use std::path::{Path, PathBuf};

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use super::{Database, database_file, shown};
use crate::error::{AppError, ErrorKind};
use crate::store::{Backend, Store, now};
use antar_shared::i18n::io_why;

/// Options of `backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Berkas cadangan baru / the new backup file, e.g. antar-2026-03-12.db.
    pub file: PathBuf,
}

/// Options of `restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// Berkas cadangan / the backup file.
    pub file: PathBuf,
}

/// `backup` with --database-url: PostgreSQL has its own tools.
pub fn not_sqlite() -> AppError {
    AppError::new(ErrorKind::Unprocessable, "backup.postgres")
}

/// `backup FILE`: a consistent copy of the live SQLite database (`VACUUM INTO`).
pub async fn run(store: &Store, args: &BackupArgs, lang: Lang) -> Result<(), AppError> {
    let file = &args.file;
    if store.backend() != Backend::Sqlite {
        return Err(AppError::internal_message("backup on a non-SQLite store"));
    }
    let target = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(
            AppError::new(ErrorKind::Conflict, "backup.exists").arg("file", target.display())
        );
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(
            AppError::new(ErrorKind::BadRequest, "backup.folder").arg("folder", folder.display())
        );
    }
    let size = crate::backups::copy_into(store, &target).await?;
    eprintln!(
        "{}",
        Tr::new(lang).t2("srv-backup-saved", "file", target.display(), "size", size)
    );
    Ok(())
}

/// Tables every Antar database has.
const ANTAR_TABLES: [&str; 8] = [
    "_sqlx_migrations",
    "users",
    "devices",
    "documents",
    "ops",
    "dispatches",
    "manifests",
    "regions",
];

fn restore_error(code: &'static str) -> AppError {
    AppError::new(ErrorKind::Unprocessable, code)
}

/// Checks that `file` is an intact Antar database this version can open.
async fn check_backup(file: &Path, shown_as: &Path) -> Result<(), AppError> {
    use sqlx::Connection;
    // One code; the message says why by `why`; SQLite's own words go to the log.
    let not_antar = |why: &str| {
        restore_error("restore.not_antar")
            .arg("file", shown_as.display())
            .arg("why", why)
    };
    let unreadable = |e: sqlx::Error| not_antar("unreadable").caused_by(e);
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .create_if_missing(false);
    let mut conn = sqlx::sqlite::SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| not_antar("unopenable").caused_by(e))?;
    let checked = async {
        let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .map_err(unreadable)?;
        if integrity != ["ok"] {
            let first = integrity.first().cloned().unwrap_or_default();
            return Err(not_antar("integrity").caused_by_text(first));
        }
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&mut conn)
                .await
                .map_err(unreadable)?;
        let missing: Vec<&str> = ANTAR_TABLES
            .iter()
            .copied()
            .filter(|t| !tables.iter().any(|have| have == t))
            .collect();
        if !missing.is_empty() {
            return Err(not_antar("tables").arg("tables", missing.join(", ")));
        }
        let newest: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut conn)
                .await
                .map_err(unreadable)?;
        let known = sqlx::migrate!("./migrations/sqlite")
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0);
        if newest.unwrap_or(0) > known {
            return Err(not_antar("newer"));
        }
        Ok(())
    }
    .await;
    let _ = conn.close().await;
    checked
}

/// Whether another process (a running server) has the database open: in WAL mode
/// every open connection holds a shared lock on the file, so an exclusive lock is
/// refused at once. Taking it also folds the write-ahead log into the file, so the
/// database kept aside is complete in one file. A database that cannot be opened at all
/// (the reason for a restore, perhaps) is not in use by anyone.
async fn in_use(file: &Path) -> bool {
    use sqlx::{Connection, Executor};
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(false)
        .locking_mode(sqlx::sqlite::SqliteLockingMode::Exclusive)
        .busy_timeout(std::time::Duration::ZERO);
    let Ok(mut conn) = sqlx::sqlite::SqliteConnection::connect_with(&options).await else {
        return false;
    };
    let locked = match conn.execute("BEGIN EXCLUSIVE").await {
        Ok(_) => {
            let _ = conn.execute("COMMIT").await;
            false
        }
        Err(sqlx::Error::Database(e)) => {
            e.code().is_some_and(|c| c == "5" || c == "6") || e.message().contains("locked")
        }
        Err(_) => false,
    };
    let _ = conn.close().await;
    locked
}

/// `name` with a suffix appended (`antar.db` → `antar.db-wal`): SQLite's side files.
fn sidecar(base: &Path, suffix: &str) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a database file and its side files, ignoring what is not there.
fn remove_with_sidecars(file: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sidecar(file, suffix));
    }
}

/// A file operation of the restore failed: which `step` and why (the message says both
/// in words; the system's own words go to the log).
fn io_error(step: &'static str, e: std::io::Error) -> AppError {
    AppError::new(ErrorKind::Internal, "restore.io")
        .arg("step", step)
        .arg("why", io_why(&e))
        .caused_by(e)
}

/// `restore FILE` (SQLite): checks the backup, keeps the current database as
/// `antar.db.before-restore-<WITA time>`, and puts a copy of the backup in its place at
/// once (a temporary file in the same folder, flushed to disk, then renamed).
pub async fn restore(db: &Database, args: &RestoreArgs, lang: Lang) -> Result<(), AppError> {
    if db.url.is_some() {
        return Err(restore_error("restore.postgres"));
    }
    eprintln!("{}", Tr::new(lang).t("srv-restore-stop-server"));
    let file = &args.file;
    let source = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
    if !source.is_file() {
        return Err(restore_error("restore.no_file").arg("file", source.display()));
    }
    let dir = db.data_dir.clone();
    std::fs::create_dir_all(&dir).map_err(|e| io_error("data_folder", e))?;
    let current = database_file(db);
    refuse_unsafe(&source, &current).await?;
    let temp = checked_copy(&source, &dir).await?;
    let kept = match keep_current(&current, &dir) {
        Ok(kept) => kept,
        Err(e) => {
            remove_with_sidecars(&temp);
            return Err(e);
        }
    };
    // Stale sidecars of the old database must not be applied to the restored one.
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sidecar(&current, suffix));
    }
    if let Err(e) = std::fs::rename(&temp, &current) {
        remove_with_sidecars(&temp);
        return Err(io_error("replace", e));
    }
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(&dir) {
        let _ = folder.sync_all();
    }
    print_restored(&current, &source, kept.as_deref(), lang);
    Ok(())
}

/// Refuses to restore the database onto itself, or under a server that has it open.
async fn refuse_unsafe(source: &Path, current: &Path) -> Result<(), AppError> {
    if let (Ok(a), Ok(b)) = (source.canonicalize(), current.canonicalize())
        && a == b
    {
        return Err(restore_error("restore.same_file").arg("file", source.display()));
    }
    if current.exists() && in_use(current).await {
        return Err(restore_error("restore.in_use").arg("file", shown(current)));
    }
    Ok(())
}

/// Copies the backup next to the database (flushed to disk) and checks the copy, as
/// it will be used. Returns the copy; on failure nothing is left behind.
async fn checked_copy(source: &Path, dir: &Path) -> Result<PathBuf, AppError> {
    let temp = dir.join(format!("antar.db.restore-{}.tmp", std::process::id()));
    remove_with_sidecars(&temp);
    let copied = std::fs::copy(source, &temp)
        .and_then(|_| std::fs::File::open(&temp).and_then(|f| f.sync_all()));
    if let Err(e) = copied {
        remove_with_sidecars(&temp);
        return Err(io_error("copy", e));
    }
    if let Err(e) = check_backup(&temp, source).await {
        remove_with_sidecars(&temp);
        return Err(e);
    }
    // Checking may have left empty -wal/-shm files next to the copy.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sidecar(&temp, suffix));
    }
    Ok(temp)
}

/// Keeps the current database (with its write-ahead log, which holds its newest
/// commits) under a new name that SQLite can still open. `None` when there is none.
fn keep_current(current: &Path, dir: &Path) -> Result<Option<PathBuf>, AppError> {
    if !current.exists() {
        return Ok(None);
    }
    let stamp = antar_shared::time::UnixTime(now()).wita_file_stamp();
    let keep = dir.join(format!("antar.db.before-restore-{stamp}"));
    std::fs::hard_link(current, &keep)
        .or_else(|_| std::fs::copy(current, &keep).map(|_| ()))
        .map_err(|e| io_error("keep", e))?;
    let wal = sidecar(current, "-wal");
    if wal.exists() {
        std::fs::rename(&wal, sidecar(&keep, "-wal")).map_err(|e| io_error("keep_log", e))?;
    }
    Ok(Some(keep))
}

/// What was restored from where, where the previous database is, and what next.
fn print_restored(current: &Path, source: &Path, kept: Option<&Path>, lang: Lang) {
    let tr = Tr::new(lang);
    let (to, from) = (shown(current), source.display().to_string());
    eprintln!("{}", tr.t2("srv-restored", "to", to, "from", from));
    if let Some(keep) = kept {
        eprintln!("{}", tr.t1("srv-restore-kept", "file", shown(keep)));
    }
    eprintln!("{}", tr.t("srv-restore-next"));
}

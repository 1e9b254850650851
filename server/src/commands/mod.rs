//! What each CLI command does, one file per command (or family of subcommands), each
//! with its clap arguments and its `run`. Output for people goes to stderr in the
//! chosen language; data (CSV, JSON, codes) goes to stdout so it can be piped.
//!
//! This file holds what the commands share: where the database is ([`Database`]),
//! opening the store, JSON output and the progress spinner. Which command runs is
//! decided by the command line (`cli.rs`), which knows the commands; they do not know
//! it. Every word printed for people comes from `cli.ftl` (`srv-…` keys) or, for
//! errors, `errors.ftl`.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};

use crate::error::{AppError, ErrorKind, sqlx_why};
use crate::store::{Store, StoreError};
use antar_shared::i18n::io_why;

pub mod audit;
pub mod backup;
pub mod config;
pub mod custody;
pub mod device;
pub mod dispatch;
pub mod enroll_code;
pub mod import;
pub mod init;
pub mod manifest;
pub mod migrate_to;
pub mod office_hours;
pub mod publish;
pub mod serve;
pub mod serve_notify;
pub mod slips;
pub mod token;
pub mod user;
pub mod verify;

/// Where the database is: the global `--data-dir` and `--database-url`.
#[derive(Clone, Debug)]
pub struct Database {
    /// The folder of the SQLite database.
    pub data_dir: PathBuf,
    /// PostgreSQL instead of SQLite.
    pub url: Option<String>,
}

/// The database file of a data directory.
fn database_file(db: &Database) -> PathBuf {
    db.data_dir.join("antar.db")
}

/// A path as people should read it: absolute, so a command run from the wrong folder
/// shows where it looked.
fn shown(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}

/// Opens the store named by the global options. Only `serve` and `init` may `create`
/// the SQLite database; every other command refuses a folder without one, naming it.
pub async fn open_store(db: &Database, create: bool) -> Result<Store, AppError> {
    let store = match (&db.url, create) {
        (Some(url), _) => Store::connect(url).await,
        (None, true) => Store::open_data_dir(&db.data_dir).await,
        (None, false) => Store::open_existing_data_dir(&db.data_dir).await,
    };
    store.map_err(|e| match e {
        StoreError::NoDatabase(file) => no_database(&file, &db.data_dir),
        e => AppError::new(ErrorKind::Internal, "store.open")
            .arg("why", store_why(&e))
            .caused_by(e),
    })
}

/// Why the store did not open, as `store.open`'s `$why`: what a person can act on.
fn store_why(e: &StoreError) -> &'static str {
    use sqlx::migrate::MigrateError;
    match e {
        StoreError::DataDir { source, .. } => io_why(source),
        StoreError::Database(e) | StoreError::Migrate(MigrateError::Execute(e)) => sqlx_why(e),
        StoreError::Migrate(MigrateError::VersionMissing(_)) => "newer",
        StoreError::NoPostgres => "no_postgres",
        StoreError::UnsupportedUrl => "url",
        StoreError::OldFormat => "old_format",
        _ => "other",
    }
}

/// A command (not `serve` or `init`) found no database where it looked.
fn no_database(file: &Path, dir: &Path) -> AppError {
    let (file, dir) = (shown(file), shown(dir));
    AppError::new(ErrorKind::NotFound, "store.no_database")
        .arg("file", file)
        .arg("dir", dir)
}

/// A code (desa, tracking…) that does not parse: a 400 with the library's code.
fn bad_code(e: impl antar_shared::Localized) -> AppError {
    AppError::from_localized(ErrorKind::BadRequest, &e)
}

/// A NIK from standard input (`--nik-stdin`), after `prompt` on a terminal.
fn read_nik(prompt: String) -> Result<String, AppError> {
    antar_shared::nik::read_from_stdin(&prompt).map_err(|e| {
        let error = AppError::from_localized(ErrorKind::BadRequest, &e);
        tracing::warn!(error = %e, "no NIK from standard input");
        error
    })
}

/// Prints a value as pretty JSON on stdout (`--json`).
fn print_json(value: &impl serde::Serialize) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(value).map_err(AppError::internal)?;
    println!("{text}");
    Ok(())
}

/// A spinner on stderr with a running count.
fn spinner(message: String) -> ProgressBar {
    let bar = ProgressBar::new_spinner().with_message(message);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

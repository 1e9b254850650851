//! What each CLI command does, one file per command (or family of subcommands), each
//! with its clap arguments and its `run`. Output for people goes to stderr in the
//! chosen language; data (CSV, JSON, codes) goes to stdout so it can be piped.
//!
//! This file holds the dispatcher ([`run`]) and what the commands share: opening the
//! store, JSON output and the progress spinner. Every word printed for people comes
//! from `cli.ftl` (`srv-…` keys) or, for errors, `errors.ftl`.

use std::path::{Path, PathBuf};

use antar_shared::Lang;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{Cli, Command, DeviceCommand, DispatchCommand, ManifestCommand};
use crate::error::{AppError, ErrorKind};
use crate::store::{Store, StoreError};

pub mod backup;
pub mod custody;
pub mod device;
pub mod dispatch;
pub mod enroll_code;
pub mod import;
pub mod init;
pub mod manifest;
pub mod office_hours;
pub mod publish;
pub mod serve;
pub mod token;
pub mod user;

/// Runs one command: opens the store the way the command needs it (only `serve` and
/// `init` may create the database; `backup` and `restore` check the backend first)
/// and hands it to the command's `run`.
pub async fn run(cli: Cli, lang: Lang) -> Result<(), AppError> {
    match &cli.command {
        Command::Init => return init::run(&cli, lang).await,
        Command::Restore(args) => return backup::restore(&cli, args, lang).await,
        Command::Backup(_) if cli.database_url.is_some() => return Err(backup::not_sqlite()),
        _ => {}
    }
    let create = matches!(cli.command, Command::Serve(_));
    let store = open_store(&cli, create).await?;
    match cli.command {
        Command::Init | Command::Restore(_) => Ok(()),
        Command::Serve(args) => serve::run(store, args, lang).await,
        Command::User(command) => user::run(&store, command, lang).await,
        Command::Token(command) => token::run(&store, command, lang).await,
        Command::Import(args) => import::run(&store, args, lang).await,
        Command::EnrollCode(args) => enroll_code::run(&store, args, lang).await,
        Command::OfficeHours(args) => office_hours::run(&store, args, lang).await,
        Command::Dispatch(
            command @ (DispatchCommand::Issue(_)
            | DispatchCommand::Show(_)
            | DispatchCommand::List(_)
            | DispatchCommand::Recall(_)),
        ) => dispatch::run(&store, command, lang).await,
        Command::Dispatch(command) => custody::run(&store, command, lang).await,
        Command::Manifest(ManifestCommand::Create(args)) => {
            manifest::create(&store, args, lang).await
        }
        Command::Manifest(ManifestCommand::Show(args)) => manifest::show(&store, args, lang).await,
        Command::Publish => publish::run(&store, lang).await,
        Command::Device(DeviceCommand::List(args)) => device::list(&store, args, lang).await,
        Command::Device(DeviceCommand::Revoke(args)) => device::revoke(&store, args, lang).await,
        Command::Backup(args) => backup::run(&store, &args, lang).await,
    }
}

/// The database file of a data directory.
fn database_file(cli: &Cli) -> PathBuf {
    cli.data_dir.join("antar.db")
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
pub async fn open_store(cli: &Cli, create: bool) -> Result<Store, AppError> {
    let store = match (&cli.database_url, create) {
        (Some(url), _) => Store::connect(url).await,
        (None, true) => Store::open_data_dir(&cli.data_dir).await,
        (None, false) => Store::open_existing_data_dir(&cli.data_dir).await,
    };
    store.map_err(|e| match e {
        StoreError::NoDatabase(file) => no_database(&file, &cli.data_dir),
        e => AppError::new(ErrorKind::Internal, "store.open").arg("detail", e),
    })
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

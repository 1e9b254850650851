//! # antar-agent
//!
//! The desa office's program: a local replica of the desa's document that works for
//! days offline, the clerk's commands, and a sync loop. A library with a thin `main.rs`.
//!
//! - [`replica`]: the desa document in a SQLite file, durable before "saved"; its
//!   backups, and `doctor` for a damaged one.
//! - [`clerk`]: receive, hand over, return, resolve — as plain functions.
//! - [`sync`]: one sync (usually one round trip) and what it reports; [`upload`]: the
//!   signature images that follow it.
//! - [`transport`]: the HTTP exchange behind a trait, for faulty-network tests.
//! - [`enroll`]: enrolling the device with a one-time code.
//! - [`web`]: the clerk's web UI, served by `run` on the office PC.
//! - [`run`], [`control`]: the `run` command's UI and sync loop, and how they talk.
//! - [`cli`], [`commands`], [`failure`]: the command line: its options and list of
//!   commands, then one file per command with its arguments and what it does.

#![warn(missing_docs)]

pub mod accounts;
pub mod causes;
pub mod clerk;
pub mod cli;
pub mod commands;
pub mod control;
pub mod enroll;
pub mod failure;
pub mod receipt;
pub mod replica;
pub mod run;
pub mod sync;
pub mod transport;
pub mod upload;
pub mod web;

pub use cli::Cli;

/// Where `antar-agent` looks for its settings file when none is named.
pub const SETTINGS_FILE: &str = "/etc/antar/agent.toml";

/// The executable: the settings file (see `antar_shared::config`) applied under the
/// command line, then the command. Returns the exit code (2: the settings file is
/// wrong; nothing ran).
pub fn main() -> i32 {
    antar_shared::allocator::settle();
    let cmd = <Cli as clap::CommandFactory>::command();
    let path = std::path::Path::new(SETTINGS_FILE);
    let report = |text: String| commands::output::note(format_args!("{text}"));
    let loaded = match antar_shared::config::load_or_report(&cmd, path, "antar-agent", report) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let mut cli = <Cli as clap::Parser>::parse_from(loaded.line.clone());
    cli.loaded = Some(loaded);
    run(cli)
}

/// Seconds since the epoch by this device's clock (which may be wrong; see `docs/architecture.md`, invariant 5).
/// A simulated run sets it (`antar_shared::seams`).
pub fn now() -> i64 {
    antar_shared::seams::now()
}

/// Runs the command line; returns the exit code (0 ok, 1 failed; local work is kept).
/// A failure is said in the reader's language; what caused it goes to the log.
pub fn run(cli: Cli) -> i32 {
    let lang = antar_shared::Lang::parse(&cli.lang).unwrap_or_default();
    let tr = antar_shared::i18n::Tr::new(lang);
    let filter = tracing_subscriber::EnvFilter::try_from_env("ANTAR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,antar_agent=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, never into a log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let done = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failure::Failure::new("command.runtime").caused_by(e))
        .and_then(|runtime| runtime.block_on(commands::run(cli, lang)));
    match done {
        Ok(()) => 0,
        Err(failure) => {
            failure.log();
            commands::output::note(format_args!("antar-agent: {}", failure.text(tr)));
            1
        }
    }
}

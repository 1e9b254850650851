//! # antar-server
//!
//! The central service at Dinas Dukcapil. A library with a thin `main.rs`, so tests
//! start the real server in-process on `127.0.0.1:0` ([`serve::start`]).
//!
//! - [`store`]: storage on SQLite or PostgreSQL — users, devices, dispatch records and
//!   the per-desa op logs.
//! - [`issuance`]: issuing dispatches, CSV import, publishing Issue ops.
//! - [`manifest`], [`dispatch`], [`enrollment`], [`lookup`], [`offices`], [`users`]: the operations
//!   behind the CLI and the HTTP API.
//! - [`sync`]: the sync endpoint's logic.
//! - [`state`]: the state every handler reaches; [`limit`]: rate limits per client
//!   address. [`http`] and [`web`] depend on them, not on each other or on [`app`].
//! - [`app`]: the router (layers, rate limits, metrics) that puts [`http`] and [`web`]
//!   together.
//! - [`http`]: the API's routes, authentication, errors, OpenAPI.
//! - [`web`]: the HTML pages: the residents' status page and the Dukcapil dashboard.
//! - [`serve`]: the running server and its background workers, stopped together.
//! - [`cli`], [`commands`]: the command line (the parser and which command runs) and
//!   one file per command; the commands do not depend on the parser.

#![warn(missing_docs)]

pub mod app;
pub mod audit;
pub mod backups;
pub mod cli;
pub mod commands;
pub mod custody;
pub mod dispatch;
pub mod enrollment;
pub mod error;
pub mod http;
pub mod issuance;
pub mod limit;
pub mod lookup;
pub mod manifest;
pub mod notify;
pub mod offices;
pub mod qr;
pub mod receipts;
pub mod scope;
pub mod secret;
pub mod serve;
pub mod shutdown;
pub mod slips;
pub mod state;
pub mod store;
pub mod sync;
pub mod users;
pub mod web;

pub use cli::Cli;

/// Where `antar-server` looks for its settings file when none is named.
pub const SETTINGS_FILE: &str = "/etc/antar/server.toml";

/// The executable: the settings file (see `antar_shared::config`) applied under the
/// command line, then the command. Returns the exit code (2: the settings file is
/// wrong; nothing ran).
pub fn main() -> i32 {
    antar_shared::allocator::settle();
    let cmd = <Cli as clap::CommandFactory>::command();
    let path = std::path::Path::new(SETTINGS_FILE);
    let report = |text: String| eprintln!("{text}");
    let loaded = match antar_shared::config::load_or_report(&cmd, path, "antar-server", report) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let mut cli = <Cli as clap::Parser>::parse_from(loaded.line.clone());
    cli.loaded = Some(loaded);
    run(cli)
}

/// Runs the command line; returns the process exit code (0 ok, 1 refused or failed).
pub fn run(cli: Cli) -> i32 {
    let lang = antar_shared::Lang::parse(&cli.lang).unwrap_or_default();
    let filter = tracing_subscriber::EnvFilter::try_from_env("ANTAR_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_governor=warn")
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, never into a log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            // The system's words for the log; people read that it could not start.
            tracing::error!(error = %e, "cannot build the async runtime");
            let tr = antar_shared::i18n::Tr::new(lang);
            eprintln!("antar-server: {}", tr.t("srv-no-runtime"));
            return 1;
        }
    };
    match runtime.block_on(cli::run(cli, lang)) {
        Ok(()) => 0,
        Err(e) => {
            e.log_cause();
            let tr = antar_shared::i18n::Tr::new(lang);
            eprintln!("antar-server: {}", tr.error(&e));
            for d in e.details.iter().take(50) {
                let message = tr.error(d);
                if d.line == 0 {
                    // One record, not a file: the field (or option) alone.
                    eprintln!("  {}: {message}", d.field);
                } else {
                    let at = tr.t2("srv-error-line", "line", d.line, "field", &d.field);
                    eprintln!("  {at}: {message}");
                }
            }
            1
        }
    }
}

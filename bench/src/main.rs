//! `antar-bench`: the one place Antar's figures come from. Each command prints a table
//! for people and, with `--json FILE`, the same figures for machines; the results and
//! the commands that made them are in `docs/performance.md`.
//!
//! Build in release first: `cargo build --release -p antar-server -p antar-agent -p
//! antar-bench`, then e.g. `target/release/antar-bench sync --backend postgres`.

mod agent;
mod backend;
mod import;
mod killloop;
mod load;
mod national;
mod process;
mod report;
mod seed;
mod wire;

use clap::{Parser, Subcommand};

/// Antar's benchmarks: sync load, bytes on the wire, import and publish.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// Where to write the figures as JSON as well as the table.
    #[arg(long, global = true)]
    json: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Syncs per second and latency: a load generator in this process against the
    /// real `antar-server` binary (with its normal logging) in another.
    Sync(load::Args),
    /// Bytes on the wire, round trips and time on a 2G link for five situations, with
    /// the real agent and server through a counting proxy, beside Automerge's sync
    /// protocol and a naive full-state JSON exchange.
    Wire(wire::Args),
    /// CSV import through the real `antar-server import`: time and peak memory.
    Import(import::ImportArgs),
    /// One large CSV uploaded to a serving process: the server's memory before, at
    /// its peak, and what it keeps afterwards.
    ImportServe(import::ImportServeArgs),
    /// Publishing Issue ops (the Argon2id NIK check) through `antar-server publish`:
    /// time and peak memory, and what the serving process keeps afterwards.
    Publish(import::PublishArgs),
    /// Indonesia's scale on PostgreSQL: build a database of 83,000 desa and 10 million
    /// dispatches, then time the dashboard and run every desa's syncs against it.
    National(national::Args),
    /// The clerk's device as a desa's history grows: `antar-agent status` and the UI's
    /// pages timed, and the agent's memory once idle, at 1,000 / 5,000 / 20,000
    /// dispatches.
    Agent(agent::Args),
    /// SIGKILL the real server and the desa agents at random moments while clerks work
    /// and devices sync, then check that nothing acknowledged was lost or doubled.
    KillLoop(killloop::Args),
}

#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sync(args) => load::run(args).await,
        Command::Wire(args) => wire::run(args).await,
        Command::Import(args) => import::run_import(args).await,
        Command::ImportServe(args) => import::run_import_serve(args).await,
        Command::Publish(args) => import::run_publish(args).await,
        Command::National(args) => national::run(args).await,
        Command::Agent(args) => agent::run(args).await,
        Command::KillLoop(args) => killloop::run_loop(args).await,
    };
    match result {
        Ok(figures) => {
            if let Some(path) = cli.json {
                let text = serde_json::to_string_pretty(&figures).unwrap_or_default();
                if let Err(e) = std::fs::write(&path, text) {
                    eprintln!("cannot write {}: {e}", path.display());
                    std::process::exit(1);
                }
            }
        }
        Err(e) => {
            eprintln!("antar-bench: {e}");
            std::process::exit(1);
        }
    }
}

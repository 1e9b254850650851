//! `antar-sim`: runs the deterministic simulation over many seeds, or replays one.

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use antar_sim::{Config, StoreKind, Summary, replay_command, run};
use clap::Parser;

/// Antar's deterministic simulation: the real server store and router, real agent
/// replicas, and a simulated network, clock and random source driven by one seed.
/// Each seed does random real work under random faults, heals, syncs quietly and
/// checks the promises (nothing acknowledged lost, replicas equal to the server, no dot
/// reused). A failing seed prints the command that replays it.
///
/// Simulasi deterministik Antar: penyimpanan dan router server yang asli, replika agen
/// yang asli, dengan jaringan, jam dan sumber acak tiruan dari satu benih. Benih yang
/// gagal mencetak perintah untuk mengulangnya.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Contoh / examples:\n  antar-sim --seeds 10000 --jobs 4\n  antar-sim --seeds 1000 --jobs 2 --store postgres\n  antar-sim --seed 4711 --trace"
)]
struct Args {
    /// How many seeds to run, from `--first` on.
    #[arg(long, default_value_t = 100)]
    seeds: u64,
    /// The first seed.
    #[arg(long, default_value_t = 0)]
    first: u64,
    /// Runs one seed only (a replay); with `--trace`, says every step.
    #[arg(long, conflicts_with_all = ["seeds", "first"])]
    seed: Option<u64>,
    /// Desa offices (agents) in each world.
    #[arg(long, default_value_t = Config::default().agents)]
    agents: usize,
    /// Random steps in each world before the quiet phase.
    #[arg(long, default_value_t = Config::default().steps)]
    steps: usize,
    /// Worlds run at once (one thread each; each world is single-threaded and waits
    /// on SQLite's and the NIK checks' threads, so more worlds than cores pay).
    #[arg(long, default_value_t = 1)]
    jobs: usize,
    /// The server's database: `sqlite` (a file under /dev/shm), or `postgres` (a
    /// schema of each world's own in the database `antar_sim` on ANTAR_SIM_POSTGRES,
    /// by default postgres://postgres@127.0.0.1:5432; backups are copies of its rows;
    /// no full disk).
    #[arg(long, value_enum, default_value_t = StoreKind::Sqlite)]
    store: StoreKind,
    /// Says every step (with `--seed`).
    #[arg(long)]
    trace: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = Config {
        agents: args.agents.max(1),
        steps: args.steps,
        store: args.store,
    };
    if let Some(seed) = args.seed {
        if args.trace {
            // The server's and the agents' own log lines between the steps.
            let filter = tracing_subscriber::EnvFilter::try_from_env("ANTAR_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
            let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
        }
        return match run(seed, config, args.trace) {
            Ok(summary) => {
                println!("seed {seed}: ok\n{summary:#?}");
                ExitCode::SUCCESS
            }
            Err(broken) => {
                println!("seed {seed}: BROKEN: {broken}");
                ExitCode::FAILURE
            }
        };
    }
    let next = Arc::new(AtomicU64::new(args.first));
    let end = args.first.saturating_add(args.seeds);
    let total = Arc::new(Mutex::new(Summary::default()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..args.jobs.max(1))
        .map(|_| {
            let (next, total, failures, done) =
                (next.clone(), total.clone(), failures.clone(), done.clone());
            std::thread::spawn(move || {
                loop {
                    let seed = next.fetch_add(1, Ordering::Relaxed);
                    if seed >= end {
                        break;
                    }
                    match run(seed, config, false) {
                        Ok(summary) => lock(&total).add(&summary),
                        Err(broken) => {
                            eprintln!(
                                "seed {seed}: BROKEN: {broken}\n  replay: {}",
                                replay_command(seed, config)
                            );
                            lock(&failures).push(seed);
                        }
                    }
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if n % 100 == 0 || n == args.seeds {
                        eprintln!(
                            "{n}/{} seeds, {} broken, {:.0} s",
                            args.seeds,
                            lock(&failures).len(),
                            started.elapsed().as_secs_f64()
                        );
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    let failures = lock(&failures).clone();
    let total = lock(&total).clone();
    println!(
        "{} seeds ({}..{}), {} agents, {} steps each, {:?}: {} broken, {:.0} s",
        args.seeds,
        args.first,
        end,
        config.agents,
        config.steps,
        config.store,
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    println!("{total:#?}");
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("broken seeds: {failures:?}");
        ExitCode::FAILURE
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

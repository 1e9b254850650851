//! CI's bounded run of the simulation: a few hundred seeds on SQLite
//! (`ANTAR_SIM_SEEDS`, 200 by default) and a few dozen on PostgreSQL
//! (`ANTAR_SIM_POSTGRES_SEEDS`, 24), two worlds at a time. Each seed is a whole run
//! (work under faults, the quiet phase, every check); a failure names the seeds and the
//! command that replays each. The long runs are `cargo run --release -p antar-sim --
//! --seeds 10000 --jobs 4` and `… --store postgres` (docs/reliability.md).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use antar_sim::postgres::Postgres;
use antar_sim::{Config, StoreKind, replay_command, run};

fn seeds_from(variable: &str, default: u64) -> u64 {
    std::env::var(variable)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

#[test]
fn a_few_hundred_seeds_keep_every_promise() {
    run_seeds(seeds_from("ANTAR_SIM_SEEDS", 200), Config::default());
}

#[test]
fn a_few_dozen_seeds_on_postgresql_keep_every_promise() {
    let reachable = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(Postgres::reachable());
    if !reachable {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "CI=true but PostgreSQL is unreachable at {}",
            Postgres::server()
        );
        eprintln!("SKIPPED: PostgreSQL unreachable at {}", Postgres::server());
        return;
    }
    let config = Config {
        store: StoreKind::Postgres,
        ..Config::default()
    };
    run_seeds(seeds_from("ANTAR_SIM_POSTGRES_SEEDS", 24), config);
}

/// Runs seeds `0..seeds`, two worlds at a time, and fails naming every broken one.
fn run_seeds(seeds: u64, config: Config) {
    let next = AtomicU64::new(0);
    let broken = Mutex::new(Vec::new());
    let saved = AtomicU64::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let seed = next.fetch_add(1, Ordering::Relaxed);
                    if seed >= seeds {
                        break;
                    }
                    match run(seed, config, false) {
                        Ok(summary) => {
                            saved.fetch_add(summary.saved_on_device as u64, Ordering::Relaxed);
                        }
                        Err(e) => {
                            broken
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .push(format!(
                                    "seed {seed}: {e}\n  replay: {}",
                                    replay_command(seed, config)
                                ))
                        }
                    }
                }
            });
        }
    });
    let broken = broken.into_inner().unwrap_or_else(PoisonError::into_inner);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // The runs did real work: clerks saved ops that the checks then found.
    assert!(
        saved.load(Ordering::Relaxed) > seeds,
        "too little work to check"
    );
}

/// A seed is a replay: the same seed makes the same run, step for step (the tracking
/// codes, tokens and times it draws included), so a failing seed can be studied.
#[test]
fn a_seed_replays_the_same_run() {
    let config = Config::default();
    let first = run(4242, config, false).unwrap();
    let again = run(4242, config, false).unwrap();
    assert_eq!(format!("{first:?}"), format!("{again:?}"));
    let other = run(4243, config, false).unwrap();
    assert_ne!(format!("{first:?}"), format!("{other:?}"));
}

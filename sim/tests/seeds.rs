//! CI's bounded run of the simulation: a few hundred seeds (`ANTAR_SIM_SEEDS`, 200 by
//! default), two worlds at a time. Each seed is a whole run (work under faults, the
//! quiet phase, every check); a failure names the seeds and the command that replays
//! each. The long run is `cargo run --release -p antar-sim -- --seeds 10000 --jobs 4`
//! (docs/reliability.md).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use antar_sim::{Config, replay_command, run};

#[test]
fn a_few_hundred_seeds_keep_every_promise() {
    let seeds: u64 = std::env::var("ANTAR_SIM_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let config = Config::default();
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
                        Err(e) => broken.lock().unwrap().push(format!(
                            "seed {seed}: {e}\n  replay: {}",
                            replay_command(seed, config)
                        )),
                    }
                }
            });
        }
    });
    let broken = broken.into_inner().unwrap();
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

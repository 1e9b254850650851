//! The wall clock and the random bytes, as one place both executables read them, so
//! that the deterministic simulation (`sim/`, `docs/reliability.md`) can drive them.
//!
//! A simulated run replays from its seed only if nothing outside the seed decides what
//! happens: the time a server stamps, a device's (skewed) clock, the tracking codes and
//! tokens it draws. In a normal process nothing is set and these are the system's
//! clock and `getrandom`. The simulation sets them per thread (it runs each world on
//! one thread), so two worlds on two threads never see each other's.

use std::cell::Cell;

thread_local! {
    /// The simulated time, when set.
    static CLOCK: Cell<Option<i64>> = const { Cell::new(None) };
    /// The simulated random source's state (SplitMix64), when set.
    static ENTROPY: Cell<Option<u64>> = const { Cell::new(None) };
}

/// Seconds since the Unix epoch: the system clock, or the simulation's.
pub fn now() -> i64 {
    CLOCK.with(Cell::get).unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    })
}

/// Fills `bytes` with random bytes: the operating system's, or the simulation's.
pub fn fill(bytes: &mut [u8]) -> Result<(), getrandom::Error> {
    match ENTROPY.with(Cell::get) {
        None => getrandom::fill(bytes),
        Some(mut state) => {
            for chunk in bytes.chunks_mut(8) {
                let word = crate::sample::splitmix(&mut state).to_le_bytes();
                chunk.copy_from_slice(&word[..chunk.len()]);
            }
            ENTROPY.with(|e| e.set(Some(state)));
            Ok(())
        }
    }
}

/// The simulation's handle on this thread's clock and random source; dropping it gives
/// the thread back the system's.
#[derive(Debug)]
pub struct Simulated {
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Simulated {
    /// From now on this thread reads time `start` and random bytes drawn from `seed`.
    pub fn enter(start: i64, seed: u64) -> Simulated {
        CLOCK.with(|c| c.set(Some(start)));
        ENTROPY.with(|e| e.set(Some(seed)));
        Simulated {
            _not_send: std::marker::PhantomData,
        }
    }

    /// Sets the time this thread reads (a device's skewed clock, or the server's).
    pub fn set_time(&self, now: i64) {
        set_time(now);
    }
}

/// Sets the simulated time on this thread; does nothing where no simulation was
/// entered (a real process keeps the system clock).
pub fn set_time(now: i64) {
    CLOCK.with(|c| {
        if c.get().is_some() {
            c.set(Some(now));
        }
    });
}

impl Drop for Simulated {
    fn drop(&mut self) {
        CLOCK.with(|c| c.set(None));
        ENTROPY.with(|e| e.set(None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simulated_thread_replays_and_the_system_returns_after() {
        let draw = || {
            let mut b = [0u8; 12];
            fill(&mut b).unwrap();
            b
        };
        let first = {
            let sim = Simulated::enter(1_800_000_000, 7);
            assert_eq!(now(), 1_800_000_000);
            sim.set_time(1_800_000_060);
            assert_eq!(now(), 1_800_000_060);
            (draw(), draw())
        };
        let again = {
            let _sim = Simulated::enter(1_800_000_000, 7);
            (draw(), draw())
        };
        assert_eq!(first, again);
        assert_ne!(first.0, first.1);
        // Dropped: the system clock (after 2026) and the system's bytes again.
        assert!(now() > 1_767_225_600);
        assert_ne!(draw(), first.0);
    }
}

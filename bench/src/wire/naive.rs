//! The naive baseline: every sync sends the device's whole state as JSON and gets the
//! server's whole state back (what a quick REST design does), in one round trip.

use super::Exchange;
use super::model::State;

/// One sync: both full states, one round trip.
pub fn sync(agent: &State, server: &State) -> Exchange {
    let size = |s: &State| {
        serde_json::to_vec(&s.values().collect::<Vec<_>>())
            .map(|v| v.len())
            .unwrap_or(0)
    };
    Exchange {
        round_trips: 1,
        up: size(agent),
        down: size(server),
    }
}

//! `antar-bench wire`: what five situations cost on the wire, with the real agent and
//! server through a counting proxy, beside the same workload in Automerge (its own
//! sync protocol) and a naive full-state JSON exchange.
//!
//! - S1: one handover, then a sync;
//! - S2: a sync with nothing new;
//! - S3: a new device on a desa of `--dispatches` settled dispatches (enroll + first sync);
//! - S4: a month offline: 400 receipts and 300 handovers up, 600 new dispatches down;
//! - S5: two devices hand the same document over (three syncs: A, B, A).
//!
//! Time on 2G is computed from what was measured, for the brief's link (600 ms round
//! trip, 40 kbit/s): one round trip per TCP connection and per HTTP request, plus the
//! bytes at the link's rate. The baselines carry the HTTP headers Antar's own requests
//! carried (per round trip), so only the protocols differ.

pub(crate) mod antar;
mod automerge;
mod model;
mod naive;
mod proxy;

use serde_json::{Value, json};

use crate::report::{Failure, Table, num};

/// Options of `wire`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Settled dispatches in the desa a new device joins (S3).
    #[arg(long, default_value_t = 5000)]
    dispatches: usize,
}

/// The brief's 2G link.
const RTT_SECS: f64 = 0.6;
const LINK_BITS_PER_SEC: f64 = 40_000.0;

/// What one sync session (or a scenario's sessions) exchanged.
#[derive(Debug, Default, Clone, Copy)]
pub struct Exchange {
    /// Request/response pairs.
    pub round_trips: usize,
    /// Bytes up (payload only for the baselines).
    pub up: usize,
    /// Bytes down (payload only for the baselines).
    pub down: usize,
}

impl std::ops::AddAssign for Exchange {
    fn add_assign(&mut self, o: Exchange) {
        self.round_trips += o.round_trips;
        self.up += o.up;
        self.down += o.down;
    }
}

/// A row's figures: bytes with headers, round trips, connections.
#[derive(Debug, Clone, Copy)]
struct Cost {
    round_trips: usize,
    connections: usize,
    up: usize,
    down: usize,
    headers: usize,
}

impl Cost {
    fn seconds_on_2g(&self) -> f64 {
        (self.round_trips + self.connections) as f64 * RTT_SECS
            + (self.up + self.down) as f64 * 8.0 / LINK_BITS_PER_SEC
    }
}

/// Runs the scenarios for the three systems; prints and returns the table.
pub async fn run(args: Args) -> Result<Value, Failure> {
    eprintln!(
        "antar: real server and agent, {} dispatches",
        args.dispatches
    );
    let measured = antar::scenarios(args.dispatches).await?;
    // Header bytes Antar's requests carry per round trip (S2: a no-change sync).
    let per_round_trip = measured
        .iter()
        .find(|(s, _)| s.starts_with("S2"))
        .map(|(_, t)| t.headers / t.round_trips.max(1))
        .unwrap_or(0);
    eprintln!("automerge and naive JSON: the same workload in memory");
    let (auto, plain) = baselines(args.dispatches)?;
    let mut table = Table::new(
        &format!(
            "bytes on the wire (headers included; baselines with {per_round_trip} B of HTTP headers per round trip, one connection per session)"
        ),
        &[
            "scenario",
            "system",
            "round trips",
            "up B",
            "down B",
            "total B",
            "headers B",
            "2G s",
        ],
    );
    for (i, (scenario, traffic)) in measured.iter().enumerate() {
        let antar = Cost {
            round_trips: traffic.round_trips,
            connections: traffic.connections,
            up: traffic.up,
            down: traffic.down,
            headers: traffic.headers,
        };
        let as_cost = |x: Exchange, sessions: usize| Cost {
            round_trips: x.round_trips,
            connections: sessions,
            up: x.up + x.round_trips * per_round_trip / 2,
            down: x.down + x.round_trips * per_round_trip / 2,
            headers: x.round_trips * per_round_trip,
        };
        let sessions = if scenario.starts_with("S5") { 3 } else { 1 };
        for (system, cost) in [
            ("antar", antar),
            ("automerge", as_cost(auto[i], sessions)),
            ("naive json", as_cost(plain[i], sessions)),
        ] {
            table.row(vec![
                json!(scenario),
                json!(system),
                json!(cost.round_trips),
                json!(cost.up),
                json!(cost.down),
                json!(cost.up + cost.down),
                json!(cost.headers),
                num(cost.seconds_on_2g()),
            ]);
        }
    }
    Ok(json!({ "wire": table.json() }))
}

/// S1–S5 for Automerge and naive JSON, in that order.
fn baselines(dispatches: usize) -> Result<([Exchange; 5], [Exchange; 5]), Failure> {
    let desa = antar_shared::sample::bima_desa()[0];
    let mut work = model::Workload::new(desa);
    let (history, settled) = work.history(dispatches, "old-pc");
    let mut fresh_events = Vec::new();
    let fresh = work.issue(400, &mut fresh_events);

    // The server's document and state; device A.
    let mut server = automerge::Replica::new("server");
    server.write(&history)?;
    server.write(&fresh_events)?;
    let mut server_state = model::State::new();
    for e in history.iter().chain(&fresh_events) {
        model::apply(&mut server_state, e);
    }
    let mut a = automerge::Replica::new("device-a");
    let mut a_state = model::State::new();
    let mut auto = [Exchange::default(); 5];
    let mut plain = [Exchange::default(); 5];

    // S3: a new device.
    auto[2] = automerge::sync(&mut a, "a", &mut server)?;
    plain[2] = naive::sync(&a_state, &server_state);
    a_state = server_state.clone();

    // S1: one handover.
    let one = work.handover(&settled[2], "device-a");
    a.write(std::slice::from_ref(&one))?;
    model::apply(&mut a_state, &one);
    auto[0] = automerge::sync(&mut a, "a", &mut server)?;
    plain[0] = naive::sync(&a_state, &server_state);
    model::apply(&mut server_state, &one);

    // S2: nothing new.
    auto[1] = automerge::sync(&mut a, "a", &mut server)?;
    plain[1] = naive::sync(&a_state, &server_state);

    // S4: a month offline.
    let mut offline = Vec::new();
    for code in &fresh {
        offline.push(work.receive(code, "device-a"));
    }
    for code in fresh.iter().take(300) {
        offline.push(work.handover(code, "device-a"));
    }
    a.write(&offline)?;
    for e in &offline {
        model::apply(&mut a_state, e);
    }
    let mut new = Vec::new();
    work.issue(600, &mut new);
    server.write(&new)?;
    for e in &new {
        model::apply(&mut server_state, e);
    }
    auto[3] = automerge::sync(&mut a, "a", &mut server)?;
    plain[3] = naive::sync(&a_state, &server_state);
    for e in &offline {
        model::apply(&mut server_state, e);
    }
    a_state = server_state.clone();

    // S5: device B (caught up first, not counted) and A hand the same document over.
    let mut b = automerge::Replica::new("device-b");
    automerge::sync(&mut b, "b", &mut server)?;
    let mut b_state = server_state.clone();
    let target = &settled[5];
    let by_a = work.handover(target, "device-a");
    let by_b = work.handover(target, "device-b");
    a.write(std::slice::from_ref(&by_a))?;
    b.write(std::slice::from_ref(&by_b))?;
    model::apply(&mut a_state, &by_a);
    model::apply(&mut b_state, &by_b);
    let mut x = automerge::sync(&mut a, "a", &mut server)?;
    x += automerge::sync(&mut b, "b", &mut server)?;
    x += automerge::sync(&mut a, "a", &mut server)?;
    auto[4] = x;
    let mut y = naive::sync(&a_state, &server_state);
    model::apply(&mut server_state, &by_a);
    y += naive::sync(&b_state, &server_state);
    model::apply(&mut server_state, &by_b);
    y += naive::sync(&a_state, &server_state);
    plain[4] = y;
    Ok((auto, plain))
}

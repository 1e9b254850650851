//! `antar-bench sync`: syncs per second and their latency, from a load generator in
//! this process against the real `antar-server` binary in another, with the server's
//! normal logging.
//!
//! Closed loops: every device syncs again as soon as it has an answer (saturation; the
//! rate is what the server sustains). Open loops: syncs are due at a fixed offered rate
//! whatever the server does, and each one's latency runs from its due time, so time
//! spent queueing behind a slow server is counted rather than hidden (coordinated
//! omission). A 10-op sync carries what a desa writes: receipts, handovers and, on
//! dispatches already settled, corrected arrivals.

use std::sync::Arc;
use std::time::{Duration, Instant};

use antar_shared::doc::{ActorId, Condition, DesaDoc, Handover, IdDocument, Op, OpBody, Relation};
use antar_shared::region::VillageCode;
use antar_shared::sample::{Sampler, bima_desa};
use antar_shared::sync::{Format, PROTOCOL_VERSION, SyncRequest, SyncResponse};
use antar_shared::text::{PersonName, Reason};
use antar_shared::time::UnixTime;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::backend::Backend;
use crate::process::{Server, memory_mb};
use crate::report::{Context, Failure, Table, num, percentile_ms};
use crate::seed::{self, Device};

/// Options of `sync`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Backends to run, in turn.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres")]
    backend: Vec<String>,
    /// Ops per desa document before the run (the history the server holds).
    #[arg(long, value_delimiter = ',', default_value = "50,5000")]
    ops_per_desa: Vec<usize>,
    /// Enrolled devices, spread over the desa.
    #[arg(long, default_value_t = 500)]
    devices: usize,
    /// Desa (Kabupaten Bima has 191). Large documents use fewer, so the store holds at
    /// most `--max-ops` ops in all.
    #[arg(long, default_value_t = 191)]
    desa: usize,
    /// The most ops seeded in all (bounds the set-up time of large documents).
    #[arg(long, default_value_t = 1_000_000)]
    max_ops: usize,
    /// The most ops the load generator holds in all its devices' replicas (each device
    /// keeps its own, as a desa PC does): large documents get fewer devices, so the
    /// generator fits in memory.
    #[arg(long, default_value_t = 5_000_000)]
    max_replica_ops: usize,
    /// Seconds per phase.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Offered rates of the open no-change phases, syncs per second.
    #[arg(long, value_delimiter = ',', default_value = "1000,5000")]
    no_change_rates: Vec<u64>,
    /// Offered rates of the open 10-op phases, syncs per second.
    #[arg(long, value_delimiter = ',', default_value = "250,500,1000")]
    write_rates: Vec<u64>,
}

/// A device as the load generator drives it: its replica of the desa document.
pub(crate) struct Agent {
    device: Device,
    doc: DesaDoc,
    /// The dispatches it writes about, listed once (listing them at every sync would
    /// make the generator's own cost grow with the document).
    ids: Vec<antar_shared::doc::DispatchId>,
    turn: usize,
    sampler: Sampler,
}

/// Runs every backend and size; returns the figures.
pub async fn run(args: Args) -> Result<Value, Failure> {
    let mut table = Table::new(
        "sync load (one process of antar-server; the load generator in another)",
        &[
            "backend",
            "ops/desa",
            "devices",
            "phase",
            "offered/s",
            "done/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "errors",
            "rss MB",
        ],
    );
    for backend in &args.backend {
        for &ops in &args.ops_per_desa {
            one(&args, backend, ops, &mut table).await?;
        }
    }
    Ok(json!({ "sync": table.json() }))
}

async fn one(args: &Args, kind: &str, ops: usize, table: &mut Table) -> Result<(), Failure> {
    let backend = Backend::fresh(kind).await?;
    let result = measure(args, &backend, ops, table).await;
    backend.drop_database().await;
    result
}

async fn measure(
    args: &Args,
    backend: &Backend,
    ops: usize,
    table: &mut Table,
) -> Result<(), Failure> {
    let n_desa = args.desa.min(args.max_ops / ops.max(1)).clamp(1, 191);
    let desa: Vec<VillageCode> = bima_desa().into_iter().take(n_desa).collect();
    eprintln!(
        "{}: seeding {} desa with {ops} ops each",
        backend.name(),
        desa.len(),
    );
    let store = backend.open().await?;
    let seeded = Instant::now();
    seed::documents(&store, &desa, ops, |i| {
        if i % 20 == 0 {
            eprintln!("  {i}/{} desa", desa.len());
        }
    })
    .await?;
    let n_devices = args
        .devices
        .min(args.max_replica_ops / ops.max(1))
        .max(desa.len());
    let devices = seed::devices(&store, &desa, n_devices).await?;
    store.pool().close().await;
    eprintln!("  seeded in {:.0} s", seeded.elapsed().as_secs_f64());

    let server = Server::start(&backend.args(), &[])?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(n_devices)
        .build()
        .context("cannot make an HTTP client")?;
    let agents = catch_up(&client, &server.base, devices).await?;
    let label = |phase: &str, offered: Option<u64>| -> Vec<Value> {
        vec![
            json!(backend.name()),
            json!(ops),
            json!(n_devices),
            json!(phase),
            offered.map(|o| json!(o)).unwrap_or(json!("max")),
        ]
    };
    let mut phases: Vec<(String, usize, Option<u64>)> =
        vec![("no-change".into(), 0, None), ("10-op".into(), 10, None)];
    for &r in &args.no_change_rates {
        phases.push(("no-change".into(), 0, Some(r)));
    }
    for &r in &args.write_rates {
        phases.push(("10-op".into(), 10, Some(r)));
    }
    for (phase, ops_per_sync, rate) in phases {
        let run = drive(
            &agents,
            &client,
            std::slice::from_ref(&server.base),
            Pace {
                seconds: args.seconds,
                ops: ops_per_sync,
                write_every: 1,
                rate,
            },
        )
        .await;
        let mut row = label(&phase, rate);
        let rss = memory_mb(server.pid()).map(|m| m.0).unwrap_or_default();
        row.extend([
            num(run.done as f64 / run.seconds),
            num(percentile_ms(&run.latencies, 0.5)),
            num(percentile_ms(&run.latencies, 0.9)),
            num(percentile_ms(&run.latencies, 0.99)),
            json!(run.errors),
            num(rss),
        ]);
        table.row(row);
    }
    server.stop();
    Ok(())
}

/// Brings each desa's first device up to date page by page, then gives the other
/// devices of that desa a copy (their clocks are what matter to the server).
pub(crate) async fn catch_up(
    client: &reqwest::Client,
    base: &str,
    devices: Vec<Device>,
) -> Result<Vec<Arc<Mutex<Agent>>>, Failure> {
    let mut docs: std::collections::HashMap<VillageCode, DesaDoc> = Default::default();
    let mut agents = Vec::new();
    for (i, device) in devices.into_iter().enumerate() {
        let doc = match docs.get(&device.desa) {
            Some(doc) => doc.clone(),
            None => {
                let mut doc = DesaDoc::new(device.desa);
                loop {
                    let response = sync(client, base, &device, doc.clock(), Vec::new()).await?;
                    doc.apply_all(device.desa, response.ops.into_inner())
                        .context("a page did not apply")?;
                    if !response.more {
                        break;
                    }
                }
                docs.insert(device.desa, doc.clone());
                doc
            }
        };
        agents.push(Arc::new(Mutex::new(Agent {
            device,
            ids: doc.dispatches().map(|d| d.id).collect(),
            doc,
            turn: i,
            sampler: Sampler::new(i as u64),
        })));
    }
    Ok(agents)
}

/// One sync, binary, as the agent sends it.
async fn sync(
    client: &reqwest::Client,
    base: &str,
    device: &Device,
    have: &antar_shared::doc::Clock,
    ops: Vec<Op>,
) -> Result<SyncResponse, Failure> {
    let request = SyncRequest {
        protocol: PROTOCOL_VERSION,
        desa: device.desa,
        have: have.clone(),
        ops: ops.into(),
        seals: Vec::new(),
        device_time: UnixTime(antar_server::store::now()),
    };
    let body = Format::Binary.encode(&request).context("cannot encode")?;
    let response = client
        .post(format!("{base}/api/v1/sync"))
        .bearer_auth(&device.token)
        .header("content-type", Format::Binary.media_type())
        .body(body)
        .send()
        .await
        .context("sync failed")?;
    let status = response.status();
    let bytes = response.bytes().await.context("sync answer cut")?;
    if !status.is_success() {
        return Err(format!(
            "sync answered {status}: {}",
            String::from_utf8_lossy(&bytes)
        ));
    }
    Format::Binary
        .decode_response(&bytes)
        .context("cannot decode the answer")
}

/// `n` ops a desa would write: a receipt where the dispatch is not yet received, a
/// handover where it may be handed over, otherwise a corrected arrival.
fn desa_ops(agent: &mut Agent, n: usize) -> Vec<Op> {
    let mut ops = Vec::with_capacity(n);
    if n == 0 || agent.ids.is_empty() {
        return ops;
    }
    let clerk = PersonName::parse("Nurul Hamzah").ok();
    let reason = Reason::parse("Dicek ulang di kantor").ok();
    let (Some(clerk), Some(reason)) = (clerk, reason) else {
        return ops;
    };
    let now = UnixTime(antar_server::store::now());
    let actor: ActorId = agent.device.actor;
    // Every dispatch admits a corrected arrival, so this ends; the bound is a guard.
    for _ in 0..n * 20 {
        if ops.len() == n {
            break;
        }
        agent.turn += 1;
        let dispatch = agent.ids[agent.turn % agent.ids.len()];
        let receive = OpBody::Receive {
            dispatch,
            condition: Condition::Ok,
            found: false,
            correction: None,
            seen: Default::default(),
        };
        let handover = OpBody::Handover {
            dispatch,
            handover: Handover {
                recipient: agent.sampler.person(),
                relation: Relation::Holder,
                id_shown: IdDocument::KtpEl,
                nik_verified: true,
                evidence: None,
                clerk: clerk.clone(),
            },
            correction: None,
            seen: Default::default(),
        };
        let correct = OpBody::Receive {
            dispatch,
            condition: Condition::Ok,
            found: false,
            correction: Some(reason.clone()),
            seen: Default::default(),
        };
        let op = [receive, handover, correct]
            .into_iter()
            .find_map(|body| agent.doc.author(actor, now, body).ok());
        if let Some(op) = op
            && agent.doc.apply(op.clone()).is_ok()
        {
            ops.push(op);
        }
    }
    ops
}

/// What one phase measured.
pub(crate) struct Run {
    pub done: usize,
    pub errors: usize,
    pub seconds: f64,
    pub latencies: Vec<Duration>,
}

/// How a phase drives the devices.
pub(crate) struct Pace {
    /// How long.
    pub seconds: u64,
    /// Ops a writing sync carries.
    pub ops: usize,
    /// One sync in this many writes (1: every one); the rest are no-change syncs.
    pub write_every: usize,
    /// `None`: closed loops (saturation); else syncs due at this rate per second.
    pub rate: Option<u64>,
}

/// Drives one phase, sending sync after sync to the servers in `bases` in turn (one
/// process, or several behind what a load balancer would do).
pub(crate) async fn drive(
    agents: &[Arc<Mutex<Agent>>],
    client: &reqwest::Client,
    bases: &[String],
    pace: Pace,
) -> Run {
    let Pace {
        seconds,
        ops,
        write_every,
        rate,
    } = pace;
    let write_every = write_every.max(1);
    let base_of = |i: usize| bases[i % bases.len().max(1)].clone();
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    match rate {
        None => {
            for (a, agent) in agents.iter().enumerate() {
                let (agent, client, base) = (agent.clone(), client.clone(), base_of(a));
                tasks.push(tokio::spawn(async move {
                    let mut out = Vec::new();
                    let mut n = 0;
                    while Instant::now() < deadline {
                        let began = Instant::now();
                        let carry = if n % write_every == 0 { ops } else { 0 };
                        out.push(one_sync(&agent, &client, &base, carry, began).await);
                        n += 1;
                    }
                    out
                }));
            }
        }
        Some(rate) => {
            // Due times at a fixed rate, device after device; a device still busy with
            // its previous sync makes the next one wait, and that wait is latency.
            let interval = Duration::from_secs_f64(1.0 / rate.max(1) as f64);
            let mut due = start;
            let mut i = 0;
            while due < deadline {
                tokio::time::sleep_until(due.into()).await;
                let agent = agents[i % agents.len()].clone();
                let (client, base) = (client.clone(), base_of(i));
                let at = due;
                let carry = if i % write_every == 0 { ops } else { 0 };
                tasks.push(tokio::spawn(async move {
                    vec![one_sync(&agent, &client, &base, carry, at).await]
                }));
                i += 1;
                due += interval;
            }
        }
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        for r in task.await.unwrap_or_default() {
            match r {
                Some(l) => latencies.push(l),
                None => errors += 1,
            }
        }
    }
    latencies.sort();
    Run {
        done: latencies.len(),
        errors,
        seconds: start.elapsed().as_secs_f64().max(seconds as f64),
        latencies,
    }
}

/// One sync of one device, its latency counted from `due`; `None` when it failed.
async fn one_sync(
    agent: &Mutex<Agent>,
    client: &reqwest::Client,
    base: &str,
    ops: usize,
    due: Instant,
) -> Option<Duration> {
    let mut agent = agent.lock().await;
    let have = agent.doc.clock().clone();
    let written = desa_ops(&mut agent, ops);
    let response = sync(client, base, &agent.device, &have, written).await;
    let latency = due.elapsed();
    match response {
        Ok(response) => {
            let desa = agent.device.desa;
            let _ = agent.doc.apply_all(desa, response.ops.into_inner());
            Some(latency)
        }
        Err(e) => {
            eprintln!("  {e}");
            None
        }
    }
}

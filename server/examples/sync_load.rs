//! Load run: how many syncs per second the server answers, and how fast it imports.
//!
//! Starts the real server in-process on 127.0.0.1:0 over a fresh store (SQLite in a
//! temporary directory, or a fresh PostgreSQL database), enrolls one device per desa,
//! then drives it over HTTP from the same process (so client and server share the two
//! cores: the figures are a floor):
//!
//! 1. CSV import of `--import` rows (validation + one transaction), timed;
//! 2. no-change syncs from `--agents` concurrent agents for `--seconds`;
//! 3. syncs carrying 10 ops each, for `--seconds`.
//!
//! Run: `cargo run --release -p antar-server --example sync_load -- --backend sqlite`
//! and `-- --backend postgres` (needs PostgreSQL on 127.0.0.1:5432, trust auth).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use antar_server::app::RouterOptions;
use antar_server::issuance::import;
use antar_server::store::{Store, now};
use antar_shared::doc::{DesaDoc, OpBody};
use antar_shared::nik::{NikCheck, NikCheckCost};
use antar_shared::region::VillageCode;
use antar_shared::sample::{Sampler, bima_desa};
use antar_shared::sync::{Format, PROTOCOL_VERSION, SyncRequest, SyncResponse};
use antar_shared::text::NoteText;
use antar_shared::time::UnixTime;
use clap::Parser;
use tokio::sync::Mutex;

#[derive(Parser, Debug)]
struct Args {
    /// sqlite or postgres.
    #[arg(long, default_value = "sqlite")]
    backend: String,
    /// Concurrent agents (one desa each, up to 191 distinct Bima desa, then reused).
    #[arg(long, default_value_t = 500)]
    agents: usize,
    /// Dispatches per desa document.
    #[arg(long, default_value_t = 50)]
    dispatches: usize,
    /// Seconds per phase.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Offered load for the paced phases, syncs per second from all agents together
    /// (latency under a steady load, as opposed to the saturating phases).
    #[arg(long, default_value_t = 1000)]
    rate: u64,
    /// Rows for the import phase (0 to skip).
    #[arg(long, default_value_t = 100_000)]
    import: usize,
}

struct Agent {
    token: String,
    actor: antar_shared::doc::ActorId,
    doc: DesaDoc,
}

/// Where PostgreSQL is expected (trust auth).
const PG: &str = "postgres://postgres@127.0.0.1:5432";

/// A fresh store: SQLite in a temporary directory, or a new PostgreSQL database (its
/// name returned, to drop at the end).
async fn fresh_store(backend: &str) -> (Store, Option<tempfile::TempDir>, Option<String>) {
    match backend {
        "sqlite" => {
            let dir = tempfile::tempdir().unwrap();
            (
                Store::open_data_dir(dir.path()).await.unwrap(),
                Some(dir),
                None,
            )
        }
        "postgres" => {
            use sqlx::Connection;
            let mut admin = sqlx::PgConnection::connect(&format!("{PG}/postgres"))
                .await
                .unwrap();
            let name = format!("antar_bench_{}", now());
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await
                .unwrap();
            let store = Store::connect(&format!("{PG}/{name}")).await.unwrap();
            (store, None, Some(name))
        }
        other => panic!("unknown backend {other}"),
    }
}

/// Drops the run's PostgreSQL database.
async fn drop_database(name: &str) {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&format!("{PG}/postgres"))
        .await
        .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn sync(
    client: &reqwest::Client,
    base: &str,
    agent: &Agent,
    ops: Vec<antar_shared::doc::Op>,
) -> SyncResponse {
    let request = SyncRequest {
        protocol: PROTOCOL_VERSION,
        desa: agent.doc.desa(),
        have: agent.doc.clock().clone(),
        ops: ops.into(),
        seals: Vec::new(),
        device_time: UnixTime(now()),
    };
    let r = client
        .post(format!("{base}/api/v1/sync"))
        .bearer_auth(&agent.token)
        .header("content-type", Format::Binary.media_type())
        .body(Format::Binary.encode(&request).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    Format::Binary
        .decode_response(&r.bytes().await.unwrap())
        .unwrap()
}

/// Syncs from every agent concurrently for `seconds`; returns (count, latencies).
/// With `rate`, agents are paced to offer that many syncs per second in all; without,
/// each syncs again as soon as it has an answer (saturation).
async fn phase(
    agents: &[Arc<Mutex<Agent>>],
    seconds: u64,
    ops_per_sync: usize,
    rate: Option<u64>,
    client: &reqwest::Client,
    base: &str,
) -> (usize, Vec<Duration>) {
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let interval = rate.map(|r| Duration::from_secs_f64(agents.len() as f64 / r.max(1) as f64));
    let mut tasks = Vec::new();
    for (i, agent) in agents.iter().enumerate() {
        let (agent, client, base) = (agent.clone(), client.clone(), base.to_owned());
        // Spread the paced agents' first syncs over one interval.
        let mut next = start
            + interval
                .map(|d| d.mul_f64(i as f64 / agents.len() as f64))
                .unwrap_or_default();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                if let Some(interval) = interval {
                    tokio::time::sleep_until(next.into()).await;
                    next += interval;
                    if Instant::now() >= deadline {
                        break;
                    }
                }
                let mut agent = agent.lock().await;
                let mut ops = Vec::new();
                if ops_per_sync > 0 {
                    let ids: Vec<_> = agent.doc.dispatches().map(|d| d.id).collect();
                    for k in 0..ops_per_sync {
                        let dispatch = ids[(agent.doc.len() + k) % ids.len()];
                        let body = OpBody::Note {
                            dispatch,
                            text: NoteText::parse("Dicek petugas").unwrap(),
                        };
                        let op = agent
                            .doc
                            .author(agent.actor, UnixTime(now()), body)
                            .unwrap();
                        agent.doc.apply(op.clone()).unwrap();
                        ops.push(op);
                    }
                }
                let started = Instant::now();
                let response = sync(&client, &base, &agent, ops).await;
                latencies.push(started.elapsed());
                let desa = agent.doc.desa();
                agent
                    .doc
                    .apply_all(desa, response.ops.into_inner())
                    .unwrap();
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all.sort();
    (all.len(), all)
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (store, _dir, database) = fresh_store(&args.backend).await;
    println!(
        "backend: {}  agents: {}  dispatches/desa: {}  phase: {} s",
        args.backend, args.agents, args.dispatches, args.seconds
    );
    if args.import > 0 {
        import_phase(&store, args.import).await;
    }
    let used = seed(&store, args.agents, args.dispatches).await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = antar_server::serve::start(
        store.clone(),
        listener,
        RouterOptions {
            public_per_minute: 1_000_000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let base = format!("http://{}", running.addr);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.agents)
        .build()
        .unwrap();
    let agents = enroll_agents(&store, &used, args.agents, &client, &base).await;

    let paced = args.rate;
    let phases = [
        ("no-change, saturating".to_owned(), 0, None),
        ("10 ops, saturating".to_owned(), 10, None),
        (format!("no-change, {paced}/s offered"), 0, Some(paced)),
        (
            format!("10 ops, {}/s offered", paced / 4),
            10,
            Some(paced / 4),
        ),
    ];
    for (label, ops, rate) in phases {
        let (count, latencies) = phase(&agents, args.seconds, ops, rate, &client, &base).await;
        let rate = count as f64 / args.seconds as f64;
        println!(
            "{label:<28} {rate:>8.0}/s  ops merged {:>8.0}/s  p50 {:>6.1} ms  p99 {:>6.1} ms",
            rate * ops as f64,
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99)
        );
    }
    running.stop().await.unwrap();
    if let Some(name) = database {
        store.pool().close().await;
        drop_database(&name).await;
    }
}

/// CSV import of `rows` rows (validation, then the one transaction every import takes),
/// timed; the rows are deleted afterwards so the sync phases see only their own.
async fn import_phase(store: &Store, rows: usize) {
    let csv = csv_rows(rows);
    let started = Instant::now();
    let checked = import::check(csv.as_bytes(), |_| {}).unwrap();
    assert!(
        checked.errors.is_empty(),
        "{:?}",
        &checked.errors[..3.min(checked.errors.len())]
    );
    let checked_in = started.elapsed().as_secs_f64();
    let items: Vec<_> = checked.valid.into_iter().map(|(_, d)| d).collect();
    // The path every import takes: each document checked for an open dispatch.
    let report = store
        .issue_dispatches(
            &items,
            antar_server::store::dispatches::OnExisting::Refuse,
            now(),
        )
        .await
        .unwrap();
    let codes: Vec<_> = report.codes.into_iter().flatten().collect();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "import: {} rows validated ({checked_in:.2} s) and stored in {secs:.2} s in all ({:.0} rows/s)",
        codes.len(),
        codes.len() as f64 / secs
    );
    sqlx::query("DELETE FROM dispatches")
        .execute(store.pool())
        .await
        .unwrap();
}

/// Seeds `dispatches` dispatches for each of up to `agents` desa, published with a
/// stand-in NIK check (Argon2id for tens of thousands of records would dominate the
/// set-up, not the measurement). Returns the desa used.
async fn seed(store: &Store, agents: usize, dispatches: usize) -> Vec<VillageCode> {
    let desa: Vec<_> = bima_desa();
    let used: Vec<_> = desa.iter().copied().take(agents.min(desa.len())).collect();
    let mut sampler = Sampler::new(1);
    let mut items = Vec::new();
    for d in &used {
        for _ in 0..dispatches {
            let (issue, nik) = sampler.issue(*d, false);
            items.push(antar_server::store::dispatches::NewDispatch {
                kind: issue.kind,
                number: antar_shared::sample::printed_number(&issue, &nik),
                holder: issue.holder,
                nik,
                desa: *d,
                phone: None,
            });
        }
    }
    store.insert_dispatches(&items, now()).await.unwrap();
    loop {
        let pending = store.pending_issues(None, 1000).await.unwrap();
        if pending.is_empty() {
            break;
        }
        for p in pending {
            store
                .publish_issue(
                    &p,
                    NikCheck {
                        cost: NikCheckCost::Standard,
                        tag: antar_shared::nik::NikTag::try_from(7).unwrap(),
                    },
                    now(),
                )
                .await
                .unwrap();
        }
    }
    used
}

/// Enrolls `n` agents over the desa in `used` (reused in turn) and brings each up to
/// date with its desa document.
async fn enroll_agents(
    store: &Store,
    used: &[VillageCode],
    n: usize,
    client: &reqwest::Client,
    base: &str,
) -> Vec<Arc<Mutex<Agent>>> {
    let mut agents = Vec::new();
    for i in 0..n {
        let d = used[i % used.len()];
        let code =
            antar_server::enrollment::create_code(store, &antar_server::audit::Who::command(), d)
                .await
                .unwrap();
        let request = antar_server::enrollment::EnrollRequest {
            code: code.code,
            device_name: format!("Perangkat {i}"),
            device_token: None,
            previous_token: None,
            actor: None,
            certificate: None,
            receipt_key: None,
        };
        let (enrolled, _) = antar_server::enrollment::enroll(store, &request)
            .await
            .unwrap();
        let mut agent = Agent {
            token: enrolled.device_token,
            actor: antar_shared::doc::ActorId(enrolled.actor),
            doc: DesaDoc::new(d),
        };
        loop {
            let response = sync(client, base, &agent, vec![]).await;
            agent.doc.apply_all(d, response.ops.into_inner()).unwrap();
            if !response.more {
                break;
            }
        }
        agents.push(Arc::new(Mutex::new(agent)));
    }
    agents
}

fn csv_rows(n: usize) -> String {
    let desa = bima_desa();
    let mut sampler = Sampler::new(99);
    let mut csv = String::from("kind,number,holder_name,nik,desa_code,applicant_phone\n");
    for i in 0..n {
        let d = desa[i % desa.len()];
        let (issue, nik) = sampler.issue(d, false);
        csv.push_str(&format!(
            "{},{},{},{},{},0812{:08}\n",
            issue.kind.code(),
            antar_shared::sample::printed_number(&issue, &nik),
            issue.holder,
            nik.expose(),
            d,
            i
        ));
    }
    csv
}

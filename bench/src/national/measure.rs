//! `national measure`: the dashboard's pages timed one request at a time on a quiet
//! server, then the national sync rate against several server processes on the one
//! database, with their memory sampled each minute.

use std::time::{Duration, Instant};

use antar_server::store::Store;
use antar_shared::doc::ActorId;
use antar_shared::region::VillageCode;
use serde_json::{Value, json};

use super::{DEFAULT_DATABASE, SavedDevice};
use crate::backend::PG;
use crate::load::{self, Pace};
use crate::process::{Server, memory_mb};
use crate::report::{Context, Failure, Table, num, percentile_ms};
use crate::seed::Device;

/// Options of `national measure`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database `generate` built.
    #[arg(long, default_value = DEFAULT_DATABASE)]
    database: String,
    /// The live desa's devices, as `generate` wrote them.
    #[arg(long, default_value = "target/national-devices.json")]
    devices_file: std::path::PathBuf,
    /// Requests per dashboard page.
    #[arg(long, default_value_t = 20)]
    samples: usize,
    /// Server processes sharing the database.
    #[arg(long, default_value_t = 3)]
    servers: usize,
    /// Syncs per second offered (83,000 desa every ten minutes is about 140).
    #[arg(long, default_value_t = 140)]
    rate: u64,
    /// Minutes of sync load (0 skips it).
    #[arg(long, default_value_t = 30)]
    minutes: u64,
    /// One sync in this many carries ten ops (receipts and handovers); the rest have
    /// nothing new, as most of a desa's syncs do.
    #[arg(long, default_value_t = 10)]
    write_every: usize,
}

/// Times the pages, then runs the sync load.
pub async fn run(args: Args) -> Result<Value, Failure> {
    let url = format!("{PG}/{}", args.database);
    let saved: Vec<SavedDevice> = serde_json::from_slice(
        &std::fs::read(&args.devices_file).context("cannot read the devices file")?,
    )
    .context("cannot read the devices file")?;
    let devices: Vec<Device> = saved
        .iter()
        .filter_map(|d| {
            Some(Device {
                token: d.token.clone(),
                actor: ActorId(d.actor),
                desa: VillageCode::parse(&d.desa).ok()?,
            })
        })
        .collect();
    let first = devices.first().context("no devices in the file")?.desa;
    let cookie = staff_session(&url).await?;
    let storage = vec!["--database-url".to_owned(), url.clone()];
    let mut servers = Vec::new();
    for _ in 0..args.servers.max(1) {
        servers.push(Server::start(&storage, &[])?);
    }
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let pages = pages(&bases[0], &cookie, first, args.samples).await?;

    let mut out = json!({ "national_pages": pages });
    if args.minutes > 0 {
        let syncs = syncs(&args, &servers, &bases, devices).await?;
        out["national_syncs"] = syncs;
    }
    for s in servers {
        s.stop();
    }
    Ok(out)
}

/// An administrator's session cookie, made in the store as `user add` would.
async fn staff_session(url: &str) -> Result<String, Failure> {
    let store = Store::connect(url).await.context("cannot open the store")?;
    let token = crate::seed::admin_token(&store, "bench-national").await?;
    store.pool().close().await;
    Ok(format!(
        "{}={token}",
        antar_server::web::dashboard::SESSION_COOKIE
    ))
}

/// Each page, `samples` times one after another.
async fn pages(
    base: &str,
    cookie: &str,
    desa: VillageCode,
    samples: usize,
) -> Result<Value, Failure> {
    let kecamatan = desa.district().to_string();
    let paths = [
        ("home (overview counts)", "/dasbor".to_owned()),
        ("list, no filter", "/dasbor/kiriman".to_owned()),
        (
            "list, in transit",
            "/dasbor/kiriman?status=in_transit".to_owned(),
        ),
        (
            "list, kecamatan + status",
            format!("/dasbor/kiriman?kecamatan={kecamatan}&status=at_desa"),
        ),
        ("list, one desa", format!("/dasbor/kiriman?desa={desa}")),
        ("list, page 200", "/dasbor/kiriman?hal=200".to_owned()),
        (
            "list, missing flag",
            "/dasbor/kiriman?tanda=hilang".to_owned(),
        ),
        ("list, name search", "/dasbor/kiriman?cari=siti".to_owned()),
        ("reports", "/dasbor/laporan".to_owned()),
        ("desa health", "/dasbor/desa".to_owned()),
        ("devices", "/dasbor/perangkat".to_owned()),
        ("manifests", "/dasbor/manifes".to_owned()),
    ];
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(600))
        .build()
        .context("cannot make an HTTP client")?;
    let mut table = Table::new(
        "dashboard at national scale (one request at a time, quiet server)",
        &["page", "status", "KB", "p50 ms", "p95 ms", "max ms"],
    );
    for (label, path) in paths {
        let mut times = Vec::with_capacity(samples);
        let mut status = 0;
        let mut bytes = 0;
        for _ in 0..samples.max(1) {
            let began = Instant::now();
            let response = client
                .get(format!("{base}{path}"))
                .header("cookie", cookie)
                .send()
                .await
                .context(&format!("{path} failed"))?;
            status = response.status().as_u16();
            bytes = response.bytes().await.map(|b| b.len()).unwrap_or(0);
            times.push(began.elapsed());
        }
        times.sort();
        table.row(vec![
            json!(label),
            json!(status),
            num(bytes as f64 / 1e3),
            num(percentile_ms(&times, 0.5)),
            num(percentile_ms(&times, 0.95)),
            num(percentile_ms(&times, 1.0)),
        ]);
        eprintln!("  {path}");
    }
    Ok(table.json())
}

/// The open-loop sync rate against every server in turn, memory sampled each minute.
async fn syncs(
    args: &Args,
    servers: &[Server],
    bases: &[String],
    devices: Vec<Device>,
) -> Result<Value, Failure> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .context("cannot make an HTTP client")?;
    eprintln!("catching up {} devices", devices.len());
    let agents = load::catch_up(&client, &bases[0], devices).await?;
    let pids: Vec<u32> = servers.iter().map(Server::pid).collect();
    let rss = |pids: &[u32]| -> Vec<f64> {
        pids.iter()
            .map(|&p| memory_mb(p).map(|m| m.0).unwrap_or_default())
            .collect()
    };
    let before = rss(&pids);
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let sampler_pids = pids.clone();
    let sampler = tokio::spawn(async move {
        let mut samples = Vec::new();
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                _ = tokio::time::sleep(Duration::from_secs(60)) => {
                    let now: Vec<f64> = sampler_pids
                        .iter()
                        .map(|&p| memory_mb(p).map(|m| m.0).unwrap_or_default())
                        .collect();
                    eprintln!("  rss MB {now:?}");
                    samples.push(now);
                }
            }
        }
        samples
    });
    eprintln!(
        "{} syncs/s for {} min over {} servers",
        args.rate,
        args.minutes,
        bases.len()
    );
    let run = load::drive(
        &agents,
        &client,
        bases,
        Pace {
            seconds: args.minutes * 60,
            ops: 10,
            write_every: args.write_every,
            rate: Some(args.rate),
        },
    )
    .await;
    let _ = stop.send(());
    let samples = sampler.await.unwrap_or_default();
    let after = rss(&pids);
    let mut table = Table::new(
        "national sync rate (open loop, latency from due time)",
        &[
            "servers",
            "offered/s",
            "done/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "max ms",
            "errors",
            "rss MB before",
            "rss MB max",
            "rss MB after",
        ],
    );
    let peak = samples
        .iter()
        .chain(std::iter::once(&after))
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    table.row(vec![
        json!(bases.len()),
        json!(args.rate),
        num(run.done as f64 / run.seconds),
        num(percentile_ms(&run.latencies, 0.5)),
        num(percentile_ms(&run.latencies, 0.9)),
        num(percentile_ms(&run.latencies, 0.99)),
        num(percentile_ms(&run.latencies, 1.0)),
        json!(run.errors),
        num(before.iter().copied().fold(0.0, f64::max)),
        num(peak),
        num(after.iter().copied().fold(0.0, f64::max)),
    ]);
    Ok(
        json!({ "table": table.json(), "rss_samples": samples, "rss_before": before, "rss_after": after }),
    )
}

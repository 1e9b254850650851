//! `antar-bench agent`: what a desa's own device costs as its history grows. A desa of
//! N settled dispatches is written through the server's document writer, a real
//! `antar-agent` enrolls and syncs it, and then the clerk's two ways in are timed:
//! the `status` command (a fresh process each time, as a clerk runs it) and the UI's
//! pages served by `antar-agent run`, whose resident memory is read once it is idle.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use antar_server::audit::Who;
use antar_server::enrollment;
use antar_shared::sample::bima_desa;
use serde_json::{Value, json};

use crate::backend::Backend;
use crate::process::{Server, binary, memory_mb};
use crate::report::{Context, Failure, Table, num, percentile_ms};
use crate::seed::History;
use crate::wire::antar::agent;

/// Options of `agent`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Settled dispatches in the desa, one run each.
    #[arg(long, value_delimiter = ',', default_value = "1000,5000,20000")]
    dispatches: Vec<usize>,
    /// Timed repetitions of each command and page.
    #[arg(long, default_value_t = 15)]
    samples: usize,
    /// Keep each size's agent data folder (its path is printed), to profile commands
    /// against it afterwards.
    #[arg(long)]
    keep: bool,
}

/// Runs every size in turn and prints one row each.
pub async fn run(args: Args) -> Result<Value, Failure> {
    let mut table = Table::new(
        "agent: the clerk's device as the desa's history grows",
        &[
            "dispatches",
            "ops",
            "status p50 ms",
            "status p90 ms",
            "home p50 ms",
            "home p90 ms",
            "list p50 ms",
            "idle rss MB",
            "peak rss MB",
        ],
    );
    for &n in &args.dispatches {
        let row = one_size(n, args.samples.max(1), args.keep).await?;
        table.row(row);
    }
    Ok(json!({ "agent": table.json() }))
}

/// One desa of `n` settled dispatches, measured.
async fn one_size(n: usize, samples: usize, keep: bool) -> Result<Vec<Value>, Failure> {
    let backend = Backend::fresh("sqlite").await?;
    let desa = bima_desa()[0];
    let store = backend.open().await?;
    let (_, ops) = History::new().write(&store, desa, n, true).await?;
    let code = enrollment::create_code(&store, &Who::command(), desa)
        .await
        .map_err(|e| format!("cannot make an enrollment code: {e}"))?
        .code;
    store.pool().close().await;

    let server = Server::start(&backend.args(), &[])?;
    let dir = tempfile::tempdir().context("temporary folder")?;
    agent(
        dir.path(),
        &["enroll", "--server", &server.base, "--code", &code],
    )?;
    agent(dir.path(), &["sync"])?;

    // Found (and built) once, so only the command itself is timed.
    let exe = binary("antar-agent")?;
    let mut status = Vec::with_capacity(samples);
    for _ in 0..samples {
        let mut cmd = Command::new(&exe);
        cmd.arg("--data-dir").arg(dir.path()).arg("status");
        let started = Instant::now();
        let out = cmd.output().context("cannot run antar-agent status")?;
        status.push(started.elapsed());
        if !out.status.success() {
            return Err(format!(
                "antar-agent status: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    status.sort();

    let ui = Ui::start(dir.path())?;
    let client = reqwest::Client::new();
    let home = ui.time(&client, "/", samples).await?;
    let list = ui.time(&client, "/kiriman", samples).await?;
    // Idle: the loop has synced and the pages are served; what stays is what it keeps.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (idle, peak) = memory_mb(ui.child.id()).context("cannot read the agent's memory")?;
    drop(ui);
    server.stop();
    if keep {
        eprintln!(
            "{n} dispatches: the agent's data folder is kept at {}",
            dir.keep().display()
        );
    }
    Ok(vec![
        json!(n),
        json!(ops),
        num(percentile_ms(&status, 0.5)),
        num(percentile_ms(&status, 0.9)),
        num(percentile_ms(&home, 0.5)),
        num(percentile_ms(&home, 0.9)),
        num(percentile_ms(&list, 0.5)),
        num(idle),
        num(peak),
    ])
}

/// A running `antar-agent run` with its UI on a loopback port, killed when dropped.
struct Ui {
    child: Child,
    base: String,
}

impl Ui {
    fn start(dir: &Path) -> Result<Ui, Failure> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .context("cannot find a free port")?
            .port();
        let child = Command::new(binary("antar-agent")?)
            .arg("--data-dir")
            .arg(dir)
            .args(["run", "--interval", "3600", "--ui", &port.to_string()])
            .env("ANTAR_LANG", "en")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start antar-agent run")?;
        Ok(Ui {
            child,
            base: format!("http://127.0.0.1:{port}"),
        })
    }

    /// Waits for the UI, then times `samples` loads of `path` (after one untimed load).
    async fn time(
        &self,
        client: &reqwest::Client,
        path: &str,
        samples: usize,
    ) -> Result<Vec<Duration>, Failure> {
        let url = format!("{}{path}", self.base);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match client.get(&url).send().await {
                Ok(r) if r.status().is_success() => break,
                Ok(r) => return Err(format!("GET {path}: {}", r.status())),
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(format!("the agent's UI did not answer: {e}")),
            }
        }
        let mut times = Vec::with_capacity(samples);
        for _ in 0..samples {
            let started = Instant::now();
            let body = client
                .get(&url)
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .context(&format!("GET {path}"))?
                .bytes()
                .await
                .context(&format!("GET {path}"))?;
            times.push(started.elapsed());
            drop(body);
        }
        times.sort();
        Ok(times)
    }
}

impl Drop for Ui {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

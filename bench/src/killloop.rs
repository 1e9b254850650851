//! `antar-bench kill-loop`: SIGKILLs the real server and the desa agents at random
//! moments while the clerks' work and the syncs go on, then checks the promises: every
//! receipt and handover an agent reported saved is on the server after a quiet sync,
//! every agent shows what the server shows, nothing is waiting, every replica is
//! intact, and the server's audit chain verifies (`antar-server audit verify`).
//!
//! A kill counts only when the process was still running. One seed gives one sequence
//! of choices (the timing of the processes still varies, as it does in the field).
//!
//! `target/release/antar-bench kill-loop --backend sqlite,postgres --kills 1000`

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use antar_shared::sample::{Sampler, bima_desa, printed_number};
use serde_json::{Value, json};

use crate::backend::Backend;
use crate::process::binary;
use crate::report::{Context, Failure, Table, num};

/// Options of `kill-loop`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Backends to run, in turn.
    #[arg(long, value_delimiter = ',', default_value = "sqlite")]
    backend: Vec<String>,
    /// Kills per backend (of the server and the agents together).
    #[arg(long, default_value_t = 100)]
    kills: usize,
    /// Desa offices, one agent each.
    #[arg(long, default_value_t = 3)]
    agents: usize,
    /// Dispatches per desa.
    #[arg(long, default_value_t = 80)]
    dispatches: usize,
    /// The seed of the choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// The clerk named on every handover.
const CLERK: &str = "Nurul Hamzah";

/// What the loop saw acknowledged.
#[derive(Debug, Default)]
struct Acked {
    receipts: BTreeSet<String>,
    handovers: BTreeSet<String>,
}

/// One desa office: its agent's data folder and its desa.
#[derive(Debug)]
struct Office {
    desa: String,
    dir: PathBuf,
}

/// The server process, restarted on the same address after each kill.
#[derive(Debug)]
struct Server {
    storage: Vec<String>,
    addr: String,
    child: Option<Child>,
}

impl Server {
    fn start(&mut self) -> Result<(), Failure> {
        let child = Command::new(binary("antar-server")?)
            .args(&self.storage)
            .args(["serve", "--listen", &self.addr, "--metrics", "off"])
            .args(["--public-per-minute", "1000000", "--backup-keep", "0"])
            .env("ANTAR_LANG", "id")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start antar-server")?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(&self.addr).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(format!(
            "the server did not listen on {} within 60 s",
            self.addr
        ))
    }

    /// SIGKILL; whether it was running.
    fn kill(&mut self) -> bool {
        let Some(mut child) = self.child.take() else {
            return false;
        };
        let running = matches!(child.try_wait(), Ok(None));
        let _ = child.kill();
        let _ = child.wait();
        running
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn run(cmd: &mut Command) -> Result<Output, Failure> {
    cmd.env("ANTAR_LANG", "id")
        .output()
        .context(&format!("cannot run {cmd:?}"))
}

fn ok(cmd: &mut Command) -> Result<String, Failure> {
    let out = run(cmd)?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn agent(dir: &Path) -> Result<Command, Failure> {
    let mut cmd = Command::new(binary("antar-agent")?);
    cmd.arg("--data-dir").arg(dir);
    Ok(cmd)
}

fn server(storage: &[String]) -> Result<Command, Failure> {
    let mut cmd = Command::new(binary("antar-server")?);
    cmd.args(storage);
    Ok(cmd)
}

/// A free loopback address for the server to come back on.
fn free_addr() -> Result<String, Failure> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("no free port")?;
    Ok(listener.local_addr().context("no address")?.to_string())
}

/// The agent's rows: tracking code → (status, holder).
fn agent_rows(dir: &Path) -> Result<BTreeMap<String, (String, String)>, Failure> {
    let rows: Value = serde_json::from_str(&ok(agent(dir)?.args(["list", "--json"]))?)
        .context("the agent's list is not JSON")?;
    Ok(rows
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    let text = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
                    (text("tracking_code"), (text("status"), text("holder_name")))
                })
                .collect()
        })
        .unwrap_or_default())
}

/// The server's statuses of a desa: tracking code → status.
fn server_rows(storage: &[String], desa: &str) -> Result<BTreeMap<String, String>, Failure> {
    let rows: Value = serde_json::from_str(&ok(
        server(storage)?.args(["dispatch", "list", "--desa", desa, "--json"])
    )?)
    .context("the server's list is not JSON")?;
    Ok(rows
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    let text = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
                    (text("tracking_code"), text("status"))
                })
                .collect()
        })
        .unwrap_or_default())
}

/// Runs `cmd`, SIGKILLs it after `after` if still running; its output, and whether the
/// kill found it running.
fn run_and_kill(cmd: &mut Command, after: Duration) -> Result<(Output, bool), Failure> {
    let mut child = cmd
        .env("ANTAR_LANG", "id")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start the agent")?;
    std::thread::sleep(after);
    let running = matches!(child.try_wait(), Ok(None));
    if running {
        let _ = child.kill();
    }
    let out = child
        .wait_with_output()
        .context("cannot wait for the agent")?;
    Ok((out, running))
}

/// Notes the saves an agent's run reported (lines of `agent-receipt-saved` and
/// `agent-handover-saved` in Indonesian).
fn note_acks(out: &Output, acked: &mut Acked) {
    for line in String::from_utf8_lossy(&out.stderr).lines() {
        if let Some(code) = line.strip_suffix(": penerimaan tersimpan.") {
            acked.receipts.insert(code.to_owned());
        } else if let Some(code) = line.strip_suffix(": penyerahan tersimpan.") {
            acked.handovers.insert(code.to_owned());
        }
    }
}

/// Sets up a backend: dispatches for each office's desa, sent on manifests, the agents
/// enrolled and synced once.
fn set_up(
    args: &Args,
    storage: &[String],
    root: &Path,
    srv: &mut Server,
) -> Result<Vec<Office>, Failure> {
    ok(server(storage)?.arg("init"))?;
    let bima = bima_desa();
    let mut sampler = Sampler::new(args.seed);
    let mut csv = String::from("kind,number,holder_name,nik,desa_code\n");
    let mut offices = Vec::new();
    for i in 0..args.agents {
        let desa = bima[(i * 37) % bima.len()];
        for _ in 0..args.dispatches {
            let (issue, nik) = sampler.issue(desa, false);
            csv.push_str(&format!(
                "{},{},{},{},{desa}\n",
                issue.kind.code(),
                printed_number(&issue, &nik),
                issue.holder,
                nik.expose()
            ));
        }
        offices.push(Office {
            desa: desa.to_string(),
            dir: root.join(format!("desa-{i}")),
        });
    }
    let file = root.join("dispatches.csv");
    std::fs::write(&file, csv).context("cannot write the CSV")?;
    ok(server(storage)?.arg("import").arg(&file).args([
        "--skip-existing",
        "--output",
        "/dev/null",
    ]))?;
    // The Issue ops (one Argon2id check each) before the manifests that send them.
    ok(server(storage)?.arg("publish"))?;
    for office in &offices {
        ok(server(storage)?.args([
            "manifest",
            "create",
            "--courier",
            "Arifin Usman",
            "--desa",
            &office.desa,
            "--all-issued",
        ]))?;
    }
    srv.start()?;
    let url = format!("http://{}", srv.addr);
    for office in &offices {
        let code = ok(server(storage)?.args(["enroll-code", &office.desa]))?;
        ok(agent(&office.dir)?.args(["enroll", "--server", &url, "--code", code.trim()]))?;
        ok(agent(&office.dir)?.arg("sync"))?;
    }
    Ok(offices)
}

/// One round of agent work: a receipt, a handover or a sync, killed after a while.
fn agent_round(office: &Office, rng: &mut Sampler, acked: &mut Acked) -> Result<bool, Failure> {
    let rows = agent_rows(&office.dir)?;
    let on_the_road: Vec<&String> = rows
        .iter()
        .filter(|(_, (s, _))| s == "in_transit")
        .map(|(c, _)| c)
        .collect();
    let at_desa: Vec<(&String, &String)> = rows
        .iter()
        .filter(|(_, (s, _))| s == "at_desa")
        .map(|(c, (_, h))| (c, h))
        .collect();
    let mut cmd = agent(&office.dir)?;
    match rng.below(3) {
        0 if !on_the_road.is_empty() => {
            cmd.arg("receive");
            for _ in 0..1 + rng.below(4) {
                cmd.arg(rng.one_of(&on_the_road).as_str());
            }
        }
        1 if !at_desa.is_empty() => {
            let (code, holder) = rng.one_of(&at_desa);
            cmd.args([
                "handover",
                code,
                "--recipient",
                holder,
                "--relation",
                "holder",
            ])
            .args(["--clerk", CLERK]);
        }
        _ => {
            cmd.arg("sync");
        }
    }
    // Most of a clerk's command takes 20–80 ms: killed anywhere in it, or before it
    // did anything.
    let after = Duration::from_millis(rng.below(80) as u64);
    let (out, killed) = run_and_kill(&mut cmd, after)?;
    note_acks(&out, acked);
    Ok(killed)
}

/// One round against the server: every agent syncs while the server is killed.
fn server_round(offices: &[Office], srv: &mut Server, rng: &mut Sampler) -> Result<bool, Failure> {
    let mut syncs = Vec::new();
    for office in offices {
        syncs.push(
            agent(&office.dir)?
                .arg("sync")
                .env("ANTAR_LANG", "id")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("cannot start a sync")?,
        );
    }
    std::thread::sleep(Duration::from_millis(rng.below(300) as u64));
    let killed = srv.kill();
    for mut sync in syncs {
        let _ = sync.wait();
    }
    srv.start()?;
    Ok(killed)
}

/// The checks after a quiet sync; the failures found.
fn check(storage: &[String], offices: &[Office], acked: &Acked) -> Result<Vec<String>, Failure> {
    let mut failures = Vec::new();
    let mut server_status = BTreeMap::new();
    for office in offices {
        for _ in 0..5 {
            let _ = run(agent(&office.dir)?.arg("sync"))?;
        }
        let status: Value =
            serde_json::from_str(&ok(agent(&office.dir)?.args(["status", "--json"]))?)
                .context("status is not JSON")?;
        if status["integrity"] != "ok" {
            failures.push(format!(
                "{}: replica integrity {}",
                office.desa, status["integrity"]
            ));
        }
        if status["ops_waiting"] != 0 {
            failures.push(format!(
                "{}: {} ops still waiting",
                office.desa, status["ops_waiting"]
            ));
        }
        let on_server = server_rows(storage, &office.desa)?;
        let on_agent = agent_rows(&office.dir)?;
        for (code, (status, _)) in &on_agent {
            if on_server.get(code) != Some(status) {
                failures.push(format!(
                    "{code}: the agent shows {status}, the server {:?}",
                    on_server.get(code)
                ));
            }
        }
        server_status.extend(on_server);
    }
    for code in &acked.receipts {
        let status = server_status.get(code).map(String::as_str);
        if !matches!(status, Some("at_desa" | "handed_over")) {
            failures.push(format!(
                "{code}: receipt acknowledged, server shows {status:?}"
            ));
        }
    }
    for code in &acked.handovers {
        let status = server_status.get(code).map(String::as_str);
        if status != Some("handed_over") {
            failures.push(format!(
                "{code}: handover acknowledged, server shows {status:?}"
            ));
        }
    }
    let verify = run(server(storage)?.args(["audit", "verify"]))?;
    if !verify.status.success() {
        failures.push(format!(
            "antar-server audit verify: {}",
            String::from_utf8_lossy(&verify.stderr)
        ));
    }
    Ok(failures)
}

/// Runs the loop on each backend.
pub async fn run_loop(args: Args) -> Result<Value, Failure> {
    let mut table = Table::new(
        "SIGKILL at random moments while clerks work and devices sync",
        &[
            "backend",
            "kills",
            "server kills",
            "agent kills",
            "receipts acked",
            "handovers acked",
            "failures",
            "minutes",
        ],
    );
    for kind in &args.backend {
        let backend = Backend::fresh(kind).await?;
        let root = tempfile::tempdir().context("cannot make a temporary folder")?;
        let storage = backend.args();
        let mut srv = Server {
            storage: storage.clone(),
            addr: free_addr()?,
            child: None,
        };
        let started = Instant::now();
        let result = (|| {
            let offices = set_up(&args, &storage, root.path(), &mut srv)?;
            let mut rng = Sampler::new(args.seed ^ 0x4B11);
            let mut acked = Acked::default();
            let (mut server_kills, mut agent_kills) = (0, 0);
            while server_kills + agent_kills < args.kills {
                if rng.below(5) == 0 {
                    server_kills += usize::from(server_round(&offices, &mut srv, &mut rng)?);
                } else {
                    let office = rng.one_of(&offices);
                    agent_kills += usize::from(agent_round(office, &mut rng, &mut acked)?);
                }
                let done = server_kills + agent_kills;
                if done % 50 == 0 && done > 0 {
                    eprintln!("  {kind}: {done} kills");
                }
            }
            let failures = check(&storage, &offices, &acked)?;
            for f in &failures {
                eprintln!("FAILURE {kind}: {f}");
            }
            Ok::<_, Failure>((server_kills, agent_kills, acked, failures.len()))
        })();
        srv.kill();
        backend.drop_database().await;
        let (server_kills, agent_kills, acked, failures) = result?;
        table.row(vec![
            json!(kind),
            json!(server_kills + agent_kills),
            json!(server_kills),
            json!(agent_kills),
            json!(acked.receipts.len()),
            json!(acked.handovers.len()),
            json!(failures),
            num(started.elapsed().as_secs_f64() / 60.0),
        ]);
        if failures > 0 {
            println!("{}", table.json());
            return Err(format!(
                "{failures} failures on {kind}; replay: antar-bench kill-loop --backend {kind} --kills {} --agents {} --dispatches {} --seed {}",
                args.kills, args.agents, args.dispatches, args.seed
            ));
        }
    }
    Ok(json!({ "kill_loop": table.json() }))
}

//! The real executables: found (and built) in the bench's own target folder, started
//! as their users start them, and measured from `/proc`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::report::{Context, Failure};

/// Builds (incrementally) and returns the path of `antar-server` or `antar-agent`, in
/// the profile this bench was built in: figures from a debug server mean nothing, so
/// a debug bench says so.
pub fn binary(name: &str) -> Result<PathBuf, Failure> {
    // Built once per run: the kill loop starts thousands of processes, and a `cargo
    // build` before each cost a third of a second (and waited on any other build).
    static BUILT: std::sync::Mutex<Vec<(String, PathBuf)>> = std::sync::Mutex::new(Vec::new());
    if let Ok(built) = BUILT.lock()
        && let Some((_, path)) = built.iter().find(|(n, _)| n == name)
    {
        return Ok(path.clone());
    }
    let path = build(name)?;
    if let Ok(mut built) = BUILT.lock() {
        built.push((name.to_owned(), path.clone()));
    }
    Ok(path)
}

fn build(name: &str) -> Result<PathBuf, Failure> {
    let exe = std::env::current_exe().context("cannot find the bench executable")?;
    let dir = exe
        .parent()
        .context("the bench executable has no folder")?
        .to_path_buf();
    // target/<profile>/antar-bench: build the executables in the same profile.
    let profile = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if profile == "debug" {
        eprintln!("warning: a debug build; run `cargo run --release -p antar-bench` for figures");
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(cargo);
    build
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args(["build", "--quiet", "-p", name, "--bin", name]);
    if profile != "debug" {
        build.args(["--profile", &profile]);
    }
    let status = build.status().context("cannot run cargo")?;
    if !status.success() {
        return Err(format!("cargo build -p {name} failed"));
    }
    let path = dir.join(name);
    path.exists()
        .then_some(path.clone())
        .context(&format!("{} was not built", path.display()))
}

/// A running `antar-server serve`, killed when dropped.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Starts `serve` on a free loopback port with the given storage arguments and
    /// environment, its log at the default level (as an operator runs it) drained and
    /// dropped, and waits until it listens.
    pub fn start(storage: &[String], env: &[(&str, String)]) -> Result<Server, Failure> {
        let mut cmd = Command::new(binary("antar-server")?);
        cmd.args(storage)
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--metrics",
                "off",
                "--public-per-minute",
                "1000000",
            ])
            .env("ANTAR_LANG", "en")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().context("cannot start antar-server")?;
        let stderr = child.stderr.take().context("no stderr")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && let Some(i) = line.find("http://") {
                    let addr: String = line[i..]
                        .chars()
                        .take_while(|c| !c.is_whitespace())
                        .collect();
                    let _ = tx.send(addr);
                    sent = true;
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(120))
            .context("the server did not print its address within 2 minutes")?;
        Ok(Server { child, base })
    }

    /// The process id, for `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the server (SIGKILL: its store is safe by design, and the bench is done).
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `VmRSS` and `VmHWM` (peak) of a process, in MB, from `/proc/PID/status`.
pub fn memory_mb(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Runs a command to completion while sampling its memory; returns (seconds, peak MB,
/// its output). Fails with its standard error when it fails.
pub fn run_measured(mut cmd: Command) -> Result<(f64, f64, String), Failure> {
    let started = std::time::Instant::now();
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start the command")?;
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    let sampler = std::thread::spawn(move || {
        let mut peak: f64 = 0.0;
        while rx.recv_timeout(Duration::from_millis(50)).is_err() {
            if let Some((_, hwm)) = memory_mb(pid) {
                peak = peak.max(hwm);
            }
        }
        peak
    });
    let output = child
        .wait_with_output()
        .context("the command did not finish")?;
    let secs = started.elapsed().as_secs_f64();
    let _ = tx.send(());
    let peak = sampler.join().unwrap_or_default();
    if !output.status.success() {
        return Err(format!(
            "{:?} failed: {}",
            cmd,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok((
        secs,
        peak,
        String::from_utf8_lossy(&output.stdout).into_owned(),
    ))
}

//! Helpers for the end-to-end tests in `tests/tests/`: they run the real `antar-server`
//! and `antar-agent` executables, as a user would, rather than calling library code.
//! It is test code: a helper that cannot do its job fails the test at once, with why.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod mock;
pub mod postgres;

/// English words that have no place on an Indonesian page: the ones a string missed by
/// the translations would most likely bring (an error's `Display`, a transport error, a
/// describer that was not moved to Fluent). Names, codes and Indonesian loanwords such
/// as "status", "server" or "manifes" are not in it.
pub const ENGLISH_WORDS: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "is",
    "are",
    "was",
    "with",
    "from",
    "for",
    "not",
    "this",
    "that",
    "your",
    "error",
    "sending",
    "request",
    "failed",
    "unreachable",
    "received",
    "handed",
    "returned",
    "recalled",
    "dispatch",
    "dispatched",
    "manifest",
    "issued",
    "pending",
    "please",
    "click",
    "save",
    "cancel",
    "back",
    "search",
    "password",
    "village",
    "document",
    "clerk",
    "device",
    "holder",
    "courier",
    "missing",
    "damaged",
    "found",
    "unknown",
    "invalid",
    "yes",
];

/// The English words in a text, in the order they appear (case-insensitive, whole
/// words): empty for a properly Indonesian page. Identifiers such as CSV column names
/// (`holder_name`) are one word, not English.
pub fn english_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| ENGLISH_WORDS.contains(&w.to_lowercase().as_str()))
        .map(str::to_owned)
        .collect()
}

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Builds (once per test process) and returns the path of one of the workspace's
/// executables, in the same profile as the running test.
///
/// Cargo does not build another package's binaries for a test, so the helper asks
/// cargo to; the build is incremental and quick when nothing changed.
pub fn binary(name: &str) -> Result<PathBuf, String> {
    static BUILD: Mutex<()> = Mutex::new(());
    let _guard = BUILD.lock().map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    // target/<profile>/deps/<test> -> target/<profile>
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .ok_or("cannot find the target directory")?
        .to_path_buf();
    let release = profile_dir.file_name().is_some_and(|n| n == "release");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(cargo);
    // Each executable's package has the executable's name.
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    build
        .current_dir(workspace)
        .args(["build", "--quiet", "-p", name, "--bin", name]);
    if release {
        build.arg("--release");
    }
    let status = build
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build --bin {name} failed"));
    }
    let path = profile_dir.join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("{} was not built", path.display()))
    }
}

/// A running server (or agent UI) process, killed and reaped when dropped (also when a
/// test fails).
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// What it printed before it was ready.
    pub startup: Vec<String>,
    /// What it printed since (its log), as it arrives.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl ServerProcess {
    /// The base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The lines it printed after it was ready, so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `antar-server --data-dir DIR ARGS…`, Indonesian messages.
pub fn server(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(binary("antar-server").unwrap_or_else(|e| panic!("{e}")));
    cmd.arg("--data-dir")
        .arg(data)
        .args(args)
        .env("ANTAR_LANG", "id");
    cmd
}

/// `antar-agent --data-dir DIR ARGS…`, run to completion.
pub fn agent(data: &Path, args: &[&str]) -> Output {
    Command::new(binary("antar-agent").unwrap_or_else(|e| panic!("{e}")))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("ANTAR_LANG", "id")
        .output()
        .unwrap_or_else(|e| panic!("cannot run antar-agent: {e}"))
}

/// `antar-agent --data-dir DIR ARGS…` with `input` on its standard input (a NIK for
/// `--nik-stdin`), run to completion.
pub fn agent_with_input(data: &Path, args: &[&str], input: &str) -> Output {
    let mut cmd = Command::new(binary("antar-agent").unwrap_or_else(|e| panic!("{e}")));
    cmd.arg("--data-dir")
        .arg(data)
        .args(args)
        .env("ANTAR_LANG", "id");
    with_input(cmd, input)
}

/// A command run to completion with `input` on its standard input (a NIK for
/// `--nik-stdin`, which never goes on the command line).
pub fn with_input(mut cmd: Command, input: &str) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("stdin: {e}"));
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("cannot run a command: {e}"))
}

/// Starts `serve` on `listen` (`127.0.0.1:0` for a free port) and waits for the line it
/// prints when ready.
pub fn start_server(data: &Path, listen: &str) -> ServerProcess {
    spawn_ready(server(data, &["serve", "--listen", listen]), "server")
}

/// Starts a prepared `serve` command (e.g. one with `DATABASE_URL` in its environment)
/// and waits for the line it prints when ready.
pub fn start_serve(cmd: Command) -> ServerProcess {
    spawn_ready(cmd, "server")
}

/// Starts `antar-agent run` with its clerk UI on a free port and waits until it prints
/// the UI's address.
pub fn start_agent_ui(data: &Path) -> ServerProcess {
    let mut cmd = Command::new(binary("antar-agent").unwrap_or_else(|e| panic!("{e}")));
    cmd.arg("--data-dir")
        .arg(data)
        .args(["run", "--ui", "127.0.0.1:0", "--interval", "5"])
        .env("ANTAR_LANG", "id");
    spawn_ready(cmd, "agent")
}

/// `antar-agent run` in LAN mode (every address of the box; clerks log in), as the
/// office's phones reach it; its `addr` is the loopback one.
pub fn start_agent_lan(data: &Path) -> ServerProcess {
    let mut cmd = Command::new(binary("antar-agent").unwrap_or_else(|e| panic!("{e}")));
    cmd.arg("--data-dir")
        .arg(data)
        .args(["run", "--ui", "0.0.0.0:0", "--interval", "5"])
        .env("ANTAR_LANG", "id");
    let mut process = spawn_ready(cmd, "agent");
    process.addr = process.addr.replacen("0.0.0.0", "127.0.0.1", 1);
    process
}

/// Spawns a long-running process and waits for the `http://ADDR` line it prints when
/// ready; its output keeps being drained so it never blocks on a full pipe.
fn spawn_ready(mut cmd: Command, what: &str) -> ServerProcess {
    let mut child = cmd
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the {what}: {e}"));
    let stderr = child.stderr.take();
    let mut process = ServerProcess {
        child,
        addr: String::new(),
        startup: Vec::new(),
        log: Default::default(),
    };
    let Some(stderr) = stderr else {
        panic!("no stderr")
    };
    let mut reader = BufReader::new(stderr);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).unwrap_or(0);
        assert!(n > 0, "{what} exited: {:?}", process.startup);
        process.startup.push(line.trim_end().to_owned());
        if let Some(at) = line.find("http://") {
            process.addr = line[at + 7..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned();
            let log = process.log.clone();
            std::thread::spawn(move || {
                for line in reader.lines().map_while(Result::ok) {
                    if let Ok(mut log) = log.lock() {
                        log.push(line);
                    }
                }
            });
            return process;
        }
        assert!(
            Instant::now() < deadline,
            "{what} did not start: {:?}",
            process.startup
        );
    }
}

/// Standard output of a finished command, asserting it succeeded.
pub fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "command failed ({:?}): {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A TCP proxy that misbehaves like a bad rural link: it refuses connections, cuts
/// requests and responses part-way (mid-body), and delays — at random, reproducibly
/// from a seed — while faults are on. Traffic stays on loopback.
#[derive(Debug)]
pub struct FaultyProxy {
    /// `127.0.0.1:PORT` to point clients at.
    pub addr: String,
    faults: std::sync::Arc<std::sync::atomic::AtomicBool>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl FaultyProxy {
    /// Starts a proxy in front of `upstream` (`127.0.0.1:PORT`), faults off.
    pub fn start(upstream: &str, seed: u64) -> FaultyProxy {
        use std::net::{TcpListener, TcpStream};
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let faults = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (faults_t, stop_t, upstream) = (faults.clone(), stop.clone(), upstream.to_owned());
        let state = Arc::new(AtomicU64::new(seed));
        std::thread::spawn(move || {
            let next = |n: u64| {
                let s = state.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
                let mut z = s ^ (s >> 30);
                z = z.wrapping_mul(0xBF58_476D_1CE4_E5B9);
                (z ^ (z >> 31)) % n.max(1)
            };
            while !stop_t.load(Ordering::Relaxed) {
                let client = match listener.accept() {
                    Ok((c, _)) => c,
                    Err(_) => {
                        std::thread::sleep(Duration::from_millis(5));
                        continue;
                    }
                };
                let _ = client.set_nonblocking(false);
                let faulty = faults_t.load(Ordering::Relaxed);
                // 0 refuse, 1 cut the request, 2 cut the response, 3 delay, 4+ clean.
                let mode = if faulty { next(6) } else { 5 };
                if mode == 0 {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                let limit_up = if mode == 1 { next(300) } else { u64::MAX };
                let limit_down = if mode == 2 { next(400) } else { u64::MAX };
                let delay = if mode == 3 {
                    Duration::from_millis(100 + next(400))
                } else {
                    Duration::ZERO
                };
                let pipe = |mut from: TcpStream, mut to: TcpStream, limit: u64, delay: Duration| {
                    std::thread::spawn(move || {
                        use std::io::{Read, Write};
                        std::thread::sleep(delay);
                        let mut sent = 0u64;
                        let mut buf = [0u8; 4096];
                        loop {
                            let n = match from.read(&mut buf) {
                                Ok(0) | Err(_) => break,
                                Ok(n) => n,
                            };
                            let allowed = usize::try_from(limit.saturating_sub(sent))
                                .unwrap_or(usize::MAX)
                                .min(n);
                            if to.write_all(&buf[..allowed]).is_err() {
                                break;
                            }
                            sent += allowed as u64;
                            if allowed < n {
                                break; // the link dies here
                            }
                        }
                        let _ = to.shutdown(std::net::Shutdown::Both);
                        let _ = from.shutdown(std::net::Shutdown::Both);
                    });
                };
                let (Ok(c2), Ok(s2)) = (client.try_clone(), server.try_clone()) else {
                    continue;
                };
                pipe(client, server, limit_up, delay);
                pipe(s2, c2, limit_down, Duration::ZERO);
            }
        });
        FaultyProxy { addr, faults, stop }
    }

    /// The base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Turns faults on or off.
    pub fn set_faults(&self, on: bool) {
        self.faults.store(on, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Drop for FaultyProxy {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A TCP load balancer in front of several servers: each new connection goes to the
/// next upstream in turn, as a round-robin L4 balancer does. Clients that open a
/// connection per request (the agent's commands, a client without keep-alive) reach
/// a different server process each time.
#[derive(Debug)]
pub struct RoundRobin {
    /// `127.0.0.1:PORT` to point clients at.
    pub addr: String,
    /// Connections handed to each upstream so far.
    pub served: std::sync::Arc<Vec<std::sync::atomic::AtomicUsize>>,
}

impl RoundRobin {
    /// Starts balancing over `upstreams` (`127.0.0.1:PORT` each).
    pub fn start(upstreams: &[String]) -> RoundRobin {
        use std::net::{TcpListener, TcpStream};
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let served: Arc<Vec<AtomicUsize>> =
            Arc::new(upstreams.iter().map(|_| AtomicUsize::new(0)).collect());
        let (upstreams, counts) = (upstreams.to_vec(), served.clone());
        std::thread::spawn(move || {
            for (n, client) in listener.incoming().enumerate() {
                let Ok(client) = client else { continue };
                let i = n % upstreams.len();
                let Ok(server) = TcpStream::connect(&upstreams[i]) else {
                    continue;
                };
                counts[i].fetch_add(1, Ordering::Relaxed);
                let pipe = |mut from: TcpStream, mut to: TcpStream| {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Write);
                    });
                };
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                pipe(client, server);
                pipe(s2, c2);
            }
        });
        RoundRobin { addr, served }
    }

    /// Connections each upstream took.
    pub fn counts(&self) -> Vec<usize> {
        self.served
            .iter()
            .map(|c| c.load(std::sync::atomic::Ordering::Relaxed))
            .collect()
    }
}

/// `antar-agent list --json`: the dispatches a desa device holds, as JSON rows.
pub fn agent_rows(dir: &Path) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(&ok(&agent(dir, &["list", "--json"])))
        .unwrap_or_else(|e| panic!("agent list --json is not JSON: {e}"))
        .as_array()
        .cloned()
        .unwrap_or_default()
}

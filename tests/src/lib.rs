//! Helpers for the end-to-end tests in `tests/tests/`: they run the real `antar-server`
//! and `antar-agent` executables, as a user would, rather than calling library code.
//! It is test code: a helper that cannot do its job fails the test at once, with why.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

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

/// A running server process, killed and reaped when dropped (also when a test fails).
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// What it printed before it was ready.
    pub startup: Vec<String>,
}

impl ServerProcess {
    /// The base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
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

/// Starts `serve` on `listen` (`127.0.0.1:0` for a free port) and waits for the line it
/// prints when ready.
pub fn start_server(data: &Path, listen: &str) -> ServerProcess {
    let mut cmd = server(data, &["serve", "--listen", listen]);
    let mut child = cmd
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the server: {e}"));
    let stderr = child.stderr.take();
    let mut process = ServerProcess {
        child,
        addr: String::new(),
        startup: Vec::new(),
    };
    let Some(stderr) = stderr else {
        panic!("no stderr")
    };
    let mut reader = BufReader::new(stderr);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).unwrap_or(0);
        assert!(n > 0, "server exited: {:?}", process.startup);
        process.startup.push(line.trim_end().to_owned());
        if let Some(at) = line.find("http://") {
            process.addr = line[at + 7..].trim().to_owned();
            // Keep draining its output so it never blocks on a full pipe.
            std::thread::spawn(move || for _ in reader.lines() {});
            return process;
        }
        assert!(
            Instant::now() < deadline,
            "server did not start: {:?}",
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

//! Helpers for the end-to-end tests in `tests/tests/`: they run the real `antar-server`
//! and `antar-agent` executables, as a user would, rather than calling library code.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

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

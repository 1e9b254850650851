//! What the packages install: the systemd units pass `systemd-analyze verify` and keep
//! a hardened exposure score, and the shipped settings files are accepted by the
//! executables they configure (so a renamed flag cannot leave a package that fails to
//! start).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

use antar_tests::binary;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `systemd-analyze`, or `None` (said) where the machine has no systemd; in CI it
/// must be there, so the test cannot pass by not running.
fn systemd_analyze() -> Option<Command> {
    let found = Command::new("systemd-analyze").arg("--version").output();
    if found.is_ok_and(|o| o.status.success()) {
        return Some(Command::new("systemd-analyze"));
    }
    assert!(
        !std::env::var("CI").is_ok_and(|v| v == "true"),
        "CI=true but systemd-analyze is missing"
    );
    eprintln!("SKIPPED: no systemd-analyze on this machine");
    None
}

/// The unit as installed, pointed at this build's executable and settings files (the
/// paths `verify` checks exist).
fn unit_here(name: &str, dir: &std::path::Path) -> PathBuf {
    let text =
        std::fs::read_to_string(root().join(format!("packaging/systemd/{name}.service"))).unwrap();
    let exe = binary(name).unwrap();
    let here = text
        .replace(&format!("/usr/bin/{name}"), exe.to_str().unwrap())
        .replace(
            "/etc/antar/",
            &format!("{}/", root().join("packaging/etc").display()),
        );
    let path = dir.join(format!("{name}.service"));
    std::fs::write(&path, here).unwrap();
    path
}

#[test]
fn the_systemd_units_verify_and_stay_hardened() {
    let Some(_) = systemd_analyze() else { return };
    let dir = tempfile::tempdir().unwrap();
    for name in ["antar-server", "antar-agent"] {
        let unit = unit_here(name, dir.path());
        let out = systemd_analyze()
            .unwrap()
            .arg("verify")
            .arg(&unit)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && said.trim().is_empty(),
            "{name}: {said}"
        );
        // Exposure 0 (locked down) to 10 (none): keep it under 2.0, "OK".
        let out = systemd_analyze()
            .unwrap()
            .args(["security", "--offline=yes", "--threshold=20"])
            .arg(&unit)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let text = std::fs::read_to_string(&unit).unwrap();
        for line in [
            "User=antar",
            "ProtectSystem=strict",
            "NoNewPrivileges=yes",
            "PrivateTmp=yes",
            "Restart=on-failure",
        ] {
            assert!(text.contains(line), "{name}: {line}");
        }
    }
}

#[test]
fn the_shipped_settings_files_are_accepted() {
    for (name, file) in [
        ("antar-server", "server.toml"),
        ("antar-agent", "agent.toml"),
    ] {
        let path = root().join("packaging/etc").join(file);
        let out = Command::new(binary(name).unwrap())
            .arg("--config")
            .arg(&path)
            .args(["config", "check"])
            .env("ANTAR_LANG", "en")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("# from the settings file"), "{stdout}");
    }
}

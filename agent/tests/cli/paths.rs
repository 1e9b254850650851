//! Where the agent keeps its data: the per-user folder of the OS, said in `--help`,
//! unless `ANTAR_AGENT_DIR` or `--data-dir` names another.

use std::path::Path;
use std::process::{Command, Output};

/// `antar-agent ARGS…` for a user whose home is `home`, with no folder chosen.
fn agent(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_antar-agent"));
    cmd.args(args)
        .env("HOME", home)
        .env("ANTAR_LANG", "en")
        .env_remove("XDG_DATA_HOME")
        .env_remove("ANTAR_AGENT_DIR");
    cmd
}

fn not_enrolled(output: &Output) {
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not enrolled"), "{stderr}");
}

/// On Linux the folder is `~/.local/share/antar-agent`, as it was before the OS's
/// folders were asked for.
#[cfg(target_os = "linux")]
#[test]
fn the_default_folder_is_in_the_help_and_used() {
    let home = tempfile::tempdir().unwrap();
    let default = home.path().join(".local/share/antar-agent");
    let help = agent(home.path(), &["--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains(&format!("[default: {}]", default.display())),
        "{help}"
    );
    not_enrolled(&agent(home.path(), &["status"]).output().unwrap());
    assert!(default.join("replica.db").exists());
}

#[test]
fn the_environment_and_the_option_override_the_default() {
    let home = tempfile::tempdir().unwrap();
    let by_env = home.path().join("env");
    let by_option = home.path().join("option");
    not_enrolled(
        &agent(home.path(), &["status"])
            .env("ANTAR_AGENT_DIR", &by_env)
            .output()
            .unwrap(),
    );
    assert!(by_env.join("replica.db").exists());
    not_enrolled(
        &agent(
            home.path(),
            &["--data-dir", by_option.to_str().unwrap(), "status"],
        )
        .env("ANTAR_AGENT_DIR", &by_env)
        .output()
        .unwrap(),
    );
    assert!(by_option.join("replica.db").exists());
    assert!(!home.path().join(".local/share/antar-agent").exists());
}

/// The replica holds names and the device token: only its user may read the folder,
/// the database or its write-ahead log, even where the umask would share them. A folder
/// left open by an earlier version is closed again.
#[cfg(unix)]
#[test]
fn the_data_folder_and_replica_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("desk");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let status = agent(
        home.path(),
        &["--data-dir", dir.to_str().unwrap(), "status"],
    )
    .output()
    .unwrap();
    not_enrolled(&status);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700, "the data folder");
    for name in ["replica.db", "replica.db-wal", "replica.db-shm"] {
        let file = dir.join(name);
        if file.exists() {
            assert_eq!(mode(&file), 0o600, "{name}");
        }
    }
    assert!(dir.join("replica.db").exists());
}

/// Output that goes to a file or a pipe has no terminal colour codes in it.
#[test]
fn no_colour_codes_into_a_log_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("desk");
    let status = agent(
        home.path(),
        &["--data-dir", dir.to_str().unwrap(), "status"],
    )
    .env("ANTAR_LOG", "debug")
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(!stderr.is_empty());
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

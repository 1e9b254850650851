//! What the agent writes to stdout, and a reader that leaves early.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::office::Office;

/// `antar-agent --data-dir DIR ARGS…` in Indonesian.
fn agent(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_antar-agent"));
    cmd.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("ANTAR_LANG", "id")
        .env_remove("ANTAR_LOG");
    cmd
}

/// Runs with stdout into a pipe whose reader is already gone, as in
/// `antar-agent list | head` once `head` has read its lines.
fn into_closed_pipe(dir: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    agent(dir, args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[tokio::test]
async fn data_into_a_closed_pipe_ends_quietly() {
    let office = Office::new().await;
    office.receive(0).await.unwrap();
    let code = office.codes[0].to_string();
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["status"],
        vec!["status", "--json"],
        vec!["resolve", &code],
        vec!["doctor", "--offline"],
        vec!["doctor", "--offline", "--json"],
    ] {
        let output = into_closed_pipe(office.path(), &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
    }
    // What goes on after the data still happens: the count on stderr.
    let output = into_closed_pipe(office.path(), &["list"]);
    assert_eq!(String::from_utf8_lossy(&output.stderr).trim(), "4 kiriman");
}

#[tokio::test]
async fn resolve_without_a_conflict_shows_no_unexplained_arrival() {
    let office = Office::new().await;
    office.receive(0).await.unwrap();
    let code = office.codes[0].to_string();
    let output = agent(office.path(), &["resolve", &code]).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // It used to print "-  Ok" for the one recorded arrival.
    assert_eq!(stdout, "", "{stdout}");
    assert_eq!(stderr.trim(), "Tidak ada konflik yang perlu diselesaikan.");
}

/// A missing report is not a receipt: the line says what was saved, in the reader's
/// language.
#[tokio::test]
async fn a_missing_report_does_not_say_receipt() {
    let office = Office::new().await;
    let code = office.codes[1].to_string();
    let output = agent(office.path(), &["receive", &code, "--missing"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("penerimaan tersimpan"), "{stderr}");
    assert_eq!(
        stderr.trim(),
        format!("{code}: laporan tidak ada dalam kiriman tersimpan.")
    );
    let output = agent(office.path(), &["receive", "7KQM-2XWP-8RD1"])
        .env("ANTAR_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("antar-agent: 1 codes were not recorded"),
        "{stderr}"
    );
    assert!(!stderr.contains("tidak"), "English throughout: {stderr}");
}

/// There is one way to run without the UI (`--no-ui`); the old `--ui off` is a bad
/// address that says so and points there, and starts nothing.
#[tokio::test]
async fn run_has_one_way_to_go_without_the_ui() {
    let office = Office::new().await;
    let output = agent(office.path(), &["run", "--ui", "off"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("\"off\"") && stderr.contains("--no-ui"),
        "{stderr}"
    );
    let help = agent(office.path(), &["run", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--no-ui"), "{help}");
    assert!(
        !help.contains("--ui off") && !help.contains("[off"),
        "no second spelling in the help: {help}"
    );
}

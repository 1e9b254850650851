//! The executables start, and their help explains them in Indonesian and English.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use antar_tests::binary;

fn run(name: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(binary(name).unwrap())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn server_help_is_bilingual() {
    let (code, stdout, _) = run("antar-server", &["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Menerbitkan catatan kiriman"), "{stdout}");
    assert!(stdout.contains("Issues dispatch records"), "{stdout}");
    let (code, stdout, _) = run("antar-server", &["--version"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("antar-server "), "{stdout}");
}

#[test]
fn agent_help_is_bilingual() {
    let (code, stdout, _) = run("antar-agent", &["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("tanpa internet"), "{stdout}");
    assert!(stdout.contains("offline"), "{stdout}");
}

#[test]
fn unknown_arguments_fail_clearly() {
    let (code, _, stderr) = run("antar-agent", &["--no-such-flag"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--no-such-flag"), "{stderr}");
}

/// The agent's command with its own data folder, in English.
fn agent(dir: &std::path::Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(binary("antar-agent").unwrap())
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("ANTAR_LANG", "en")
        .env_remove("ANTAR_CONFIG")
        .env_remove("ANTAR_AGENT_UI")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// LAN mode from the command line: no accounts, no start (and the message says how);
/// the head clerk adds accounts on the box; then the box serves the login page to the
/// office network.
#[test]
fn a_lan_box_starts_only_once_the_head_clerk_made_an_account() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = agent(dir.path(), &["run", "--ui", "0.0.0.0:0"], "");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("clerk add"), "{stderr}");

    let (code, stdout, stderr) = agent(dir.path(), &["clerk", "add", "Nurul Hamzah", "--head"], "");
    assert_eq!(code, 0, "{stderr}");
    let pin = stdout.trim();
    assert!(
        pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit()),
        "{stdout}"
    );
    assert!(
        stderr.contains("hand it to the clerk in person"),
        "{stderr}"
    );
    // A PIN that is not 6–12 digits is refused and adds nobody.
    let (code, _, stderr) = agent(
        dir.path(),
        &["clerk", "add", "Siti Aminah", "--pin-stdin"],
        "12ab\n",
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("6 to 12 digits"), "{stderr}");
    let (code, _, _) = agent(
        dir.path(),
        &["clerk", "add", "Siti Aminah", "--pin-stdin"],
        "135790\n",
    );
    assert_eq!(code, 0);
    let (_, list, _) = agent(dir.path(), &["clerk", "list"], "");
    assert_eq!(list, "Nurul Hamzah\thead clerk\nSiti Aminah\n");
    let (code, _, stderr) = agent(dir.path(), &["clerk", "remove", "Siapa"], "");
    assert_eq!(code, 1);
    assert!(stderr.contains("No clerk is named Siapa"), "{stderr}");

    // Now it starts, on every address of the box, and asks for a login.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut run = Command::new(binary("antar-agent").unwrap())
        .arg("--data-dir")
        .arg(dir.path())
        .args(["run", "--ui", &format!("0.0.0.0:{port}")])
        .env_remove("ANTAR_CONFIG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let answer = loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer).unwrap();
            break answer;
        }
        assert!(std::time::Instant::now() < deadline, "the UI did not start");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    run.kill().unwrap();
    run.wait().unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(
        answer.to_lowercase().contains("location: /masuk"),
        "{answer}"
    );
}

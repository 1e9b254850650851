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

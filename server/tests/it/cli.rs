//! The command line's refusals read in the reader's language: the system's or SQLite's
//! own English (`No such file or directory (os error 2)`, `file is not a database`)
//! goes to the log, never into the message.

use std::path::Path;
use std::process::{Command, Output};

/// `antar-server --data-dir DATA ARGS…` in Indonesian, without the log (which keeps
/// the system's words on purpose).
fn server(data: &Path, args: &[&str], file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_antar-server"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .arg(file)
        .env("ANTAR_LANG", "id")
        .env("ANTAR_LOG", "off")
        .output()
        .unwrap()
}

/// The message the command ended with (`antar-server: …`).
fn message(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines()
        .find_map(|l| l.strip_prefix("antar-server: "))
        .unwrap_or_else(|| panic!("no message in {text}"))
        .to_owned()
}

fn no_system_words(message: &str) {
    for english in [
        "os error",
        "No such file",
        "File exists",
        "not a database",
        "error returned",
    ] {
        assert!(!message.contains(english), "{english:?} in {message}");
    }
}

#[test]
fn a_restore_that_cannot_be_done_says_why_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("senin.csv");
    std::fs::write(&text, "kind,number\nkk,1\n").unwrap();

    // Not a database at all.
    let data = dir.path().join("data");
    let said = message(&server(&data, &["restore"], &text));
    assert!(said.contains("bukan basis data Antar"), "{said}");
    assert!(said.contains("tidak terbaca sebagai basis data"), "{said}");
    no_system_words(&said);

    // The data folder is a file: the folder cannot be made.
    let in_the_way = dir.path().join("berkas");
    std::fs::write(&in_the_way, "x").unwrap();
    let said = message(&server(&in_the_way, &["restore"], &text));
    assert!(said.contains("membuat folder data"), "{said}");
    assert!(said.contains("menghalangi"), "{said}");
    no_system_words(&said);
}

#[test]
fn an_import_of_a_missing_file_says_so_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let init = Command::new(env!("CARGO_BIN_EXE_antar-server"))
        .arg("--data-dir")
        .arg(&data)
        .arg("init")
        .env("ANTAR_LOG", "off")
        .output()
        .unwrap();
    assert!(init.status.success(), "{init:?}");
    let said = message(&server(
        &data,
        &["import"],
        &dir.path().join("tidak-ada.csv"),
    ));
    assert!(
        said.contains("tidak bisa dibuka: berkas itu tidak ada"),
        "{said}"
    );
    no_system_words(&said);
}

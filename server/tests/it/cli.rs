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

/// The tracking codes `import` prints are opened in a spreadsheet: a name or a number
/// that starts like a formula is written so that it cannot run as one, and a KTP-el's
/// number (the NIK) is masked.
#[test]
fn the_import_csv_output_runs_no_formula_and_shows_no_nik() {
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
    let file = dir.path().join("kiriman.csv");
    std::fs::write(
        &file,
        "kind,number,holder_name,nik,desa_code\n\
         kk,=HYPERLINK(\"http://x\"),Siti Aminah,5206034507900001,52.06.03.2012\n\
         lainnya,474/0000001/DKPS/2026,+1+cmd|' /C calc'!A0,5206034507900002,52.06.03.2012\n\
         lainnya,474/0000002/DKPS/2026,@SUM(A1:A9),5206034507900003,52.06.03.2012\n\
         ktp-el,5206034507900004,Nurul Hamzah,5206034507900004,52.06.03.2012\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_antar-server"))
        .arg("--data-dir")
        .arg(&data)
        .arg("import")
        .arg(&file)
        .env("ANTAR_LOG", "off")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let csv = String::from_utf8_lossy(&out.stdout);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    assert!(cells.len() >= 4 * 7, "{csv}");
    for cell in &cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "{cell:?} would run as a formula:\n{csv}"
        );
    }
    assert!(
        cells.iter().any(|c| c == "'=HYPERLINK(\"http://x\")"),
        "{csv}"
    );
    assert!(
        !csv.contains("5206034507900004"),
        "the KTP-el's number is the NIK:\n{csv}"
    );
}

/// `user` runs accounts from the command line: list with state and last login, reset
/// (a one-time password on stdout), disable and enable.
#[test]
fn accounts_are_run_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_antar-server"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env("ANTAR_LANG", "id")
            .env("ANTAR_LOG", "off")
            .output()
            .unwrap()
    };
    assert!(run(&["init"]).status.success());
    let added = run(&["user", "add", "petugas", "--role", "operator"]);
    assert!(added.status.success(), "{added:?}");
    let listed = String::from_utf8_lossy(&run(&["user", "list"]).stdout).into_owned();
    assert!(listed.contains("petugas\toperator\taktif\t-"), "{listed}");
    let reset = run(&["user", "reset", "petugas"]);
    assert!(reset.status.success(), "{reset:?}");
    assert!(String::from_utf8_lossy(&reset.stdout).trim().len() >= 10);
    assert!(run(&["user", "disable", "petugas"]).status.success());
    let listed = String::from_utf8_lossy(&run(&["user", "list"]).stdout).into_owned();
    assert!(listed.contains("petugas\toperator\tnonaktif"), "{listed}");
    assert!(run(&["user", "enable", "petugas"]).status.success());
    let missing = run(&["user", "disable", "tidak-ada"]);
    assert_eq!(missing.status.code(), Some(1));
    let audit =
        String::from_utf8_lossy(&run(&["audit", "list", "--action", "user"]).stdout).into_owned();
    for action in ["user_add", "user_reset", "user_disable", "user_enable"] {
        assert!(audit.contains(action), "{action} not in\n{audit}");
    }
}

/// `dispatch list` finds by name, says how many it shows of how many match, and
/// refuses a page larger than it serves instead of cutting it silently.
#[test]
fn dispatch_list_searches_counts_and_refuses_a_silent_cap() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_antar-server"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env("ANTAR_LANG", "id")
            .env("ANTAR_LOG", "off")
            .output()
            .unwrap()
    };
    assert!(run(&["init"]).status.success());
    let file = dir.path().join("kiriman.csv");
    let mut csv = String::from("kind,number,holder_name,nik,desa_code\n");
    for i in 1..=5 {
        csv.push_str(&format!(
            "kk,520603120324{i:04},Warga Naru {i},520603450790{i:04},52.06.03.2012\n"
        ));
    }
    csv.push_str("kk,5206031203249999,Siti Aminah,5206034507909999,52.06.03.2012\n");
    std::fs::write(&file, csv).unwrap();
    assert!(run(&["import", file.to_str().unwrap()]).status.success());

    let found = run(&["dispatch", "list", "--search", "siti ami"]);
    assert!(found.status.success(), "{found:?}");
    assert!(String::from_utf8_lossy(&found.stdout).contains("Siti Aminah"));
    assert!(String::from_utf8_lossy(&found.stderr).contains("1 dari 1 kiriman ditampilkan"));

    let page = run(&["dispatch", "list", "--limit", "2"]);
    let said = String::from_utf8_lossy(&page.stderr);
    assert!(
        said.contains("2 dari 6 kiriman ditampilkan; sisanya dengan --offset"),
        "{said}"
    );

    let all = run(&["dispatch", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 6, "--json gives every row");

    let refused = run(&["dispatch", "list", "--limit", "1000"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Paling banyak 500 baris"),
        "{refused:?}"
    );
}

//! The server executable as an operator runs it: first start, health, CSV import with
//! and without bad rows, listing, enrollment codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::TcpStream;

use antar_tests::{server, start_server};

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

const HEADER: &str = "kind,number,holder_name,nik,desa_code,applicant_phone\n";

#[test]
fn first_start_creates_an_admin_and_answers_health() {
    let dir = tempfile::tempdir().unwrap();
    let child = start_server(dir.path(), "127.0.0.1:0");
    let (addr, lines) = (child.addr.clone(), child.startup.clone());
    assert!(
        lines.iter().any(|l| l.contains("Akun admin dibuat")),
        "{lines:?}"
    );
    let health = get(&addr, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("ok\n"), "{health}");
    drop(child);
    // The second start finds the database and does not make another admin.
    let child = start_server(dir.path(), "127.0.0.1:0");
    let lines = child.startup.clone();
    assert!(
        !lines.iter().any(|l| l.contains("Akun admin dibuat")),
        "{lines:?}"
    );
}

#[test]
fn import_refuses_a_file_with_a_bad_row_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("kiriman.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER}kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,081234567890\n\
             akta-kelahiran,5206-LT-12032024-0042,Muhammad Saleh,5206030101200003,52.06.99.2012,\n"
        ),
    )
    .unwrap();
    let out = server(dir.path(), &["import"]).arg(&csv).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("baris 3, kolom desa_code"), "{stderr}");
    assert!(stderr.contains("tidak ada yang diimpor"), "{stderr}");
    let list = server(dir.path(), &["dispatch", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "[]");

    // --skip-invalid imports the good row and prints its tracking code.
    let out = server(dir.path(), &["import", "--skip-invalid"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let row = stdout.lines().nth(1).unwrap();
    assert!(row.starts_with("2,"), "{stdout}");
    let code = row.split(',').nth(1).unwrap().to_owned();

    let show = server(dir.path(), &["dispatch", "show", &code, "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(json["tracking_code"], code.as_str());
    assert_eq!(json["desa_code"], "52.06.03.2012");
    assert_eq!(json["kind"], "kk");
    assert_eq!(json["status"], "issued");
    assert_eq!(json["conflict"], false);

    let enroll = server(dir.path(), &["enroll-code", "5206032012"])
        .output()
        .unwrap();
    assert_eq!(enroll.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&enroll.stdout).trim().len(), 11);
    let refused = server(dir.path(), &["enroll-code", "52.06.03"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("kecamatan"));
}

//! Bad input against the real server executable, read from its log as an operator
//! would: a body the link cuts off mid-way, and gzip that is not gzip, are the client's
//! 400 `request.body_unreadable`, logged as a warning with that code and never as an
//! internal error; nothing is stored.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use antar_tests::{ServerProcess, ok, server, start_server};

/// Sends a request whose body stops after `sent` of the `declared` bytes (the client
/// closes its side), and returns the answer's status line and body.
fn cut_request(addr: &str, path: &str, headers: &str, sent: &[u8], declared: usize) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {declared}\r\n\r\n"
    )
    .unwrap();
    stream.write_all(sent).unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// Waits until the log has a line with `needle`, and returns the whole log.
fn log_with(process: &ServerProcess, needle: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let log = process.log();
        if log.iter().any(|l| l.contains(needle)) || Instant::now() > deadline {
            return log;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn assert_refused_not_internal(process: &ServerProcess, answer: &str) {
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("request.body_unreadable"), "{answer}");
    let log = log_with(process, "request.body_unreadable");
    let line = log
        .iter()
        .find(|l| l.contains("request.body_unreadable"))
        .unwrap_or_else(|| panic!("not logged: {log:?}"));
    assert!(line.contains("WARN"), "{line}");
    for l in &log {
        assert!(!l.contains("ERROR") && !l.contains("internal"), "{l}");
    }
}

#[test]
fn a_body_cut_off_mid_way_is_the_clients_400_logged_as_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let process = start_server(dir.path(), "127.0.0.1:0");
    // The enrollment's JSON, cut after its first bytes.
    let answer = cut_request(
        &process.addr,
        "/api/v1/enroll",
        "Content-Type: application/json\r\n",
        br#"{"code": "AAAAA-"#,
        200,
    );
    assert_refused_not_internal(&process, &answer);
    // An import's CSV, cut mid-row: nothing stored.
    let token = ok(&server(dir.path(), &["token", "create", "admin"])
        .output()
        .unwrap());
    let csv = "kind,number,holder_name,nik,desa_code\nkk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012\nkk,52060";
    let answer = cut_request(
        &process.addr,
        "/api/v1/imports",
        &format!(
            "Authorization: Bearer {}\r\nContent-Type: text/csv\r\n",
            token.trim()
        ),
        csv.as_bytes(),
        4096,
    );
    assert_refused_not_internal(&process, &answer);
    let listed = ok(&server(dir.path(), &["dispatch", "list"]).output().unwrap());
    assert!(!listed.contains("Siti Aminah"), "{listed}");
}

#[test]
fn an_import_in_gzip_that_is_not_gzip_is_the_clients_400() {
    let dir = tempfile::tempdir().unwrap();
    let process = start_server(dir.path(), "127.0.0.1:0");
    let token = ok(&server(dir.path(), &["token", "create", "admin"])
        .output()
        .unwrap());
    let body = b"kind,number,holder_name,nik,desa_code\n";
    let mut stream = TcpStream::connect(&process.addr).unwrap();
    write!(
        stream,
        "POST /api/v1/imports HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {}\r\n\
         Content-Type: text/csv\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
        token.trim(),
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert_refused_not_internal(&process, &answer);
}

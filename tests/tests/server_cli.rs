//! The server executable as an operator runs it: first start, health, `init`, CSV import
//! with and without bad rows (and checked with --dry-run), documents imported twice,
//! issuing and replacing one, listing, enrollment codes, devices, backup and restore.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::TcpStream;

use std::path::Path;
use std::process::Output;

use antar_tests::{ok, server, start_serve, start_server, with_input};

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
    // `serve` keeps today's copy of the database (and the newest 7) by itself.
    let backups = dir.path().join("backups");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let copy = loop {
        let found = std::fs::read_dir(&backups).ok().and_then(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "db"))
        });
        if let Some(found) = found {
            break found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no daily backup in {backups:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    drop(child);
    let name = copy.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("antar-20") && name.len() == "antar-YYYYMMDD.db".len(),
        "{name}"
    );
    // It is a whole database: a fresh folder restored from it serves the same admin.
    let fresh = tempfile::tempdir().unwrap();
    ok(&server(fresh.path(), &["restore", copy.to_str().unwrap()])
        .output()
        .unwrap());
    ok(&server(fresh.path(), &["user", "list"]).output().unwrap());
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
    ok(&server(dir.path(), &["init"]).output().unwrap());
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

/// Standard output and error together, for "the message mentions …" checks.
fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Three KKs for Naru, numbered from `series`.
fn three_kk(series: u32) -> String {
    let mut text = String::from(HEADER);
    for i in 1..=3 {
        text.push_str(&format!(
            "kk,520603120324{series}{i:03},Warga {i},520603450790{series}{i:03},52.06.03.2012,\n"
        ));
    }
    text
}

/// The tracking codes in an import's CSV output, in row order.
fn imported_codes(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_owned())
        .collect()
}

fn dispatch_count(data: &Path) -> usize {
    let out = ok(&server(data, &["dispatch", "list", "--json"])
        .output()
        .unwrap());
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn commands_refuse_a_folder_without_a_database_until_init() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("kiriman.csv");
    std::fs::write(&csv, three_kk(1)).unwrap();
    let nowhere = tmp.path().join("antar-data");
    for args in [
        vec!["import", csv.to_str().unwrap()],
        vec!["dispatch", "list"],
        vec!["device", "list"],
        vec!["publish"],
    ] {
        let out = server(&nowhere, &args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", said(&out));
        let text = said(&out);
        assert!(
            text.contains(&nowhere.join("antar.db").display().to_string()),
            "{args:?} names where it looked: {text}"
        );
        assert!(text.contains("init"), "and what to do: {text}");
        assert!(
            !nowhere.join("antar.db").exists(),
            "{args:?} created nothing"
        );
    }
    // English too.
    let out = server(&nowhere, &["dispatch", "list"])
        .env("ANTAR_LANG", "en")
        .output()
        .unwrap();
    assert!(
        said(&out).contains("No Antar database at"),
        "{}",
        said(&out)
    );

    let out = ok(&server(&nowhere, &["init"]).output().unwrap());
    assert!(nowhere.join("antar.db").exists());
    assert!(out.contains("antar.db"), "init says where: {out}");
    // A second init changes nothing and says so.
    let again = server(&nowhere, &["init"]).output().unwrap();
    assert!(again.status.success());
    assert!(said(&again).contains("sudah ada"), "{}", said(&again));
    let imported = ok(&server(&nowhere, &["import", csv.to_str().unwrap()])
        .output()
        .unwrap());
    assert_eq!(imported_codes(&imported).len(), 3);
}

#[test]
fn a_file_imported_twice_issues_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&server(&data, &["init"]).output().unwrap());
    let monday = dir.path().join("senin.csv");
    std::fs::write(&monday, three_kk(1)).unwrap();
    let first = imported_codes(&ok(&server(&data, &["import"])
        .arg(&monday)
        .output()
        .unwrap()));
    assert_eq!(first.len(), 3);

    // Again: refused, nothing imported, every existing code named with its line.
    let again = server(&data, &["import"]).arg(&monday).output().unwrap();
    assert_eq!(again.status.code(), Some(1), "{}", said(&again));
    let text = said(&again);
    for (line, code) in (2..).zip(&first) {
        assert!(
            text.contains(&format!("baris {line}: ")) && text.contains(code.as_str()),
            "line {line} and {code} named: {text}"
        );
    }
    assert!(text.contains("--skip-existing"), "{text}");
    assert_eq!(dispatch_count(&data), 3);

    // A dry run names them too, and stores nothing.
    let dry = server(&data, &["import", "--dry-run"])
        .arg(&monday)
        .output()
        .unwrap();
    assert!(dry.status.success());
    assert!(said(&dry).contains(first[2].as_str()), "{}", said(&dry));

    // Skipping them: exit 0, nothing new, the codes listed.
    let skipping = server(&data, &["import", "--skip-existing"])
        .arg(&monday)
        .output()
        .unwrap();
    let out = ok(&skipping);
    assert!(imported_codes(&out).is_empty(), "{out}");
    for code in &first {
        assert!(said(&skipping).contains(code.as_str()));
    }
    assert!(
        said(&skipping).contains("0 kiriman diimpor"),
        "{}",
        said(&skipping)
    );
    assert_eq!(dispatch_count(&data), 3);

    // Two old rows and a new one: exactly the new one.
    let tuesday = dir.path().join("selasa.csv");
    let mut text: String = three_kk(1)
        .lines()
        .take(3)
        .map(|l| format!("{l}\n"))
        .collect();
    text.push_str(three_kk(2).lines().nth(1).unwrap());
    text.push('\n');
    std::fs::write(&tuesday, text).unwrap();
    let refused = server(&data, &["import"]).arg(&tuesday).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(dispatch_count(&data), 3, "all or nothing");
    let out = ok(&server(&data, &["import", "--skip-existing"])
        .arg(&tuesday)
        .output()
        .unwrap());
    let new = imported_codes(&out);
    assert_eq!(new.len(), 1);
    assert!(out.lines().nth(1).unwrap().starts_with("4,"), "{out}");
    assert_eq!(dispatch_count(&data), 4);
}

#[test]
fn a_dry_run_with_a_bad_row_fails_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&server(&data, &["init"]).output().unwrap());
    let csv = dir.path().join("kiriman.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER}kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,081234567890\n\
             akta-kelahiran,5206-LT-12032024-0042,Muhammad Saleh,5206030101200003,52.06.99.2012,\n"
        ),
    )
    .unwrap();

    // The check names the bad row, counts everything, stores nothing, and fails: a
    // script can tell that the real import would be refused.
    let dry = server(&data, &["import", "--dry-run"])
        .arg(&csv)
        .output()
        .unwrap();
    let text = said(&dry);
    assert_eq!(dry.status.code(), Some(1), "{text}");
    assert!(text.contains("baris 3, kolom desa_code"), "{text}");
    assert!(text.contains("2 baris, 1 benar, 1 salah"), "{text}");
    assert!(text.contains("Tidak ada yang disimpan"), "{text}");
    assert!(text.contains("1 baris tidak sah"), "{text}");
    assert!(dry.stdout.is_empty(), "no tracking codes: {text}");
    assert_eq!(dispatch_count(&data), 0);

    // English too.
    let dry = server(&data, &["import", "--dry-run"])
        .arg(&csv)
        .env("ANTAR_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(dry.status.code(), Some(1));
    assert!(said(&dry).contains("1 invalid rows"), "{}", said(&dry));

    // With --skip-invalid the real import would store the good row: so the check passes.
    let skipping = server(&data, &["import", "--dry-run", "--skip-invalid"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(skipping.status.code(), Some(0), "{}", said(&skipping));
    assert_eq!(dispatch_count(&data), 0, "a dry run stores nothing");

    // A good file passes the check, and is stored only by the real import.
    std::fs::write(&csv, three_kk(1)).unwrap();
    let clean = server(&data, &["import", "--dry-run"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0), "{}", said(&clean));
    assert_eq!(dispatch_count(&data), 0);
    ok(&server(&data, &["import"]).arg(&csv).output().unwrap());
    assert_eq!(dispatch_count(&data), 3);
}

#[test]
fn one_dispatch_is_issued_replaced_and_reprinted_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(&server(data, &["init"]).output().unwrap());
    let issue = |extra: &[&str]| {
        let mut args = vec![
            "dispatch",
            "issue",
            "--kind",
            "kk",
            "--number",
            "5206031203249999",
            "--holder-name",
            "Siti Aminah",
            "--nik-stdin",
            "--desa",
            "52.06.03.2012",
            "--phone",
            "081234567890",
        ];
        args.extend_from_slice(extra);
        with_input(server(data, &args), "5206 0345 0790 0001\n")
    };
    let first = ok(&issue(&[])).trim().to_owned();
    assert_eq!(first.len(), 14, "a tracking code: {first}");

    let twice = issue(&[]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(said(&twice).contains(&first), "{}", said(&twice));
    assert!(said(&twice).contains("--replaces"), "{}", said(&twice));
    assert_eq!(dispatch_count(data), 1);

    // --replaces needs --reason (clap refuses), and a bad code is named.
    let half = issue(&["--replaces", &first]);
    assert!(!half.status.success());
    let bad = issue(&["--replaces", "ABCD", "--reason", "Salah cetak"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(said(&bad).contains("--replaces"), "{}", said(&bad));
    assert_eq!(dispatch_count(data), 1);

    let replaced = issue(&["--replaces", &first, "--reason", "Salah cetak nama"]);
    let second = ok(&replaced).trim().to_owned();
    assert_ne!(second, first);
    assert!(said(&replaced).contains("ditarik"), "{}", said(&replaced));
    let show = |code: &str| -> serde_json::Value {
        serde_json::from_str(&ok(&server(data, &["dispatch", "show", code, "--json"])
            .output()
            .unwrap()))
        .unwrap()
    };
    assert_eq!(show(&first)["status"], "recalled");
    assert_eq!(show(&first)["reissued_as"], second.as_str());
    assert_eq!(show(&second)["replaces"], first.as_str());
    assert!(show(&second)["reprint_of"].is_null());
    let text = ok(&server(data, &["dispatch", "show", &second])
        .output()
        .unwrap());
    assert!(text.contains(&format!("Menggantikan {first}")), "{text}");

    // The replacement recalled too: the document printed again is a reprint of it.
    ok(
        &server(data, &["dispatch", "recall", &second, "--reason", "Rusak"])
            .output()
            .unwrap(),
    );
    let third = ok(&issue(&[])).trim().to_owned();
    assert_eq!(show(&third)["reprint_of"], second.as_str());
    assert_eq!(dispatch_count(data), 3);

    // A NIK never goes on the command line: searched for from standard input only.
    let in_argv = server(data, &["dispatch", "list", "--search", "5206034507900001"])
        .output()
        .unwrap();
    assert_eq!(in_argv.status.code(), Some(1));
    assert!(said(&in_argv).contains("--nik-stdin"), "{}", said(&in_argv));
    let found = with_input(
        server(data, &["dispatch", "list", "--nik-stdin", "--json"]),
        "5206034507900001\n",
    );
    let found: serde_json::Value = serde_json::from_str(&ok(&found)).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 3, "{found}");
    let no_nik = with_input(server(data, &["dispatch", "list", "--nik-stdin"]), "");
    assert_eq!(no_nik.status.code(), Some(1));
    assert!(said(&no_nik).contains("Tidak ada NIK"), "{}", said(&no_nik));
    let old = server(data, &["dispatch", "issue", "--nik", "5206034507900001"])
        .output()
        .unwrap();
    assert!(!old.status.success());
    assert!(said(&old).contains("--nik-stdin"), "{}", said(&old));
}

/// `POST` a JSON body over plain HTTP; returns the whole response.
fn post_json(addr: &str, path: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn devices_are_listed_and_revoked_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let running = start_server(dir.path(), "127.0.0.1:0");
    let list = ok(&server(dir.path(), &["device", "list", "--json"])
        .output()
        .unwrap());
    assert_eq!(list.trim(), "[]");
    let code = ok(&server(dir.path(), &["enroll-code", "52.06.03.2012"])
        .output()
        .unwrap());
    let enrolled = post_json(
        &running.addr,
        "/api/v1/enroll",
        &format!(
            "{{\"code\":\"{}\",\"device_name\":\"Laptop kantor desa\"}}",
            code.trim()
        ),
    );
    assert!(enrolled.starts_with("HTTP/1.1 20"), "{enrolled}");
    let list: serde_json::Value =
        serde_json::from_str(&ok(&server(dir.path(), &["device", "list", "--json"])
            .output()
            .unwrap()))
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["name"], "Laptop kantor desa");
    assert!(list[0]["revoked_at"].is_null());
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let text = ok(&server(dir.path(), &["device", "list"]).output().unwrap());
    assert!(
        text.contains("Laptop kantor desa") && text.contains("aktif"),
        "{text}"
    );

    let revoked = server(dir.path(), &["device", "revoke", &id])
        .output()
        .unwrap();
    assert!(said(&revoked).contains("dicabut"), "{}", said(&revoked));
    ok(&revoked);
    let list: serde_json::Value = serde_json::from_str(&ok(&server(
        dir.path(),
        &["device", "list", "--json", "--desa", "5206032012"],
    )
    .output()
    .unwrap()))
    .unwrap();
    assert!(list[0]["revoked_at"].is_i64(), "{list}");
    let unknown = server(dir.path(), &["device", "revoke", "999999"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(said(&unknown).contains("999999"), "{}", said(&unknown));
    drop(running);
}

#[test]
fn a_backup_restores_and_the_replaced_database_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&server(&data, &["init"]).output().unwrap());
    let monday = dir.path().join("senin.csv");
    std::fs::write(&monday, three_kk(1)).unwrap();
    ok(&server(&data, &["import"]).arg(&monday).output().unwrap());

    // A backup while the server runs.
    let running = start_server(&data, "127.0.0.1:0");
    let backup = dir.path().join("cadangan.db");
    let out = server(&data, &["backup"]).arg(&backup).output().unwrap();
    ok(&out);
    assert!(backup.exists());
    // Never over an existing file.
    let again = server(&data, &["backup"]).arg(&backup).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(said(&again).contains("sudah ada"), "{}", said(&again));
    let tuesday = dir.path().join("selasa.csv");
    std::fs::write(&tuesday, three_kk(2)).unwrap();
    ok(&server(&data, &["import"]).arg(&tuesday).output().unwrap());
    assert_eq!(dispatch_count(&data), 6);
    // Not while the server runs.
    let busy = server(&data, &["restore"]).arg(&backup).output().unwrap();
    assert_eq!(busy.status.code(), Some(1), "{}", said(&busy));
    assert!(said(&busy).contains("masih berjalan"), "{}", said(&busy));
    assert_eq!(dispatch_count(&data), 6);
    drop(running);

    // Something that is not an Antar database is refused; nothing changes.
    let refused = server(&data, &["restore"]).arg(&monday).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        said(&refused).contains("bukan basis data Antar"),
        "{}",
        said(&refused)
    );
    let missing = server(&data, &["restore"])
        .arg(dir.path().join("tidak-ada.db"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(dispatch_count(&data), 6);
    let leftovers: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let restored = server(&data, &["restore"]).arg(&backup).output().unwrap();
    let text = said(&restored);
    ok(&restored);
    assert!(
        text.contains("dihentikan"),
        "the server must be stopped: {text}"
    );
    assert!(
        text.contains("sinkron berikutnya"),
        "devices hand back the rest: {text}"
    );
    assert_eq!(dispatch_count(&data), 3, "Monday's three, as in the backup");
    // Tuesday's database is kept, and opens.
    let kept: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            name.starts_with("antar.db.before-restore-") && !name.ends_with("-wal")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let old = dir.path().join("before");
    std::fs::create_dir(&old).unwrap();
    std::fs::copy(&kept[0], old.join("antar.db")).unwrap();
    let mut wal = kept[0].clone().into_os_string();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        std::fs::copy(&wal, old.join("antar.db-wal")).unwrap();
    }
    assert_eq!(dispatch_count(&old), 6);
    // The restored server starts and serves.
    let running = start_server(&data, "127.0.0.1:0");
    assert!(get(&running.addr, "/healthz").starts_with("HTTP/1.1 200"));
}

#[test]
fn imports_at_once_issue_each_document_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&server(&data, &["init"]).output().unwrap());
    let file = dir.path().join("kiriman.csv");
    let mut text = String::from(HEADER);
    for i in 1..=40 {
        text.push_str(&format!(
            "kk,52060312032{i:05},Warga {i},52060345079{i:05},52.06.03.2012,\n"
        ));
    }
    std::fs::write(&file, text).unwrap();
    // Three operators import the same file at the same moment.
    let children: Vec<_> = (0..3)
        .map(|_| {
            server(&data, &["import", "--skip-existing"])
                .arg(&file)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut issued = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        issued += imported_codes(&ok(&out)).len();
    }
    assert_eq!(issued, 40, "each document issued by exactly one import");
    assert_eq!(dispatch_count(&data), 40);
}

#[test]
fn an_import_names_its_batch_and_slips_print_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&server(&data, &["init"]).output().unwrap());
    let file = dir.path().join("kiriman.csv");
    std::fs::write(&file, three_kk(4)).unwrap();
    let out = server(&data, &["import"]).arg(&file).output().unwrap();
    let codes = imported_codes(&ok(&out));
    let text = said(&out);
    let batch = text
        .split("Terbitan ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .unwrap_or_else(|| panic!("a batch named: {text}"))
        .to_owned();

    let sheet = dir.path().join("slip.html");
    let slips = |url: &str| {
        server(
            &data,
            &[
                "slips",
                &batch,
                "--output",
                sheet.to_str().unwrap(),
                "--public-url",
                url,
            ],
        )
        .output()
        .unwrap()
    };
    let done = slips("https://antar.bimakab.go.id");
    ok(&done);
    assert!(said(&done).contains("3 slip"), "{}", said(&done));
    let html = std::fs::read_to_string(&sheet).unwrap();
    for code in &codes {
        assert!(html.contains(&format!("https://antar.bimakab.go.id/cek/{code}")));
    }
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(
        html.contains("W. 1.") && !html.contains("Warga 1"),
        "initials"
    );
    assert!(!html.contains("5206034507904001"), "no NIK");

    // A QR must lead somewhere a resident can open.
    let bad = slips("antar.bimakab.go.id");
    assert_eq!(bad.status.code(), Some(1));
    assert!(said(&bad).contains("https://"), "{}", said(&bad));
    let unknown = server(
        &data,
        &[
            "slips",
            "999",
            "--output",
            "x.html",
            "--public-url",
            "https://a.id",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(said(&unknown).contains("999"), "{}", said(&unknown));
}

/// Every table of a SQLite database, each row as text (`quote()` of each column, in
/// rowid order): what "the same data" means for a backup.
async fn every_table(file: &Path) -> std::collections::BTreeMap<String, Vec<String>> {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection};
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let mut out = std::collections::BTreeMap::new();
    for table in tables {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                .bind(&table)
                .fetch_all(&mut conn)
                .await
                .unwrap();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let without_rowid: bool = sqlx::query_scalar(
            "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = $1",
        )
        .bind(&table)
        .fetch_one(&mut conn)
        .await
        .unwrap();
        let order = if without_rowid { "1" } else { "rowid" };
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT {row} FROM \"{table}\" ORDER BY {order}"
        )))
        .fetch_all(&mut conn)
        .await
        .unwrap();
        out.insert(table, rows);
    }
    conn.close().await.unwrap();
    out
}

/// A stopped server's folder with a history: the demo's desa, dispatches, manifests,
/// devices, users, audit entries, handovers and notices, plus an import of three.
fn with_history(dir: &Path, series: u32) -> std::path::PathBuf {
    let data = dir.join("dukcapil");
    let running = start_serve(server(
        &data,
        &["serve", "--listen", "127.0.0.1:0", "--demo"],
    ));
    let csv = dir.join("senin.csv");
    std::fs::write(&csv, three_kk(series)).unwrap();
    ok(&server(&data, &["import"]).arg(&csv).output().unwrap());
    drop(running);
    data
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_restored_into_a_fresh_server_holds_every_row_of_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let data = with_history(dir.path(), 7);

    let backup = dir.path().join("cadangan.db");
    ok(&server(&data, &["backup"]).arg(&backup).output().unwrap());
    let fresh = dir.path().join("server-baru");
    ok(&server(&fresh, &["restore"]).arg(&backup).output().unwrap());

    let before = every_table(&data.join("antar.db")).await;
    let after = every_table(&fresh.join("antar.db")).await;
    assert!(before.len() > 20, "{:?}", before.keys());
    assert!(before["dispatches"].len() > 3 && !before["ops"].is_empty());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &before {
        assert_eq!(rows.len(), after[table].len(), "{table}: row count");
        assert!(rows == &after[table], "{table}: rows differ");
    }
    // The fresh server starts from it and serves the same dispatches.
    let running = start_server(&fresh, "127.0.0.1:0");
    assert!(get(&running.addr, "/healthz").starts_with("HTTP/1.1 200"));
    drop(running);
    assert_eq!(dispatch_count(&fresh), dispatch_count(&data));
}

/// What an operator compares after moving: the dispatches as the CLI lists them, and
/// the server's public key (receipts signed before the move still verify after it).
fn listed(cmd: &mut std::process::Command) -> String {
    ok(&cmd.output().unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sqlite_database_moves_to_postgres_with_every_row_and_its_key() {
    let Some(pg) = antar_tests::postgres::fresh_database("antar_migrate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = with_history(dir.path(), 8);
    let before = every_table(&data.join("antar.db")).await;

    let moved = server(&data, &["migrate-to", &pg.url]).output().unwrap();
    let text = said(&moved);
    ok(&moved);
    assert!(text.contains("Selesai:"), "{text}");
    assert!(
        text.contains(&format!("ops: {} baris", before["ops"].len())),
        "{text}"
    );

    let on_pg = |args: &[&str]| {
        let mut cmd = server(&data, args);
        cmd.env("DATABASE_URL", &pg.url);
        cmd
    };
    // The same dispatches, the same signing key.
    assert_eq!(
        listed(&mut on_pg(&["dispatch", "list", "--json"])),
        listed(&mut server(&data, &["dispatch", "list", "--json"]))
    );
    assert_eq!(
        listed(&mut on_pg(&["public-key"])),
        listed(&mut server(&data, &["public-key"]))
    );
    // Every table's rows arrived (counted on PostgreSQL).
    let antar_tables = before
        .iter()
        .filter(|(t, _)| !t.starts_with("sqlite_") && *t != "_sqlx_migrations");
    for (table, rows) in antar_tables {
        let out =
            antar_tests::postgres::psql_in(&pg.name, &format!("SELECT COUNT(*) FROM \"{table}\""));
        let n: usize = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{table}: {}", String::from_utf8_lossy(&out.stderr)));
        assert_eq!(n, rows.len(), "{table}");
    }
    // A server runs on it, and writes new rows after the copied ones (identities moved on).
    let running = start_serve(on_pg(&["serve", "--listen", "127.0.0.1:0"]));
    assert!(get(&running.addr, "/healthz").starts_with("HTTP/1.1 200"));
    drop(running);
    let csv = dir.path().join("selasa.csv");
    std::fs::write(&csv, three_kk(9)).unwrap();
    ok(&on_pg(&["import"]).arg(&csv).output().unwrap());

    // Never into a database that holds data: nothing is overwritten.
    let again = server(&data, &["migrate-to", &pg.url]).output().unwrap();
    assert_eq!(again.status.code(), Some(1), "{}", said(&again));
    assert!(said(&again).contains("tidak kosong"), "{}", said(&again));
    let dispatches = antar_tests::postgres::psql_in(&pg.name, "SELECT COUNT(*) FROM dispatches");
    let n: usize = String::from_utf8_lossy(&dispatches.stdout)
        .trim()
        .parse()
        .unwrap();
    assert_eq!(n, before["dispatches"].len() + 3);
}

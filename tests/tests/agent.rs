//! The desa agent and the server as separate processes on loopback, as a desa office and
//! Dukcapil use them: offline work, concurrent handovers on two devices, and scope.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use antar_tests::{agent, agent_with_input, ok, server, start_server};
use serde_json::Value;

const NARU: &str = "52.06.03.2012";
const RASABOU: &str = "52.06.14.2007";

/// Creates the server's database the first time (server commands other than `serve`
/// refuse to create one, so a command run from the wrong folder writes nowhere).
fn init(srv: &Path) {
    if !srv.join("antar.db").exists() {
        ok(&server(srv, &["init"]).output().unwrap());
    }
}

/// Imports one KK for Naru and one for Rasabou; returns their tracking codes.
fn import(srv: &Path) -> (String, String) {
    init(srv);
    let csv = srv.with_extension("csv");
    std::fs::write(
        &csv,
        format!(
            "kind,number,holder_name,nik,desa_code,applicant_phone\n\
             kk,5206031203240001,Siti Aminah,5206034507900001,{NARU},081234567890\n\
             kk,5206141203240002,Abdul Haris,5206140101800002,{RASABOU},\n"
        ),
    )
    .unwrap();
    let out = ok(&server(srv, &["import"]).arg(&csv).output().unwrap());
    let codes: Vec<String> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_owned())
        .collect();
    (codes[0].clone(), codes[1].clone())
}

/// Imports `n` KKs for Naru (document numbers from `series`); returns their codes.
fn import_many(srv: &Path, n: usize, series: u32) -> Vec<String> {
    init(srv);
    let csv = srv.with_extension("csv");
    let mut text = String::from("kind,number,holder_name,nik,desa_code,applicant_phone\n");
    for i in 0..n {
        text.push_str(&format!(
            "kk,5206031203{series}{i:05},Warga {i},52060345079{:05},{NARU},\n",
            i + 1
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let out = ok(&server(srv, &["import"]).arg(&csv).output().unwrap());
    out.lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_owned())
        .collect()
}

fn enroll(srv: &Path, url: &str, dir: &Path, desa: &str) {
    let code = ok(&server(srv, &["enroll-code", desa]).output().unwrap());
    ok(&agent(
        dir,
        &["enroll", "--server", url, "--code", code.trim()],
    ));
}

fn dispatch_json(srv: &Path, code: &str) -> Value {
    serde_json::from_str(&ok(&server(srv, &["dispatch", "show", code, "--json"])
        .output()
        .unwrap()))
    .unwrap()
}

fn agent_list(dir: &Path) -> Vec<Value> {
    serde_json::from_str::<Value>(&ok(&agent(dir, &["list", "--json"])))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn offline_work_reaches_the_server_when_it_returns() {
    let tmp = tempfile::tempdir().unwrap();
    let (srv, desk) = (tmp.path().join("server"), tmp.path().join("desk"));
    let (naru_code, _) = import(&srv);
    let running = start_server(&srv, "127.0.0.1:0");
    let (url, addr) = (running.url(), running.addr.clone());
    ok(&server(
        &srv,
        &[
            "manifest",
            "create",
            "--courier",
            "Arifin Usman",
            "--desa",
            NARU,
            "--all-issued",
        ],
    )
    .output()
    .unwrap());
    enroll(&srv, &url, &desk, NARU);
    ok(&agent(&desk, &["sync"]));
    let listed = agent_list(&desk);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["tracking_code"], naru_code.as_str());
    assert_eq!(listed[0]["status"], "in_transit");

    // The link goes down; the clerk keeps working.
    drop(running);
    ok(&agent(&desk, &["receive", &naru_code]));
    // The NIK never goes on the command line: an argument would sit in the shell
    // history and the process list.
    let in_argv = agent(
        &desk,
        &[
            "handover",
            &naru_code,
            "--recipient",
            "Siti Aminah",
            "--relation",
            "holder",
            "--nik",
            "5206034507900001",
            "--clerk",
            "Nurul Hamzah",
        ],
    );
    assert!(!in_argv.status.success());
    assert!(
        stderr(&in_argv).contains("--nik-stdin"),
        "{}",
        stderr(&in_argv)
    );
    let handover = agent_with_input(
        &desk,
        &[
            "handover",
            &naru_code,
            "--recipient",
            "Siti Aminah",
            "--relation",
            "holder",
            "--nik-stdin",
            "--clerk",
            "Nurul Hamzah",
        ],
        "5206 0345 0790 0001\n",
    );
    assert!(
        stderr(&handover).contains("NIK cocok"),
        "{}",
        stderr(&handover)
    );
    ok(&handover);
    let failed = agent(&desk, &["sync"]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).contains("tidak terjangkau"),
        "{}",
        stderr(&failed)
    );
    let status: Value = serde_json::from_str(&ok(&agent(&desk, &["status", "--json"]))).unwrap();
    assert_eq!(status["ops_waiting"], 2);
    assert_eq!(
        dispatch_json(&srv, &naru_code)["status"],
        "in_transit",
        "the server has not heard yet"
    );

    // The server comes back on the same address.
    let _running = start_server(&srv, &addr);
    ok(&agent(&desk, &["sync"]));
    let status: Value = serde_json::from_str(&ok(&agent(&desk, &["status", "--json"]))).unwrap();
    assert_eq!(status["ops_waiting"], 0);
    assert_eq!(status["integrity"], "ok");
    let shown = dispatch_json(&srv, &naru_code);
    assert_eq!(shown["status"], "handed_over");
    assert_eq!(shown["conflict"], false);
}

#[test]
fn two_devices_handing_over_differently_conflict_until_one_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let (srv, laptop, tablet) = (
        tmp.path().join("server"),
        tmp.path().join("laptop"),
        tmp.path().join("tablet"),
    );
    let (code, _) = import(&srv);
    let running = start_server(&srv, "127.0.0.1:0");
    ok(&server(
        &srv,
        &[
            "manifest",
            "create",
            "--courier",
            "Arifin Usman",
            "--desa",
            NARU,
            "--all-issued",
        ],
    )
    .output()
    .unwrap());
    enroll(&srv, &running.url(), &laptop, NARU);
    enroll(&srv, &running.url(), &tablet, NARU);
    ok(&agent(&laptop, &["sync"]));
    ok(&agent(&tablet, &["sync"]));

    // Neither syncs between these: as good as offline. Each receives the KK and hands
    // it over at once ("terima dan serahkan").
    ok(&agent(
        &laptop,
        &[
            "handover",
            &code,
            "--receive",
            "--recipient",
            "Siti Aminah",
            "--relation",
            "holder",
            "--clerk",
            "Nurul Hamzah",
        ],
    ));
    ok(&agent(
        &tablet,
        &[
            "handover",
            &code,
            "--receive",
            "--recipient",
            "Abdul Haris",
            "--relation",
            "family",
            "--id-shown",
            "kk",
            "--clerk",
            "Hadijah Idris",
        ],
    ));
    for dir in [&laptop, &tablet, &laptop] {
        ok(&agent(dir, &["sync"]));
    }
    for dir in [&laptop, &tablet] {
        let row = &agent_list(dir)[0];
        assert_eq!(row["conflict"], true, "{row}");
        assert_eq!(row["status"], "handed_over");
    }
    let shown = dispatch_json(&srv, &code);
    assert_eq!(shown["conflict"], true);
    assert_eq!(
        shown["outcomes"].as_array().unwrap().len(),
        2,
        "both handovers are kept and shown: {shown}"
    );

    // The tablet's clerk checks the paper register and keeps the second version.
    let versions = ok(&agent(&tablet, &["resolve", &code]));
    assert!(
        versions.contains("Siti Aminah") && versions.contains("Abdul Haris"),
        "{versions}"
    );
    let keep = if versions.lines().next().unwrap().contains("Abdul Haris") {
        "1"
    } else {
        "2"
    };
    ok(&agent(&tablet, &["resolve", &code, "--keep", keep]));
    ok(&agent(&tablet, &["sync"]));
    ok(&agent(&laptop, &["sync"]));
    for dir in [&laptop, &tablet] {
        assert_eq!(agent_list(dir)[0]["conflict"], false);
    }
    let shown = dispatch_json(&srv, &code);
    assert_eq!(shown["conflict"], false);
    assert_eq!(shown["status"], "handed_over");
    assert_eq!(shown["outcomes"].as_array().unwrap().len(), 1);
    assert!(
        shown["outcomes"][0]
            .as_str()
            .unwrap()
            .contains("Abdul Haris")
    );
}

#[test]
fn a_device_only_ever_sees_and_changes_its_own_desa() {
    let tmp = tempfile::tempdir().unwrap();
    let (srv, naru, rasabou) = (
        tmp.path().join("server"),
        tmp.path().join("naru"),
        tmp.path().join("rasabou"),
    );
    let (naru_code, rasabou_code) = import(&srv);
    let running = start_server(&srv, "127.0.0.1:0");
    ok(&server(&srv, &["publish"]).output().unwrap());
    enroll(&srv, &running.url(), &naru, NARU);
    enroll(&srv, &running.url(), &rasabou, RASABOU);
    ok(&agent(&naru, &["sync"]));
    ok(&agent(&rasabou, &["sync"]));
    let seen: Vec<String> = agent_list(&rasabou)
        .iter()
        .map(|r| r["tracking_code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        seen,
        std::slice::from_ref(&rasabou_code),
        "Rasabou's device holds only Rasabou's dispatch"
    );
    let refused = agent(&rasabou, &["receive", &naru_code]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("belum ada di data desa"),
        "{}",
        stderr(&refused)
    );
    ok(&agent(&rasabou, &["sync"]));
    assert_eq!(
        dispatch_json(&srv, &naru_code)["status"],
        "issued",
        "Naru's dispatch untouched"
    );
    assert_eq!(agent_list(&naru).len(), 1);
}

/// Copies a stopped server's database files (its SQLite file and WAL, not the folder
/// of its own daily copies): a backup.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn a_server_restored_from_an_older_backup_gets_the_devices_work_back() {
    let tmp = tempfile::tempdir().unwrap();
    let (srv, desk, backup) = (
        tmp.path().join("server"),
        tmp.path().join("desk"),
        tmp.path().join("backup"),
    );
    let (code, _) = import(&srv);
    let running = start_server(&srv, "127.0.0.1:0");
    let addr = running.addr.clone();
    ok(&server(
        &srv,
        &[
            "manifest",
            "create",
            "--courier",
            "Arifin Usman",
            "--desa",
            NARU,
            "--all-issued",
        ],
    )
    .output()
    .unwrap());
    enroll(&srv, &running.url(), &desk, NARU);
    ok(&agent(&desk, &["sync"]));

    // Nightly backup.
    drop(running);
    copy_dir(&srv, &backup);
    let running = start_server(&srv, &addr);

    // The day's work reaches the server, which acknowledges it.
    ok(&agent(&desk, &["receive", &code]));
    ok(&agent(
        &desk,
        &[
            "handover",
            &code,
            "--recipient",
            "Siti Aminah",
            "--relation",
            "holder",
            "--clerk",
            "Nurul Hamzah",
        ],
    ));
    ok(&agent(&desk, &["sync"]));
    assert_eq!(dispatch_json(&srv, &code)["status"], "handed_over");

    // The server's disk dies; it is restored from last night's backup.
    drop(running);
    std::fs::remove_dir_all(&srv).unwrap();
    copy_dir(&backup, &srv);
    let _running = start_server(&srv, &addr);
    assert_eq!(
        dispatch_json(&srv, &code)["status"],
        "in_transit",
        "the restore lost the day's work"
    );

    // The next sync brings it back: the device sees the server's smaller vector and resends.
    ok(&agent(&desk, &["sync"]));
    let shown = dispatch_json(&srv, &code);
    assert_eq!(shown["status"], "handed_over");
    assert_eq!(
        shown["history"].as_array().unwrap().len(),
        4,
        "issue, dispatch, receive, handover — once each"
    );
    let status: Value = serde_json::from_str(&ok(&agent(&desk, &["status", "--json"]))).unwrap();
    assert_eq!(status["ops_waiting"], 0);
}

#[test]
fn killing_the_agent_at_random_points_loses_nothing_it_reported_saved() {
    use std::process::{Command, Stdio};
    use std::time::Duration;

    let tmp = tempfile::tempdir().unwrap();
    let (srv, desk) = (tmp.path().join("server"), tmp.path().join("desk"));
    let codes = import_many(&srv, 40, 2);
    let running = start_server(&srv, "127.0.0.1:0");
    ok(&server(
        &srv,
        &[
            "manifest",
            "create",
            "--courier",
            "Arifin Usman",
            "--desa",
            NARU,
            "--all-issued",
        ],
    )
    .output()
    .unwrap());
    enroll(&srv, &running.url(), &desk, NARU);
    ok(&agent(&desk, &["sync"]));

    let exe = antar_tests::binary("antar-agent").unwrap();
    let mut saved = std::collections::BTreeSet::new();
    let mut seed: u64 = 0x5EED;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    let mut dropped = 0;
    let mut rounds = 0;
    // Sixteen rounds; on a loaded machine, where a clerk's batch may not get as far as
    // "saved" within the kill's window, more with a wider window until one did.
    for round in 0..64 {
        if round >= 16 && !saved.is_empty() {
            break;
        }
        rounds += 1;
        // Half the rounds kill a clerk's batch of receipts, half kill a sync.
        let batch: Vec<&String> = codes.iter().skip((round * 5) % 35).take(5).collect();
        let mut cmd = Command::new(&exe);
        cmd.arg("--data-dir")
            .arg(&desk)
            .env("ANTAR_LANG", "id")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if round % 2 == 0 {
            cmd.arg("receive").args(batch.iter().map(|s| s.as_str()));
        } else {
            cmd.arg("sync");
        }
        let mut child = cmd.spawn().unwrap();
        let window = 120 * (1 + round.saturating_sub(16) as u64 / 4);
        std::thread::sleep(Duration::from_millis(next() % window));
        let _ = child.kill(); // SIGKILL
        let output = child.wait_with_output().unwrap();
        // As near a power cut as a test gets: the kernel's clean page cache is dropped
        // (as root), so what is read next comes from the disk, not from memory.
        dropped += usize::from(std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok());
        for line in String::from_utf8_lossy(&output.stderr).lines() {
            if let Some(code) = line.strip_suffix(": penerimaan tersimpan.") {
                saved.insert(code.to_owned());
            }
        }
    }
    eprintln!(
        "{} distinct receipts acknowledged before the kills; page cache dropped after {dropped} of {rounds}",
        saved.len()
    );
    // After the kills: the replica is intact and one sync brings everything across.
    let status: Value = serde_json::from_str(&ok(&agent(&desk, &["status", "--json"]))).unwrap();
    assert_eq!(status["integrity"], "ok");
    ok(&agent(&desk, &["sync"]));
    let status: Value = serde_json::from_str(&ok(&agent(&desk, &["status", "--json"]))).unwrap();
    assert_eq!(status["ops_waiting"], 0);
    assert!(
        !saved.is_empty(),
        "some receipts were acknowledged before a kill"
    );
    for code in &saved {
        let shown = dispatch_json(&srv, code);
        assert_eq!(
            shown["status"], "at_desa",
            "{code} was reported saved: {shown}"
        );
    }
    // Nothing is duplicated: the server holds each of the device's ops exactly once, and
    // as many as the device wrote.
    let on_agent: usize = agent_list(&desk)
        .iter()
        .filter(|r| r["status"] == "at_desa")
        .count();
    let on_server = ok(&server(
        &srv,
        &["dispatch", "list", "--desa", NARU, "--status", "at_desa"],
    )
    .output()
    .unwrap())
    .lines()
    .count();
    assert_eq!(on_agent, on_server);
    drop(running);
}

#[test]
fn a_faulty_link_never_duplicates_or_half_applies_a_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let (srv, desk) = (tmp.path().join("server"), tmp.path().join("desk"));
    let codes = import_many(&srv, 24, 3);
    let running = start_server(&srv, "127.0.0.1:0");
    ok(&server(
        &srv,
        &[
            "manifest",
            "create",
            "--courier",
            "Arifin Usman",
            "--desa",
            NARU,
            "--all-issued",
        ],
    )
    .output()
    .unwrap());
    let proxy = antar_tests::FaultyProxy::start(&running.addr, 7);
    enroll(&srv, &proxy.url(), &desk, NARU);
    ok(&agent(&desk, &["sync"]));

    proxy.set_faults(true);
    let (mut failures, mut successes) = (0, 0);
    for (i, code) in codes.iter().enumerate() {
        ok(&agent(&desk, &["receive", code]));
        if i % 3 == 2 {
            ok(&agent(
                &desk,
                &[
                    "handover",
                    code,
                    "--recipient",
                    &format!("Warga {i}"),
                    "--relation",
                    "holder",
                    "--clerk",
                    "Nurul Hamzah",
                ],
            ));
        }
        let sync = agent(&desk, &["sync"]);
        if sync.status.success() {
            successes += 1;
        } else {
            failures += 1;
            assert!(stderr(&sync).contains("Sinkron gagal"), "{}", stderr(&sync));
        }
    }
    eprintln!("through the faulty link: {successes} syncs succeeded, {failures} failed");
    assert!(failures > 0, "the link must actually fail sometimes");

    proxy.set_faults(false);
    ok(&agent(&desk, &["sync"]));
    let status: Value = serde_json::from_str(&ok(&agent(&desk, &["status", "--json"]))).unwrap();
    assert_eq!(status["ops_waiting"], 0);
    assert_eq!(status["integrity"], "ok");
    for (i, code) in codes.iter().enumerate() {
        let shown = dispatch_json(&srv, code);
        let kinds: Vec<&str> = shown["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        let expected: &[&str] = if i % 3 == 2 {
            &["issue", "dispatch", "receive", "handover"]
        } else {
            &["issue", "dispatch", "receive"]
        };
        assert_eq!(kinds, expected, "{code}: every op exactly once");
    }
    // Agent and server show the same thing for every dispatch.
    for row in agent_list(&desk) {
        let shown = dispatch_json(&srv, row["tracking_code"].as_str().unwrap());
        assert_eq!(shown["status"], row["status"]);
    }
    drop(running);
}

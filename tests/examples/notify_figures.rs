//! Figures for the notifier (issue 12), against the mock WhatsApp Cloud API with the
//! real server and agent binaries:
//!
//! - **messages per second**: N dispatches with phones imported, the server started
//!   with `--notify whatsapp`; the time from its start until the mock has all N
//!   "issued" templates;
//! - **sync to notice**: a desa device receives a dispatch and syncs; the time from the
//!   start of `antar-agent sync` until the mock has its "siap diambil" template (the
//!   whole sync command, a process start included, is in it).
//!
//! `cargo run --release -p antar-tests --example notify_figures [-- N]` (N = 500).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use antar_tests::{agent, mock, ok, server, start_serve};

const NARU: &str = "52.06.03.2012";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(500);
    let (mock_addr, mock) = mock::start().await;
    let dir = tempfile::tempdir().unwrap();
    let srv = dir.path().join("server");
    ok(&server(&srv, &["init"]).output().unwrap());
    let mut csv = String::from("kind,number,holder_name,nik,desa_code,applicant_phone\n");
    for i in 0..n {
        csv.push_str(&format!(
            "kk,5206031{:09},Warga {i},5206034507{:06},{NARU},0813{:08}\n",
            i + 1,
            900_001 + (i % 9_000),
            i
        ));
    }
    let file = dir.path().join("kiriman.csv");
    std::fs::write(&file, csv).unwrap();
    let out = ok(&server(&srv, &["import"]).arg(&file).output().unwrap());
    let codes: Vec<String> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), n);

    let api = format!("http://{mock_addr}/v21.0");
    let mut cmd = server(
        &srv,
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics",
            "off",
            "--notify",
            "whatsapp",
            "--wa-api-url",
            &api,
            "--wa-phone-number-id",
            "106540352242922",
        ],
    );
    cmd.env("ANTAR_WA_TOKEN", "token");
    let started = Instant::now();
    let running = start_serve(cmd);
    let count = |name: &str| {
        mock.whatsapp
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, m)| m["template"]["name"] == name)
            .count()
    };
    while count("antar_issued") < n {
        assert!(started.elapsed() < Duration::from_secs(600), "too slow");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "issued notices: {n} in {took:.2} s from the server's start = {:.0} messages/s",
        n as f64 / took
    );

    // A device receives one and syncs.
    let url = running.url();
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
    let desk = dir.path().join("desk");
    let enroll_code = ok(&server(&srv, &["enroll-code", NARU]).output().unwrap());
    ok(&agent(
        &desk,
        &["enroll", "--server", &url, "--code", enroll_code.trim()],
    ));
    ok(&agent(&desk, &["sync"]));
    let (mut delays, mut syncs) = (Vec::new(), Vec::new());
    for code in codes.iter().take(7) {
        ok(&agent(&desk, &["receive", code]));
        let before = count("antar_at_desa");
        let start = Instant::now();
        ok(&agent(&desk, &["sync"]));
        syncs.push(start.elapsed().as_millis());
        while count("antar_at_desa") == before {
            assert!(start.elapsed() < Duration::from_secs(60), "no notice");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        delays.push(start.elapsed().as_millis());
    }
    delays.sort_unstable();
    syncs.sort_unstable();
    println!(
        "sync start to notice: median {} ms (of {:?} ms); the sync command alone: median {} ms",
        delays[delays.len() / 2],
        delays,
        syncs[syncs.len() / 2]
    );
    drop(running);
}

//! Three server processes on one PostgreSQL database behind a round-robin balancer,
//! as a province would run them: every step of the flow may land on any process, so
//! nothing may live in one process's memory (the import preview, sessions) and the
//! background publishers must share the work.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use antar_tests::postgres::fresh_database;
use antar_tests::{RoundRobin, agent, agent_rows, ok, server, start_serve, with_input};
use serde_json::Value;

const NARU: &str = "52.06.03.2012";
const CLERK: &str = "Nurul Hamzah";

fn dukcapil(dir: &Path, url: &str, args: &[&str]) -> Command {
    let mut cmd = server(dir, args);
    cmd.env("DATABASE_URL", url);
    cmd
}

/// Five KK for Naru, as a CSV file's text.
fn csv() -> String {
    let mut text = String::from("kind,number,holder_name,nik,desa_code,applicant_phone\n");
    let names = [
        "Siti Aminah",
        "Abdul Haris",
        "Nurhayati",
        "Syamsuddin",
        "Ahmad Yani",
    ];
    for (i, name) in names.iter().enumerate() {
        text.push_str(&format!(
            "kk,520603120324{i:04},{name},5206034507{:06},{NARU},\n",
            i + 1
        ));
    }
    text
}

/// A client that opens a new connection for every request, so each request goes to
/// the next server process.
fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_servers_on_one_database_do_the_whole_flow() {
    let Some(db) = fresh_database("antar_three") else {
        return;
    };
    let url = db.url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dukcapil");
    ok(&dukcapil(&dir, &url, &["init"]).output().unwrap());
    ok(&with_input(
        dukcapil(
            &dir,
            &url,
            &[
                "user",
                "add",
                "operator",
                "--role",
                "operator",
                "--password-stdin",
            ],
        ),
        "kata-sandi-operator\n",
    ));

    let servers: Vec<_> = (0..3)
        .map(|_| start_serve(dukcapil(&dir, &url, &["serve", "--listen", "127.0.0.1:0"])))
        .collect();
    let balancer = RoundRobin::start(&servers.iter().map(|s| s.addr.clone()).collect::<Vec<_>>());
    let base = format!("http://{}", balancer.addr);
    let http = client();

    // Log in on one process; the session is in the database, so the others know it.
    let res = http
        .post(format!("{base}/dasbor/masuk"))
        .form(&[
            ("name", "operator"),
            ("password", "kata-sandi-operator"),
            ("ke", "/dasbor/kiriman"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "login");
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    // The preview on one process, the confirmation on the next.
    let boundary = "antar-uji-batas";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"kiriman.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{}\r\n--{boundary}--\r\n",
        csv()
    );
    let res = http
        .post(format!("{base}/dasbor/impor"))
        .header("cookie", &cookie)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "preview");
    let html = res.text().await.unwrap();
    let action = html
        .split("action=\"/dasbor/impor/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the preview offers a confirmation")
        .to_owned();
    let res = http
        .post(format!("{base}/dasbor/impor/{action}"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        200,
        "another process confirms the preview: {}",
        res.text().await.unwrap_or_default()
    );
    // A second confirmation of the same preview (a double click that reached yet
    // another process) saves nothing twice.
    let again = http
        .post(format!("{base}/dasbor/impor/{action}"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 410, "a preview is confirmed once");
    let listed: Value =
        serde_json::from_str(&ok(&dukcapil(&dir, &url, &["dispatch", "list", "--json"])
            .output()
            .unwrap()))
        .unwrap();
    let codes: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tracking_code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 5, "five dispatches, each once");

    // A desa device enrolls and syncs through the balancer: each command reaches
    // another process. The publishers (one per process) bring every dispatch to it.
    let desk = tmp.path().join("naru");
    let code = ok(&dukcapil(&dir, &url, &["enroll-code", NARU])
        .output()
        .unwrap());
    ok(&agent(
        &desk,
        &["enroll", "--server", &base, "--code", code.trim()],
    ));
    let started = Instant::now();
    loop {
        ok(&agent(&desk, &["sync"]));
        if agent_rows(&desk).len() == 5 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "every imported dispatch reaches the desa"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    ok(&dukcapil(
        &dir,
        &url,
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
    ok(&agent(&desk, &["sync"]));
    let mut receive = vec!["receive"];
    receive.extend(codes.iter().map(String::as_str));
    ok(&agent(&desk, &receive));
    let first = agent_rows(&desk)
        .into_iter()
        .find(|r| r["tracking_code"] == codes[0].as_str())
        .unwrap();
    ok(&agent(
        &desk,
        &[
            "handover",
            &codes[0],
            "--recipient",
            first["holder_name"].as_str().unwrap(),
            "--relation",
            "holder",
            "--clerk",
            CLERK,
        ],
    ));
    ok(&agent(&desk, &["sync"]));

    // Every process tells the resident the same thing.
    for _ in 0..3 {
        let page = http
            .get(format!("{base}/cek/{}", codes[0]))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains(&codes[0]), "the status page names the code");
        let shown: Value = serde_json::from_str(&ok(&dukcapil(
            &dir,
            &url,
            &["dispatch", "show", &codes[0], "--json"],
        )
        .output()
        .unwrap()))
        .unwrap();
        assert_eq!(shown["status"], "handed_over");
    }
    let kinds: Vec<String> = serde_json::from_str::<Value>(&ok(&dukcapil(
        &dir,
        &url,
        &["dispatch", "show", &codes[1], "--json"],
    )
    .output()
    .unwrap()))
    .unwrap()["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["kind"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "issue").count(),
        1,
        "published once although three publishers ran: {kinds:?}"
    );
    let counts = balancer.counts();
    assert!(
        counts.iter().all(|&n| n > 0),
        "every process served part of the flow: {counts:?}"
    );
}

//! Notices to residents, end to end (issue 12): the real server process, a mock
//! WhatsApp Cloud API and a mock SMS gateway. Import with phones → "issued" templates;
//! a number without WhatsApp (131026) → SMS; a resident who wrote lately → plain text,
//! and 131047 → the template; a bad webhook signature → 401; "CEK <kode>" → the status;
//! "BERHENTI" → no more notices; a delivery status moves the notice on.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use antar_tests::mock::{self, Mock};
use antar_tests::{ok, server, start_serve, with_input};
use serde_json::{Value, json};

const A: &str = "6281234567890";
const B: &str = "6281234567891";
const SECRET: &str = "rahasia-aplikasi";

fn signed(body: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, SECRET.as_bytes());
    let tag = ring::hmac::sign(&key, body.as_bytes());
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

fn inbound(id: &str, from: &str, text: &str) -> String {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Warga"}, "wa_id": from}],
        "messages": [{"from": from, "id": id, "timestamp": "1764000000", "type": "text",
                      "text": {"body": text}}]}}]}]})
    .to_string()
}

/// Waits until `check` holds (the notifier runs every few seconds).
async fn until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(40);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn templates(mock: &Mock, to: &str, name: &str) -> usize {
    mock.sent_to(to)
        .iter()
        .filter(|m| m["type"] == "template" && m["template"]["name"] == name)
        .count()
}

fn texts(mock: &Mock, to: &str) -> Vec<String> {
    mock.sent_to(to)
        .iter()
        .filter(|m| m["type"] == "text")
        .map(|m| m["text"]["body"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_reach_residents_and_the_bot_answers() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (mock_addr, mock) = mock::start().await;
    mock.failing.lock().unwrap().insert(B.into(), 131026);

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&server(&data, &["init"]).output().unwrap());
    ok(&with_input(
        server(
            &data,
            &[
                "user",
                "add",
                "petugas",
                "--role",
                "operator",
                "--password-stdin",
            ],
        ),
        "kata-sandi-petugas\n",
    ));
    let token = ok(&server(&data, &["token", "create", "petugas"])
        .output()
        .unwrap())
    .trim()
    .to_owned();
    let csv = dir.path().join("kiriman.csv");
    std::fs::write(
        &csv,
        "kind,number,holder_name,nik,desa_code,applicant_phone\n\
         kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,081234567890\n\
         kk,5206031203240002,Nurul Hamzah,5206034507900002,52.06.03.2012,081234567891\n\
         kk,5206031203240003,Muhammad Saleh,5206031203240003,52.06.03.2012,\n",
    )
    .unwrap();
    let out = ok(&server(&data, &["import"]).arg(&csv).output().unwrap());
    let codes: Vec<String> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_owned())
        .collect();

    let mut cmd = server(
        &data,
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics",
            "off",
            "--notify",
            "whatsapp",
            "--wa-api-url",
            &format!("http://{mock_addr}/v21.0"),
            "--wa-phone-number-id",
            "106540352242922",
            "--wa-verify-token",
            "token-verifikasi",
            "--sms-url",
            &format!("http://{mock_addr}/sms?to={{to}}&text={{text}}"),
            "--sms-get",
            "--wa-template",
            "at_desa=dokumen_siap_diambil",
        ],
    );
    cmd.env("ANTAR_WA_TOKEN", "token-akses-rahasia")
        .env("ANTAR_WA_APP_SECRET", SECRET);
    // A template named for an event that does not exist is refused at start.
    let bad = server(
        &data,
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics",
            "off",
            "--notify",
            "whatsapp",
            "--wa-phone-number-id",
            "1",
            "--wa-template",
            "tiba=x",
        ],
    )
    .env("ANTAR_WA_TOKEN", "t")
    .output()
    .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("PERISTIWA=NAMA"));

    let running = start_serve(cmd);
    let base = running.url();
    let http = reqwest::Client::new();

    // Issued: A by its template with named parameters, B (no WhatsApp) by SMS, C not.
    until("the issued notices", || {
        templates(&mock, A, "antar_issued") == 1 && mock.sms.lock().unwrap().len() == 1
    })
    .await;
    let issued = &mock.sent_to(A)[0];
    assert_eq!(issued["template"]["language"]["code"], "id");
    let params = issued["template"]["components"][0]["parameters"].to_string();
    assert!(params.contains("\"parameter_name\":\"kode\"") && params.contains(&codes[0]));
    assert!(
        !params.contains("5206034507900001") && !params.contains("Siti"),
        "{params}"
    );
    let (to, text) = mock.sms.lock().unwrap()[0].clone();
    assert_eq!(to, B);
    assert!(
        text.contains(&codes[1]) && !text.contains("Nurul"),
        "{text}"
    );

    // The webhook: Meta's check, and a bad signature records nothing.
    let challenge = http
        .get(format!(
            "{base}/api/v1/whatsapp/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=token-verifikasi"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(challenge.status(), 200);
    assert_eq!(challenge.text().await.unwrap(), "1158201444");
    let wrong = http
        .get(format!(
            "{base}/api/v1/whatsapp/webhook?hub.mode=subscribe&hub.challenge=1&hub.verify_token=salah"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let post = |body: String, signature: String| {
        let http = http.clone();
        let url = format!("{base}/api/v1/whatsapp/webhook");
        async move {
            http.post(url)
                .header("content-type", "application/json")
                .header("x-hub-signature-256", signature)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let cek = inbound(
        "wamid.IN0001",
        A,
        &format!("cek  {}", codes[0].to_lowercase()),
    );
    assert_eq!(post(cek.clone(), signed("something else")).await, 401);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        texts(&mock, A).is_empty(),
        "nothing answered for a bad signature"
    );

    // "CEK <kode>": the status, as /cek says it; delivered twice, answered once.
    assert_eq!(post(cek.clone(), signed(&cek)).await, 200);
    assert_eq!(post(cek.clone(), signed(&cek)).await, 200);
    until("the bot's answer", || !texts(&mock, A).is_empty()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let answers = texts(&mock, A);
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert!(answers[0].contains(&codes[0]) && answers[0].contains("Kartu Keluarga"));
    assert!(!answers[0].contains("Siti") && !answers[0].contains("5206034507900001"));

    // A delivery status moves the issued notice on.
    let wamid = "wamid.MOCK0001";
    let status = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"statuses": [{"id": wamid, "status": "delivered",
        "timestamp": "1764000100", "recipient_id": A}]}}]}]})
    .to_string();
    assert_eq!(post(status.clone(), signed(&status)).await, 200);

    // A wrote lately, so the next notice tries plain text; refused with 131047, it goes
    // as the template.
    mock.window_closed.lock().unwrap().push(A.into());
    let api = |path: String, body: Value| {
        let http = http.clone();
        let token = token.clone();
        let url = format!("{base}{path}");
        async move {
            let res = http
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let (status, body) = api(
        "/api/v1/manifests".into(),
        json!({"courier": "Arifin Usman", "desa_code": "52.06.03.2012"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = api(
        format!("/api/v1/dispatches/{}/receive", codes[0]),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    until(
        "the ready-for-pickup template, by its configured name",
        || templates(&mock, A, "dokumen_siap_diambil") == 1,
    )
    .await;

    // "BERHENTI" (A has just written, so its window is open again): A hears no more;
    // B, still subscribed, does.
    mock.window_closed.lock().unwrap().clear();
    let stop = inbound("wamid.IN0002", A, "Berhenti");
    assert_eq!(post(stop.clone(), signed(&stop)).await, 200);
    until("the stop confirmation", || {
        texts(&mock, A).iter().any(|t| t.contains("MULAI"))
    })
    .await;
    let before = mock.sent_to(A).len();
    let (status, body) = api(
        format!("/api/v1/dispatches/{}/receive", codes[1]),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = api(
        format!("/api/v1/dispatches/{}/handover", codes[0]),
        json!({"recipient": "Siti Aminah", "relation": "holder", "id_shown": "ktp-el",
               "clerk": "Nurul Hamzah"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    until("B's SMS that its document arrived", || {
        mock.sms.lock().unwrap().len() == 2
    })
    .await;
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(mock.sent_to(A).len(), before, "{:?}", mock.sent_to(A));

    // The dispatch's page: delivered, then (by template) ready, then not sent (stopped).
    let login = |who: &'static str| {
        let url = format!("{base}/dasbor/masuk");
        async move {
            let res = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap()
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(who)
                .send()
                .await
                .unwrap();
            res.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_owned()
        }
    };
    let cookie = login("name=petugas&password=kata-sandi-petugas").await;
    let page = http
        .get(format!("{base}/dasbor/kiriman/{}", codes[0]))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for state in [
        "Sampai",
        "Terkirim",
        "Tidak dikirim",
        "Nomor ini minta berhenti",
    ] {
        assert!(page.contains(state), "{state}: {page}");
    }
    drop(running);
}

/// `n` KKs for Naru, each with its own phone (`62812000001xx`).
fn with_phones(n: u32) -> String {
    let mut csv = String::from("kind,number,holder_name,nik,desa_code,applicant_phone\n");
    for i in 0..n {
        csv.push_str(&format!(
            "kk,52060312032{:05},Warga {i},5206034507{},52.06.03.2012,0812000001{i:02}\n",
            5000 + i,
            900_101 + i
        ));
    }
    csv
}

fn issued_per_number(mock: &Mock) -> std::collections::BTreeMap<String, usize> {
    let mut per = std::collections::BTreeMap::new();
    for (_, m) in mock.whatsapp.lock().unwrap().iter() {
        if m["template"]["name"] == "antar_issued" {
            *per.entry(m["to"].as_str().unwrap_or_default().to_owned())
                .or_insert(0) += 1;
        }
    }
    per
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_and_a_killed_one_send_each_notice_once() {
    let Some(db) = antar_tests::postgres::fresh_database("antar_notify") else {
        return;
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (mock_addr, mock) = mock::start().await;
    // Slow answers, so a server is killed with notices claimed and one in flight.
    mock.delay_ms
        .store(150, std::sync::atomic::Ordering::Relaxed);
    let dir = tempfile::tempdir().unwrap();
    let url = db.url.clone();
    let cmd = |args: &[&str]| {
        let mut c = server(&dir.path().join("data"), args);
        c.env("DATABASE_URL", &url);
        c
    };
    ok(&cmd(&["init"]).output().unwrap());
    let csv = dir.path().join("kiriman.csv");
    std::fs::write(&csv, with_phones(40)).unwrap();
    ok(&cmd(&["import"]).arg(&csv).output().unwrap());
    let api = format!("http://{mock_addr}/v21.0");
    let serve = || {
        let mut c = cmd(&[
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
            "--notify-claim-secs",
            "5",
        ]);
        c.env("ANTAR_WA_TOKEN", "token-akses-rahasia");
        start_serve(c)
    };

    // Two servers at once; the first is killed (SIGKILL) mid-way.
    let first = serve();
    let second = serve();
    until("a few notices", || mock.whatsapp.lock().unwrap().len() >= 6).await;
    drop(first);
    until("every number's issued notice", || {
        issued_per_number(&mock).len() == 40
    })
    .await;
    // Claims of the killed server run out after 5 s; give any double a chance to show.
    tokio::time::sleep(Duration::from_secs(8)).await;
    let per = issued_per_number(&mock);
    let doubled: Vec<_> = per.iter().filter(|(_, n)| **n > 1).collect();
    // Only the notices in flight when the server died may have gone twice (the
    // provider has no way to say it already took one): a worker sends eight at a time
    // (`IN_FLIGHT`), and the kill above comes as the provider answers a batch, so up
    // to eight. A claim taken twice would double far more of the forty.
    assert!(doubled.len() <= 8, "sent more than once: {doubled:?}");
    drop(second);
}

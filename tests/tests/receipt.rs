//! The resident's receipt end to end, with the real binaries: a device enrolls (its
//! receipt key certified), receives and hands over offline, prints the receipt; the
//! receipt verifies offline with only the published key (`antar-server verify --key`,
//! no database) and on the server's `/verifikasi`; a changed character is refused with
//! the reason; after the sync the resident's WhatsApp notice links their receipt.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use antar_tests::mock;
use antar_tests::{agent, agent_with_input, ok, server, start_serve};

const NARU: &str = "52.06.03.2012";
const A: &str = "6281234567890";

async fn until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A form value, %-escaped (base45 has spaces, `+`, `%`, `/`, `:`).
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'*' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `text` with one character changed, keeping it in the base45 alphabet.
fn changed(text: &str, at: usize) -> String {
    let mut bytes = text.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
    String::from_utf8(bytes).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_receipt_printed_at_the_desa_verifies_offline_and_reaches_the_resident() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (mock_addr, mock) = mock::start().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let desk = dir.path().join("desk");
    ok(&server(&data, &["init"]).output().unwrap());
    let csv = dir.path().join("kiriman.csv");
    std::fs::write(
        &csv,
        "kind,number,holder_name,nik,desa_code,applicant_phone\n\
         kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,081234567890\n",
    )
    .unwrap();
    let out = ok(&server(&data, &["import"]).arg(&csv).output().unwrap());
    let code = out
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .to_owned();

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
        ],
    );
    cmd.env("ANTAR_WA_TOKEN", "token-akses-rahasia");
    let running = start_serve(cmd);
    let url = format!("http://{}", running.url().trim_start_matches("http://"));
    let http = reqwest::Client::new();

    // Enrolled, the device holds a certified receipt key; then it works offline.
    let enroll_code = ok(&server(&data, &["enroll-code", NARU]).output().unwrap());
    ok(&agent(
        &desk,
        &["enroll", "--server", &url, "--code", enroll_code.trim()],
    ));
    ok(&agent(&desk, &["sync"]));
    ok(&agent(&desk, &["receive", &code]));
    ok(&agent_with_input(
        &desk,
        &[
            "handover",
            &code,
            "--recipient",
            "Siti Aminah",
            "--relation",
            "family",
            "--id-shown",
            "kk",
            "--clerk",
            "Nurul Hamzah",
        ],
        "",
    ));
    let page = dir.path().join("tanda-terima.html");
    let printed = agent(
        &desk,
        &[
            "receipt",
            &code,
            "--layout",
            "a6",
            "--output",
            page.to_str().unwrap(),
        ],
    );
    let receipt = ok(&printed).trim().to_owned();
    // Its size and QR version, as the docs quote them.
    eprintln!("{}", String::from_utf8_lossy(&printed.stderr));
    assert!(receipt.starts_with("AR1:"), "{receipt}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(&code) && html.contains("<svg") && html.contains("Nurul Hamzah"));
    assert!(
        !html.contains("5206034507900001") && !html.contains("Siti"),
        "no NIK, no name"
    );
    // The same handover prints the same receipt (58 mm this time).
    let again = agent(
        &desk,
        &["receipt", &code, "--output", page.to_str().unwrap()],
    );
    assert_eq!(ok(&again).trim(), receipt);

    // Offline: only the published key, no database at all.
    let key = ok(&server(&data, &["public-key"]).output().unwrap())
        .trim()
        .to_owned();
    let published: serde_json::Value = http
        .get(format!("{url}/api/v1/public-key"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(published["public_key"], key.as_str());
    let nowhere = dir.path().join("no-database-here");
    let checked = server(&nowhere, &["verify", "--key", &key, &receipt])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&checked.stderr).to_string();
    assert!(checked.status.success(), "{said}");
    assert!(
        said.contains("Tanda terima sah") && said.contains(&code),
        "{said}"
    );
    assert!(said.contains("Keluarga (satu KK)"), "{said}");
    assert!(!nowhere.exists(), "verify --key touched no database");

    // A changed character (in the signature, in the statement) is refused with why.
    for at in [receipt.len() - 20, receipt.len() / 2] {
        let forged = changed(&receipt, at);
        let refused = server(&nowhere, &["verify", "--key", &key, &forged])
            .output()
            .unwrap();
        let why = String::from_utf8_lossy(&refused.stderr).to_string();
        assert_eq!(refused.status.code(), Some(1), "{why}");
        assert!(
            ["diubah", "rusak", "tidak disahkan"]
                .iter()
                .any(|w| why.contains(w)),
            "{why}"
        );
        let api = http
            .post(format!("{url}/api/v1/receipts/verify"))
            .json(&serde_json::json!({"receipt": forged}))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 422);
        let body: serde_json::Value = api.json().await.unwrap();
        assert!(
            body["code"].as_str().unwrap().starts_with("receipt."),
            "{body}"
        );
    }

    // The server's page: pasted, without JavaScript.
    let pasted = http
        .post(format!("{url}/verifikasi"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("r={}", urlencode(&receipt)))
        .send()
        .await
        .unwrap();
    assert_eq!(pasted.status(), 200);
    let body = pasted.text().await.unwrap();
    assert!(
        body.contains("Tanda terima sah") && body.contains(&code),
        "{body}"
    );
    let forged = http
        .post(format!("{url}/verifikasi"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "r={}",
            urlencode(&changed(&receipt, receipt.len() - 20))
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 422);
    assert!(forged.text().await.unwrap().contains("Ditolak"));

    // The sync carries the receipt first: the resident's handed-over notice links it.
    ok(&agent(&desk, &["sync"]));
    until("the handed-over notice", || {
        mock.sent_to(A)
            .iter()
            .any(|m| m["template"]["name"] == "antar_handed_over")
    })
    .await;
    let notice = mock
        .sent_to(A)
        .into_iter()
        .find(|m| m["template"]["name"] == "antar_handed_over")
        .unwrap();
    let link = notice["template"]["components"][0]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["parameter_name"] == "tautan")
        .and_then(|p| p["text"].as_str())
        .unwrap()
        .to_owned();
    assert!(
        link.starts_with(&format!("{url}/verifikasi?r=AR1")),
        "{link}"
    );
    let opened = http.get(&link).send().await.unwrap();
    assert_eq!(opened.status(), 200);
    let body = opened.text().await.unwrap();
    assert!(
        body.contains("Tanda terima sah") && body.contains("<svg"),
        "{body}"
    );
    drop(running);
}

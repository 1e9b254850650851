//! No NIK where it does not belong (issue 11): refused in names, notes and reasons;
//! masked wherever the number of a KTP-el or a KIA (which is the NIK) is shown; never in
//! the replica a desa device pulls; never in an address or echoed by `/cek`.

use reqwest::header::{COOKIE, LOCATION};
use serde_json::json;

use super::api::spawn_app;
use super::common::naru;
use super::web::{login, no_redirects};

const NIK: &str = "5206034507900001";

#[tokio::test]
async fn a_nik_in_a_name_is_refused_spaced_or_not() {
    let app = spawn_app().await;
    for holder in ["Siti 5206034507900001", "Siti 5206 0345 0790 0001"] {
        let (status, body) = app
            .post(
                "/api/v1/dispatches",
                json!({"kind": "kk", "number": "5206031203240001", "holder_name": holder,
                       "nik": NIK, "desa_code": "52.06.03.2012"}),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["details"][0]["code"], "text.nik_shaped", "{body}");
        assert_eq!(body["details"][0]["field"], "holder_name", "{body}");
        assert!(
            !body.to_string().contains("0790"),
            "the refusal echoes no NIK: {body}"
        );
    }
    let (_, list) = app.get("/api/v1/dispatches").await;
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing was stored");
}

/// A KTP-el's number is the holder's NIK: the server keeps it, and the API, the CSV
/// export, the history and the desa's replica never show more than a mask.
#[tokio::test]
async fn a_ktp_el_number_is_kept_but_never_shown_or_replicated() {
    let app = spawn_app().await;
    let (status, issued) = app
        .post(
            "/api/v1/dispatches",
            json!({"kind": "ktp-el", "number": "5206 0345 0790 0001", "holder_name": "Siti Aminah",
                   "nik": NIK, "desa_code": "52.06.03.2012"}),
        )
        .await;
    assert_eq!(status, 201, "{issued}");
    let code = issued["tracking_code"].as_str().unwrap().to_owned();
    let (_, record) = app.get(&format!("/api/v1/dispatches/{code}")).await;
    assert_eq!(record["dispatch"]["number"], "************0001", "{record}");
    // The full number is kept: the same KTP-el cannot be issued twice while open.
    let (again, body) = app
        .post(
            "/api/v1/dispatches",
            json!({"kind": "ktp-el", "number": NIK, "holder_name": "Siti Aminah",
                   "nik": NIK, "desa_code": "52.06.03.2012"}),
        )
        .await;
    assert_eq!(again, 409, "{body}");
    assert!(!body.to_string().contains("07900001"), "{body}");

    app.publish().await;
    let (_, one) = app.get(&format!("/api/v1/dispatches/{code}")).await;
    let text = one.to_string();
    assert!(
        !text.contains("0345"),
        "the API shows no NIK digits: {text}"
    );

    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let csv = no_redirects()
        .get(app.url("/dasbor/kiriman.csv"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("************0001"), "{csv}");
    assert!(!csv.contains("0345"), "{csv}");
    let detail = no_redirects()
        .get(app.url(&format!("/dasbor/kiriman/{code}")))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !detail.contains("0345"),
        "the dispatch page shows no NIK digits"
    );

    // What a desa device pulls: no digit of the NIK anywhere in the replica.
    let device = app.enroll(naru()).await;
    let doc = app.pull(&device).await;
    let state = doc
        .find(antar_shared::tracking::TrackingCode::parse(&code).unwrap())
        .unwrap();
    assert!(state.issue.number.is_nik_word());
    let issue = serde_json::to_value(&state.issue).unwrap();
    let mut keys: Vec<_> = issue.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "holder",
            "kind",
            "nik_check",
            "number",
            "reissue",
            "tracking"
        ],
        "no NIK digits beside the check: {issue}"
    );
    let text = issue.to_string();
    for digits in ["034507", "07900001", "0345 0790"] {
        assert!(!text.contains(digits), "the replica holds {digits}: {text}");
    }
}

/// The form posts (nothing typed lands in an address or a proxy log); a NIK typed
/// instead of a code is not shown back, and the page says what a code is.
#[tokio::test]
async fn cek_posts_and_never_echoes_a_nik() {
    let app = spawn_app().await;
    let html = reqwest::get(app.url("/cek"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(r#"<form action="/cek" method="post">"#),
        "{html}"
    );

    let res = no_redirects()
        .post(app.url("/cek"))
        .form(&[("kode", "5206 0345 0790 0001")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(!html.contains("0345"), "the NIK is not echoed");
    assert!(html.contains("bukan kode pelacakan"), "{html}");

    // A code posted goes on to its own address.
    let code = antar_shared::tracking::TrackingCode::from_bits(99).unwrap();
    let res = no_redirects()
        .post(app.url("/cek"))
        .form(&[("kode", code.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[LOCATION], format!("/cek/{code}"));

    // Old links and the code's own address do not echo a NIK either.
    for path in [format!("/cek?kode={NIK}"), format!("/cek/{NIK}")] {
        let html = reqwest::get(app.url(&path))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains(NIK), "{path} echoes the NIK");
    }
}

//! One way to speak two languages over HTTP: an error answer and a dispatch's history
//! carry the same codes and arguments in every language, and their words follow the
//! request (the `antar_lang` cookie, else `Accept-Language`, else Indonesian).

use serde_json::{Value, json};

use super::api::{TestApp, bima_csv, spawn_app};

/// GET as the admin, with extra headers (a language).
async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut request = app.client.get(app.url(path)).bearer_auth(&app.admin);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let r = request.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// A code that parses but names no dispatch.
const UNKNOWN: &str = "7KQM-2XWP-8RD0";

#[tokio::test]
async fn an_api_error_answers_in_the_requests_language_with_the_same_code_and_args() {
    let app = spawn_app().await;
    let path = format!("/api/v1/dispatches/{UNKNOWN}");
    let (status, id) = get_with(&app, &path, &[]).await;
    assert_eq!(status, 404, "{id}");
    let (_, en) = get_with(&app, &path, &[("accept-language", "en-US,en;q=0.9")]).await;
    let (_, cookie) = get_with(
        &app,
        &path,
        &[("accept-language", "id"), ("cookie", "antar_lang=en")],
    )
    .await;
    for body in [&id, &en, &cookie] {
        assert_eq!(body["code"], "dispatch.not_found", "{body}");
        assert_eq!(body["args"], json!({"code": UNKNOWN}), "{body}");
        assert!(body.get("message_en").is_none(), "{body}");
    }
    assert_eq!(
        id["message"],
        format!("Kode lacak {UNKNOWN} tidak ditemukan")
    );
    assert_eq!(en["message"], format!("Tracking code {UNKNOWN} not found"));
    assert_eq!(
        cookie["message"], en["message"],
        "the switch beats the browser"
    );
}

#[tokio::test]
async fn the_lines_of_a_refused_import_speak_the_requests_language_too() {
    let app = spawn_app().await;
    let mut csv = bima_csv(1, 5);
    csv.push_str("kk,5206031203240009,Budi,5206034507900001,52.06.03.2099,\n");
    let send = |lang: &'static str| {
        app.client
            .post(app.url("/api/v1/imports"))
            .bearer_auth(&app.admin)
            .header("content-type", "text/csv")
            .header("accept-language", lang)
            .body(csv.clone())
            .send()
    };
    let id: Value = send("id").await.unwrap().json().await.unwrap();
    let en: Value = send("en").await.unwrap().json().await.unwrap();
    assert_eq!(id["code"], "import.invalid_rows", "{id}");
    assert_eq!((&id["code"], &id["args"]), (&en["code"], &en["args"]));
    assert!(
        id["message"]
            .as_str()
            .unwrap()
            .starts_with("1 baris tidak sah")
    );
    assert!(
        en["message"]
            .as_str()
            .unwrap()
            .starts_with("1 invalid rows")
    );
    let (line_id, line_en) = (&id["details"][0], &en["details"][0]);
    assert_eq!(line_id["field"], "desa_code", "{id}");
    assert_eq!(line_id["code"], line_en["code"]);
    assert_eq!(line_id["args"], line_en["args"]);
    assert_ne!(line_id["message"], line_en["message"], "{en}");
    assert!(
        line_en["message"]
            .as_str()
            .unwrap()
            .contains("not in the Kemendagri data")
    );
}

#[tokio::test]
async fn a_dispatchs_history_is_described_in_the_requests_language() {
    let app = spawn_app().await;
    let mut csv = bima_csv(0, 0);
    csv.push_str("kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,\n");
    let (status, imported) = app.import(csv).await;
    assert_eq!(status, 200, "{imported}");
    let code = imported["tracking_codes"][0]["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    // Creating the manifest publishes the record, so it has a history.
    let (status, body) = app
        .post(
            "/api/v1/manifests",
            json!({"courier": "Arifin Usman", "desa_code": "52.06.03.2012"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let handover = json!({"recipient": "Siti Aminah", "relation": "holder", "id_shown": "ktp-el",
        "clerk": "Nurul Hamzah", "nik": "5206034507900001", "receive": true});
    let (status, body) = app
        .post(&format!("/api/v1/dispatches/{code}/handover"), handover)
        .await;
    assert_eq!(status, 200, "{body}");

    let path = format!("/api/v1/dispatches/{code}");
    let (_, id) = get_with(&app, &path, &[]).await;
    let (_, en) = get_with(&app, &path, &[("accept-language", "en")]).await;
    let events = |detail: &Value| -> Vec<(String, String, String)> {
        detail["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let text = |k: &str| h[k].as_str().unwrap().to_owned();
                (text("kind"), text("by"), text("summary"))
            })
            .collect()
    };
    let (id, en) = (events(&id), events(&en));
    let kinds = |events: &[(String, String, String)]| -> Vec<String> {
        events.iter().map(|e| e.0.clone()).collect()
    };
    assert_eq!(kinds(&id), kinds(&en), "the same events");
    let issue = |events: &[(String, String, String)]| events[0].clone();
    assert_eq!(issue(&id).1, "Dukcapil: admin");
    assert!(
        issue(&id).2.starts_with("Diterbitkan: Kartu Keluarga (KK)"),
        "{id:?}"
    );
    assert!(
        issue(&en).2.starts_with("Issued: Family card (KK)"),
        "{en:?}"
    );
    let handed = |events: &[(String, String, String)]| {
        events.iter().find(|e| e.0 == "handover").cloned().unwrap()
    };
    assert_eq!(handed(&id).1, "Dukcapil atas nama desa: admin");
    assert_eq!(handed(&en).1, "Dukcapil on the desa's behalf: admin");
    assert!(
        handed(&id).2.starts_with("Diserahkan kepada Siti Aminah"),
        "{id:?}"
    );
    assert!(
        handed(&id).2.contains("Nurul Hamzah"),
        "the clerk is named: {id:?}"
    );
    assert!(handed(&en).2.starts_with("Handed to Siti Aminah"), "{en:?}");
}

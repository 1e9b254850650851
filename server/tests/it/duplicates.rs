//! A document already dispatched, over HTTP: the API refuses it with 409 naming the
//! existing tracking codes (or skips it when asked), a replacement goes through
//! `replaces`, and the dashboard's import preview lists such rows and saves only when
//! the operator chose to skip them.

use reqwest::header::{COOKIE, LOCATION};
use reqwest::redirect::Policy;
use serde_json::{Value, json};

use super::api::{TestApp, bima_csv, spawn_app};
use antar_server::store::dispatches::Filter;
use antar_server::store::now;

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

async fn stored(app: &TestApp) -> usize {
    let filter = Filter {
        limit: 1000,
        ..Default::default()
    };
    app.store
        .list_dispatches(&filter, now())
        .await
        .unwrap()
        .len()
}

async fn import_with(app: &TestApp, query: &str, csv: &str) -> (u16, Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/imports{query}")))
        .bearer_auth(&app.admin)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn codes(body: &Value) -> Vec<String> {
    body["tracking_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["tracking_code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_api_refuses_a_document_already_dispatched_and_names_its_code() {
    let app = spawn_app().await;
    let csv = bima_csv(3, 21);
    let (status, first) = app.import(csv.clone()).await;
    assert_eq!(status, 200, "{first}");
    let first = codes(&first);
    assert_eq!(first.len(), 3);

    // Again: 409, nothing stored, every line named with its existing code.
    let (status, refused) = app.import(csv.clone()).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["code"], "import.existing");
    let details = refused["details"].as_array().unwrap();
    assert_eq!(details.len(), 3);
    for (detail, code) in details.iter().zip(&first) {
        assert_eq!(detail["code"], "dispatch.exists");
        assert!(detail["message"].as_str().unwrap().contains(code.as_str()));
    }
    assert_eq!(details[0]["line"], 2);
    assert_eq!(stored(&app).await, 3);

    // A dry run reports them too.
    let (status, dry) = import_with(&app, "?dry_run=true", &csv).await;
    assert_eq!(status, 200);
    assert_eq!(dry["existing"].as_array().unwrap().len(), 3);
    assert_eq!(dry["existing"][1]["tracking_code"], first[1].as_str());
    assert_eq!(dry["existing"][1]["status"], "issued");

    // Skipping: the new row only; the old ones listed with their codes.
    let mut more = csv.clone();
    more.push_str(bima_csv(1, 22).lines().nth(1).unwrap());
    more.push('\n');
    let (status, skipped) = import_with(&app, "?skip_existing=true", &more).await;
    assert_eq!(status, 200, "{skipped}");
    assert_eq!(skipped["imported"], 1);
    assert_eq!(codes(&skipped).len(), 1);
    assert_eq!(skipped["tracking_codes"][0]["line"], 5);
    let existing: Vec<&str> = skipped["existing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["tracking_code"].as_str().unwrap())
        .collect();
    assert_eq!(
        existing,
        first.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(stored(&app).await, 4);
}

#[tokio::test]
async fn the_api_issues_a_replacement_only_through_replaces() {
    let app = spawn_app().await;
    let input = json!({
        "kind": "kk",
        "number": "5206031203240555",
        "holder_name": "Siti Aminah",
        "nik": "5206034507900001",
        "desa_code": "52.06.03.2012",
    });
    let (status, first) = app.post("/api/v1/dispatches", input.clone()).await;
    assert_eq!(status, 201, "{first}");
    let old = first["tracking_code"].as_str().unwrap().to_owned();
    assert!(first.get("reprint_of").is_none());

    let (status, refused) = app.post("/api/v1/dispatches", input.clone()).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["code"], "dispatch.exists");
    assert!(refused["message"].as_str().unwrap().contains(&old));
    assert_eq!(refused["args"]["code"], old.as_str());
    assert_eq!(stored(&app).await, 1);

    // A reason without the code: 422 naming the field; nothing changes.
    let mut half = input.clone();
    half["replace_reason"] = json!("Salah cetak nama");
    let (status, body) = app.post("/api/v1/dispatches", half).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["details"][0]["field"], "replaces");

    let mut replace = input.clone();
    replace["replaces"] = json!(old);
    replace["replace_reason"] = json!("Salah cetak nama");
    let (status, new) = app.post("/api/v1/dispatches", replace.clone()).await;
    assert_eq!(status, 201, "{new}");
    assert_eq!(new["replaces"], old.as_str());
    let new_code = new["tracking_code"].as_str().unwrap();
    let (_, shown) = app.get(&format!("/api/v1/dispatches/{new_code}")).await;
    assert_eq!(shown["dispatch"]["replaces"], old.as_str());
    assert!(shown["dispatch"]["reprint_of"].is_null());
    let (_, was) = app.get(&format!("/api/v1/dispatches/{old}")).await;
    assert_eq!(was["dispatch"]["status"], "recalled");
    assert_eq!(was["dispatch"]["reissued_as"], new_code);

    // The old one is recalled already: a second replacement is refused by the rules.
    let (status, again) = app.post("/api/v1/dispatches", replace).await;
    assert_eq!(status, 409, "{again}");
    assert_eq!(stored(&app).await, 2);
}

/// Logs in through the form; returns the session cookie.
async fn login(app: &TestApp) -> String {
    let res = no_redirects()
        .post(app.url("/dasbor/masuk"))
        .form(&[
            ("name", "admin"),
            ("password", "kata-sandi-uji"),
            ("ke", "/dasbor/kiriman"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    cookie.split(';').next().unwrap().to_owned()
}

pub(crate) async fn upload(app: &TestApp, cookie: &str, csv: &str) -> (u16, String) {
    let boundary = "antar-uji-batas";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"kiriman.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let res = no_redirects()
        .post(app.url("/dasbor/impor"))
        .header(COOKIE, cookie)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

pub(crate) fn confirm_action(html: &str) -> String {
    html.split("action=\"/dasbor/impor/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_import_preview_lists_documents_already_dispatched_and_saves_only_when_skipped() {
    let app = spawn_app().await;
    let admin = login(&app).await;
    let old = bima_csv(2, 31);
    let (status, body) = app.import(old.clone()).await;
    assert_eq!(status, 200);
    let first = codes(&body);

    // Two old rows and a new one.
    let mut csv = old.clone();
    csv.push_str(bima_csv(1, 32).lines().nth(1).unwrap());
    csv.push('\n');
    let (status, html) = upload(&app, &admin, &csv).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"existing-summary\""), "{html}");
    for code in &first {
        assert!(
            html.contains(code.as_str()),
            "the existing code {code} is shown"
        );
    }
    assert!(html.contains("name=\"lewati\""), "the choice is offered");
    assert!(
        html.contains("2 baris sudah punya kiriman yang masih berjalan")
            && html.contains("Lewati 2 baris")
            && html.contains("Simpan 1 kiriman"),
        "counted: {html}"
    );
    assert_eq!(stored(&app).await, 2, "a preview saves nothing");

    // Confirmed without skipping: refused, naming the codes; nothing saved; a new preview.
    let action = confirm_action(&html);
    let res = no_redirects()
        .post(app.url(&format!("/dasbor/impor/{action}")))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"error\""));
    assert!(html.contains(first[0].as_str()) && html.contains(first[1].as_str()));
    assert_eq!(stored(&app).await, 2);

    // Confirmed with the choice: the new row only.
    let action = confirm_action(&html);
    let res = no_redirects()
        .post(app.url(&format!("/dasbor/impor/{action}")))
        .header(COOKIE, &admin)
        .form(&[("lewati", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"imported\"") && html.contains("id=\"skipped\""));
    assert_eq!(stored(&app).await, 3);

    // One of the old ones recalled: its row is now a reprint, shown as such.
    let recalled = antar_shared::tracking::TrackingCode::parse(&first[0]).unwrap();
    antar_server::dispatch::recall(
        &app.store,
        &antar_server::audit::Who::command(),
        recalled,
        "Salah cetak",
    )
    .await
    .unwrap();
    let (status, html) = upload(&app, &admin, &old).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("id=\"reprint-summary\"") && html.contains("1 baris adalah cetak ulang"),
        "{html}"
    );
    let reprints = html.split("id=\"reprint-rows\"").nth(1).unwrap();
    assert!(reprints.contains(first[0].as_str()));
}

#[tokio::test]
async fn the_issue_form_refuses_a_document_already_dispatched_and_replaces_on_request() {
    let app = spawn_app().await;
    let admin = login(&app).await;
    let form = |replaces: &'static str, reason: &'static str| {
        [
            ("kind", "kk"),
            ("number", "5206031203240666"),
            ("holder_name", "Siti Aminah"),
            ("nik", "5206034507900001"),
            ("desa_code", "52.06.03.2012"),
            ("applicant_phone", ""),
            ("replaces", replaces),
            ("replace_reason", reason),
        ]
    };
    let post = |fields: [(&'static str, &'static str); 8]| {
        no_redirects()
            .post(app.url("/dasbor/kiriman/baru"))
            .header(COOKIE, &admin)
            .form(&fields)
            .send()
    };
    let res = post(form("", "")).await.unwrap();
    assert_eq!(res.status(), 303);
    let to = res.headers()[LOCATION].to_str().unwrap().to_owned();
    let old = to
        .trim_start_matches("/dasbor/kiriman/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();

    let res = post(form("", "")).await.unwrap();
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains(&old), "the existing code is named");
    assert!(
        html.contains("name=\"replaces\""),
        "the replacement fields are offered"
    );
    assert_eq!(stored(&app).await, 1);

    let replaces: &'static str = Box::leak(old.clone().into_boxed_str());
    let res = post(form(replaces, "Salah cetak nama")).await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(stored(&app).await, 2);
    let code = antar_shared::tracking::TrackingCode::parse(&old).unwrap();
    let was = app
        .store
        .dispatch_by_tracking(code, now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(was.status, antar_shared::doc::Status::Recalled);
}

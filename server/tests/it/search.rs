//! Finding a dispatch (issue 11): by tracking code, part of a holder's name or a
//! document number (case and spaces ignored), or a NIK (exact, server-side, in the
//! audit log); the count of all matches; no silent cap on the page size.

use reqwest::header::COOKIE;
use serde_json::{Value, json};

use super::api::spawn_app;
use super::web::{login, no_redirects};

async fn issue(
    app: &super::api::TestApp,
    kind: &str,
    number: &str,
    holder: &str,
    nik: &str,
) -> String {
    let (status, body) = app
        .post(
            "/api/v1/dispatches",
            json!({"kind": kind, "number": number, "holder_name": holder, "nik": nik,
                   "desa_code": "52.06.03.2012"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["tracking_code"].as_str().unwrap().to_owned()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn search(app: &super::api::TestApp, q: &str) -> (Vec<String>, i64) {
    let res = app
        .client
        .get(app.url(&format!("/api/v1/dispatches?q={}", urlencode(q))))
        .bearer_auth(&app.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let total: i64 = res.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let list: Value = res.json().await.unwrap();
    let codes = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["tracking_code"].as_str().unwrap().to_owned())
        .collect();
    (codes, total)
}

#[tokio::test]
async fn staff_find_by_code_name_number_and_nik() {
    let app = spawn_app().await;
    let siti = issue(
        &app,
        "kk",
        "5206031203240001",
        "Siti Aminah",
        "5206034507900001",
    )
    .await;
    let ktp = issue(
        &app,
        "ktp-el",
        "5206034507900002",
        "Nurul Hamzah",
        "5206034507900002",
    )
    .await;
    let akta = issue(
        &app,
        "akta-kelahiran",
        "5206-LT-12032024-0042",
        "Muhammad Saleh",
        "5206031203240003",
    )
    .await;

    assert_eq!(search(&app, "siti").await, (vec![siti.clone()], 1));
    assert_eq!(
        search(&app, "  SITI   ami ").await.0,
        vec![siti.clone()],
        "case and spaces"
    );
    assert_eq!(
        search(&app, "lt-1203").await.0,
        vec![akta.clone()],
        "part of a number"
    );
    assert_eq!(
        search(&app, &siti.to_lowercase()).await.0,
        vec![siti.clone()],
        "a code"
    );
    // A NIK goes in a body, never in an address: GET refuses it, POST finds it.
    let (status, body) = app
        .get(&format!(
            "/api/v1/dispatches?q={}",
            urlencode("5206 0345 0790 0002")
        ))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "search.nik_in_url");
    let (status, body) = app
        .post(
            "/api/v1/dispatches/search",
            json!({"q": "5206 0345 0790 0002"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["tracking_code"], ktp.as_str(), "a NIK: {body}");
    assert_eq!(body.as_array().unwrap().len(), 1, "{body}");
    // Part of a NIK finds nothing, not even through a KTP-el's number (which is the NIK).
    assert_eq!(search(&app, "34507900").await.0, Vec::<String>::new());
    assert_eq!(search(&app, "zzz").await, (vec![], 0));

    let entries = app
        .store
        .audit_entries(&antar_server::store::audit::AuditFilter {
            action: Some("search_nik".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].target, "************0002", "masked in the log");

    // The dashboard: the same search box, and how many match in all.
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let html = no_redirects()
        .get(app.url("/dasbor/kiriman?cari=hamzah"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&ktp) && !html.contains(&siti), "{html}");
    assert!(html.contains("1 dari 1 ditampilkan"), "{html}");

    // The search box posts: a name goes on to the list's address…
    let form = [("cari", "hamzah"), ("status", "")];
    let res = no_redirects()
        .post(app.url("/dasbor/kiriman"))
        .header(COOKIE, &admin)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/dasbor/kiriman?cari=hamzah");

    // …a NIK is answered from the body, masked, with no link or field that holds it.
    let res = no_redirects()
        .post(app.url("/dasbor/kiriman"))
        .header(COOKIE, &admin)
        .form(&[("cari", "5206034507900001")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    assert!(html.contains(&siti) && !html.contains(&ktp), "{html}");
    assert!(html.contains("************0001"), "masked: {html}");
    assert!(!html.contains("5206034507900001"), "{html}");
    assert!(!html.contains("kiriman.csv"), "no export link: {html}");

    // A NIK typed into an address is refused and not echoed back.
    let res = no_redirects()
        .get(app.url("/dasbor/kiriman?cari=5206034507900001"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(!html.contains("5206034507900001"), "{html}");
    assert!(html.contains("kotak Cari"), "{html}");
    let res = no_redirects()
        .get(app.url("/dasbor/kiriman.csv?cari=5206%200345%200790%200001"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn a_page_larger_than_the_maximum_is_an_error_not_a_cap() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/dispatches?limit=501").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "dispatch.bad_limit");
    let (status, _) = app.get("/api/v1/dispatches?limit=500").await;
    assert_eq!(status, 200);
}

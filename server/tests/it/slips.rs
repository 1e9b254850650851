//! Codes on paper (issue 12): after an import or an issue, the residents' slips on A4
//! (eight a page, initials by default, a QR to /cek, never a NIK) and the codes as CSV.

use reqwest::header::COOKIE;
use serde_json::json;

use super::api::{bima_csv, spawn_app};
use super::web::{login, no_redirects};

#[tokio::test]
async fn an_import_prints_eight_slips_a_page_and_downloads_its_codes() {
    let app = spawn_app().await;
    let csv = bima_csv(10, 7);
    let (status, body) = app.import(csv.clone()).await;
    assert_eq!(status, 200, "{body}");
    let batch = body["batch"].as_i64().expect("a batch number");
    let codes: Vec<String> = body["tracking_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["tracking_code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    // The rows as imported: name and NIK of the first.
    let first: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let (holder, nik) = (first[2], first[3]);
    let initials: String = holder
        .split_whitespace()
        .map(|w| format!("{}.", w.chars().next().unwrap()))
        .collect::<Vec<_>>()
        .join(" ");

    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let get = |path: String| {
        let admin = admin.clone();
        let url = app.url(&path);
        async move {
            let res = no_redirects()
                .get(url)
                .header(COOKIE, admin)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.text().await.unwrap())
        }
    };
    let (status, html) = get(format!("/dasbor/terbitan/{batch}/slip")).await;
    assert_eq!(status, 200, "{html}");
    for code in &codes {
        assert!(html.contains(code.as_str()), "{code} on the sheet");
        assert!(html.contains(&format!("/cek/{code}")), "its link");
    }
    assert_eq!(
        html.matches("class=\"page\"").count(),
        2,
        "10 slips: 2 pages"
    );
    assert_eq!(html.matches("class=\"slip\"").count(), 10);
    assert_eq!(html.matches("<svg").count(), 10, "a QR each");
    assert!(html.contains(&initials), "initials by default: {initials}");
    assert!(!html.contains(holder), "no full name unless chosen");
    assert!(
        !html.contains(nik) && !html.contains(&nik[12..]),
        "never a NIK"
    );
    assert!(html.contains("Tanda terima pengambilan"));

    let (_, full) = get(format!("/dasbor/terbitan/{batch}/slip?nama=lengkap")).await;
    assert!(full.contains(holder));
    let (_, none) = get(format!("/dasbor/terbitan/{batch}/slip?nama=tanpa")).await;
    assert!(!none.contains(holder) && !none.contains(&format!(">{initials}<")));
    let (status, _) = get(format!("/dasbor/terbitan/{batch}/slip?nama=semua")).await;
    assert_eq!(status, 400);
    let (status, _) = get("/dasbor/terbitan/999999/slip".to_owned()).await;
    assert_eq!(status, 404);

    // One dispatch's slip again, from its page.
    let (status, one) = get(format!("/dasbor/kiriman/{}/slip", codes[3])).await;
    assert_eq!(status, 200);
    assert_eq!(one.matches("class=\"slip\"").count(), 1);
    let (_, detail) = get(format!("/dasbor/kiriman/{}", codes[3])).await;
    assert!(detail.contains(&format!("/dasbor/kiriman/{}/slip", codes[3])));

    // The codes as CSV: one row each, with the resident's link.
    let (status, csv_out) = get(format!("/dasbor/terbitan/{batch}/kode.csv")).await;
    assert_eq!(status, 200);
    let mut reader = csv::Reader::from_reader(csv_out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 10);
    assert_eq!(&rows[0][0], codes[0].as_str());
    assert!(rows[0][6].ends_with(&format!("/cek/{}", codes[0])));
    assert!(!csv_out.contains(nik));

    // Printing is in the audit log.
    let printed = app
        .store
        .audit_entries(&antar_server::store::audit::AuditFilter {
            action: Some("print_slips".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(printed.len(), 4, "{printed:?}");
}

#[tokio::test]
async fn the_dashboard_import_offers_the_slips_of_what_it_stored() {
    let app = spawn_app().await;
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let (status, html) = super::duplicates::upload(&app, &admin, &bima_csv(3, 11)).await;
    assert_eq!(status, 200, "{html}");
    let action = super::duplicates::confirm_action(&html);
    let res = no_redirects()
        .post(app.url(&format!("/dasbor/impor/{action}")))
        .header(COOKIE, &admin)
        .form(&json!({}))
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"batch\""), "{html}");
    let batch = html
        .split("/dasbor/terbitan/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    let res = no_redirects()
        .get(app.url(&format!("/dasbor/terbitan/{batch}/slip")))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.text().await.unwrap().matches("class=\"slip\"").count(),
        3
    );
}

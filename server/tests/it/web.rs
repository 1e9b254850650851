//! The HTML pages over real HTTP: the residents' page stays small and private, the
//! dashboard needs a login and the right role, refuses cross-site posts, and an import
//! saves nothing until a clean file is confirmed.

use reqwest::header::{COOKIE, LOCATION, ORIGIN};
use reqwest::redirect::Policy;

use super::api::{TestApp, bima_csv, spawn_app};
use antar_server::store::users::Role;
use antar_server::users;

pub(crate) fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// Logs in through the form; returns the session cookie (`name=value`).
pub(crate) async fn login(app: &TestApp, name: &str, password: &str) -> String {
    let res = no_redirects()
        .post(app.url("/dasbor/masuk"))
        .form(&[
            ("name", name),
            ("password", password),
            ("ke", "/dasbor/kiriman"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[LOCATION], "/dasbor/kiriman");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    cookie.split(';').next().unwrap().to_owned()
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let res = no_redirects()
        .get(app.url(path))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn the_residents_page_is_small_private_and_catches_typos() {
    let app = spawn_app().await;
    let (_, body) = app.import(bima_csv(3, 7)).await;
    let code = body["tracking_codes"][0]["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = reqwest::get(app.url(&format!("/cek/{code}")))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.len() <= 15 * 1024, "{} bytes", html.len());
    assert!(!html.contains("<script"));
    assert!(html.contains("Diterbitkan"), "the status word is shown");
    let record = antar_server::dispatch::get(&app.store, code.parse().unwrap())
        .await
        .unwrap();
    assert!(!html.contains(&record.holder_name), "no name");
    assert!(!html.contains(&record.nik), "no NIK");

    // A mistyped code: 400 with the reason, the typed text kept for correcting.
    let mut typo = code.clone();
    let last = typo.pop().unwrap();
    typo.push(if last == '0' { '1' } else { '0' });
    let res = reqwest::get(app.url(&format!("/cek?kode={typo}")))
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("salah ketik") && html.contains(&typo));

    // An unknown but valid code gets the same shape, not an error.
    let unknown = antar_shared::tracking::TrackingCode::from_bits(12345).unwrap();
    let html = reqwest::get(app.url(&format!("/cek/{unknown}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("belum terdaftar"));

    // English is one cookie away.
    let res = reqwest::Client::new()
        .get(app.url(&format!("/cek/{code}")))
        .header(COOKIE, "antar_lang=en")
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("Issued"));
}

#[tokio::test]
async fn the_dashboard_needs_a_login_and_the_right_role() {
    let app = spawn_app().await;
    let res = no_redirects()
        .get(app.url("/dasbor/kiriman"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[LOCATION], "/dasbor/masuk?ke=/dasbor/kiriman");

    // A wrong password: the form again with the reason, no cookie.
    let res = no_redirects()
        .post(app.url("/dasbor/masuk"))
        .form(&[("name", "admin"), ("password", "salah")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.headers().get("set-cookie").is_none());

    users::add(
        &app.store,
        &antar_server::audit::Who::command(),
        "pemantau",
        Role::Viewer,
        "kata-sandi-pemantau",
    )
    .await
    .unwrap();
    let viewer = login(&app, "pemantau", "kata-sandi-pemantau").await;
    let (status, _) = page(&app, &viewer, "/dasbor/kiriman").await;
    assert_eq!(status, 200);
    let (status, html) = page(&app, &viewer, "/dasbor/kiriman/baru").await;
    assert_eq!(status, 403, "a viewer cannot issue");
    assert!(html.contains("operator"));
    let res = no_redirects()
        .post(app.url("/dasbor/kiriman/baru"))
        .header(COOKIE, &viewer)
        .form(&[
            ("kind", "kk"),
            ("number", "1"),
            ("holder_name", "Budi"),
            ("nik", "5206034507900001"),
            ("desa_code", "52.06.03.2012"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // Every page answers for a logged-in admin.
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    for path in [
        "/dasbor",
        "/dasbor/kiriman",
        "/dasbor/kiriman/baru",
        "/dasbor/impor",
        "/dasbor/manifes",
        "/dasbor/desa",
        "/dasbor/perangkat",
        "/dasbor/laporan",
        "/dasbor/kiriman.csv",
    ] {
        let (status, _) = page(&app, &admin, path).await;
        assert_eq!(status, 200, "{path}");
    }

    // A post from another site is refused even with the cookie.
    let res = no_redirects()
        .post(app.url("/dasbor/kiriman/baru"))
        .header(COOKIE, &admin)
        .header(ORIGIN, "https://jahat.example")
        .form(&[
            ("kind", "kk"),
            ("number", "1"),
            ("holder_name", "Budi"),
            ("nik", "5206034507900001"),
            ("desa_code", "52.06.03.2012"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(stored(&app).await, 0);

    // Logging out ends the session on the server.
    let res = no_redirects()
        .post(app.url("/dasbor/keluar"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (status, _) = page(&app, &admin, "/dasbor").await;
    assert_eq!(status, 303, "the old cookie no longer works");
}

#[tokio::test]
async fn issuing_from_the_form_names_each_bad_field_and_saves_nothing() {
    let app = spawn_app().await;
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let form = [
        ("kind", "kk"),
        ("number", "5206031203240001"),
        ("holder_name", "Siti Aminah"),
        ("nik", "12345"),
        ("desa_code", "52.06.03.2099"),
        ("applicant_phone", ""),
    ];
    let res = no_redirects()
        .post(app.url("/dasbor/kiriman/baru"))
        .header(COOKIE, &admin)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("NIK") && html.contains("Siti Aminah"),
        "the typed values stay"
    );
    assert_eq!(stored(&app).await, 0);

    let mut good = form;
    good[3] = ("nik", "5206034507900001");
    good[4] = ("desa_code", "52.06.03.2012");
    let res = no_redirects()
        .post(app.url("/dasbor/kiriman/baru"))
        .header(COOKIE, &admin)
        .form(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let to = res.headers()[LOCATION].to_str().unwrap().to_owned();
    let (status, html) = page(&app, &admin, &to).await;
    assert_eq!(status, 200);
    assert!(html.contains("Siti Aminah") && html.contains("Diterbitkan"));
}

#[tokio::test]
async fn an_import_with_a_bad_line_saves_nothing_and_a_clean_one_waits_for_confirmation() {
    let app = spawn_app().await;
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    // A browser's file upload (multipart/form-data), written out by hand.
    let upload = |csv: String| {
        let boundary = "antar-uji-batas";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"kiriman.csv\"\r\n\
             Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
        );
        no_redirects()
            .post(app.url("/dasbor/impor"))
            .header(COOKIE, &admin)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
    };
    let mut csv = bima_csv(5, 11);
    csv.push_str("kk,9999,Budi,123,52.06.03.2012,\n");
    let res = upload(csv).await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("id=\"line-errors\"") && html.contains("<td>7</td>"),
        "line 7 is named"
    );
    assert_eq!(stored(&app).await, 0);

    let res = upload(bima_csv(5, 11)).await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert_eq!(stored(&app).await, 0, "a preview saves nothing");
    let action = html
        .split("action=\"/dasbor/impor/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let confirm = |cookie: &str| {
        no_redirects()
            .post(app.url(&format!("/dasbor/impor/{action}")))
            .header(COOKIE, cookie.to_owned())
            .send()
    };
    // Another account cannot confirm someone else's preview.
    users::add(
        &app.store,
        &antar_server::audit::Who::command(),
        "operator2",
        Role::Operator,
        "kata-sandi-operator",
    )
    .await
    .unwrap();
    let other = login(&app, "operator2", "kata-sandi-operator").await;
    assert_eq!(confirm(&other).await.unwrap().status(), 410);
    let res = confirm(&admin).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(stored(&app).await, 5);
    // Confirming twice does not import twice.
    assert_eq!(confirm(&admin).await.unwrap().status(), 410);
    assert_eq!(stored(&app).await, 5);
}

/// How many dispatches the server holds.
async fn stored(app: &TestApp) -> usize {
    app.store
        .list_dispatches(&AllDispatches::all(), 0)
        .await
        .unwrap()
        .len()
}

struct AllDispatches;
impl AllDispatches {
    fn all() -> antar_server::store::dispatches::Filter {
        antar_server::store::dispatches::Filter {
            limit: 1000,
            ..Default::default()
        }
    }
}

#[tokio::test]
async fn a_desa_office_s_hours_reach_its_residents() {
    let app = spawn_app().await;
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let (_, body) = app.import(bima_csv(1, 3)).await;
    let code = body["tracking_codes"][0]["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let record = antar_server::dispatch::get(&app.store, code.parse().unwrap())
        .await
        .unwrap();
    let desa = record.desa_code.to_string();
    let set = |hours: &'static str| {
        no_redirects()
            .post(app.url("/dasbor/desa/jam"))
            .header(COOKIE, &admin)
            .form(&[("desa", desa.as_str()), ("jam", hours)])
            .send()
    };
    // A line break or an empty value is refused and stores nothing.
    assert_eq!(set("Senin\nKamis").await.unwrap().status(), 422);
    assert_eq!(set("   ").await.unwrap().status(), 422);
    assert_eq!(
        app.store.office_hours(record.desa_code).await.unwrap(),
        None
    );
    let html = reqwest::get(app.url(&format!("/cek/{code}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Senin–Jumat, 08.00–14.00 WITA"),
        "the default until set"
    );

    let res = set("Senin–Kamis  08.00–12.00 WITA").await.unwrap();
    assert_eq!(
        res.status(),
        303,
        "a redirect, so reloading does not post again"
    );
    let to = res.headers()[LOCATION].to_str().unwrap().to_owned();
    let (_, page_html) = page(&app, &admin, &to).await;
    assert!(
        page_html.contains("id=\"notice\"") && page_html.contains("Senin–Kamis 08.00–12.00 WITA")
    );
    let html = reqwest::get(app.url(&format!("/cek/{code}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Senin–Kamis 08.00–12.00 WITA"));
    let (_, json) = app.get(&format!("/api/v1/status/{code}")).await;
    assert_eq!(json["pickup_hours"], "Senin–Kamis 08.00–12.00 WITA");
}

#[tokio::test]
async fn logins_are_rate_limited_and_pages_are_not_cached_or_framed() {
    let app = super::api::spawn_app_with(
        super::common::sqlite().await,
        antar_server::app::RouterOptions {
            public_per_minute: 3,
            ..Default::default()
        },
    )
    .await;
    let mut statuses = Vec::new();
    let mut last = None;
    for i in 0..6 {
        // The last try reads English: the refusal follows the reader's language.
        let lang = if i == 5 { "en" } else { "id" };
        let res = no_redirects()
            .post(app.url("/dasbor/masuk"))
            .header("accept-language", lang)
            .form(&[("name", "admin"), ("password", "tebak-tebakan")])
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
        if i == 4 {
            // A person at the login form reads a page, not JSON.
            assert!(res.headers().contains_key("retry-after"));
            let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
            assert!(kind.starts_with("text/html"), "{kind}");
            let html = res.text().await.unwrap();
            assert!(html.contains("data-code=\"request.too_many\""), "{html}");
            assert!(html.contains("coba lagi dalam"), "{html}");
        } else {
            last = Some(res);
        }
    }
    assert_eq!(&statuses[..3], &[401, 401, 401], "{statuses:?}");
    assert_eq!(&statuses[4..], &[429, 429], "{statuses:?}");
    let last = last.unwrap().text().await.unwrap();
    assert!(last.contains("data-code=\"request.too_many\""), "{last}");
    assert!(last.contains("try again in"), "{last}");

    let res = no_redirects()
        .get(app.url("/dasbor/masuk"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.headers()["x-frame-options"], "DENY");
}

#[tokio::test]
async fn redirects_stay_on_the_site() {
    let app = spawn_app().await;
    for bad in [
        "/%09/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "/dasbor%0a",
    ] {
        let res = no_redirects()
            .get(app.url(&format!("/bahasa/en?ke={bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()[LOCATION], "/", "{bad}");
    }
    // After logging in, too.
    let res = no_redirects()
        .post(app.url("/dasbor/masuk"))
        .form(&[
            ("name", "admin"),
            ("password", "kata-sandi-uji"),
            ("ke", "/dasbor\n/x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[LOCATION], "/dasbor");
    // A post with `Origin: null` (a sandboxed frame) is refused.
    let cookie = login(&app, "admin", "kata-sandi-uji").await;
    let res = no_redirects()
        .post(app.url("/dasbor/perangkat/kode"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, "null")
        .form(&[("desa", "52.06.03.2012")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn behind_a_proxy_each_resident_has_their_own_allowance() {
    let app = super::api::spawn_app_with(
        super::common::sqlite().await,
        antar_server::app::RouterOptions {
            public_per_minute: 2,
            trust_proxy: Some(1),
            ..Default::default()
        },
    )
    .await;
    let code = antar_shared::tracking::TrackingCode::from_bits(99).unwrap();
    let lookup = |from: &'static str| {
        reqwest::Client::new()
            .get(app.url(&format!("/cek/{code}")))
            .header("x-forwarded-for", from)
            .send()
    };
    let mut first = Vec::new();
    for _ in 0..4 {
        first.push(lookup("36.68.1.10").await.unwrap().status().as_u16());
    }
    assert_eq!(
        first.last(),
        Some(&429),
        "one resident is limited: {first:?}"
    );
    // Another phone behind the same proxy still gets its answer.
    assert_eq!(lookup("114.122.7.20").await.unwrap().status(), 200);
}

/// A client behind an appending proxy (nginx's `$proxy_add_x_forwarded_for`) controls
/// the left of `X-Forwarded-For`, not the right: varying the first entry buys no new
/// allowance.
#[tokio::test]
async fn a_forged_first_forwarded_entry_does_not_reset_the_limit() {
    let app = super::api::spawn_app_with(
        super::common::sqlite().await,
        antar_server::app::RouterOptions {
            public_per_minute: 2,
            trust_proxy: Some(1),
            ..Default::default()
        },
    )
    .await;
    let code = antar_shared::tracking::TrackingCode::from_bits(99).unwrap();
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for i in 0..40 {
        let forged = format!("10.0.{}.{}, 36.68.1.10", i / 250, i % 250 + 1);
        let res = client
            .get(app.url(&format!("/cek/{code}")))
            .header("x-forwarded-for", forged)
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    let passed = statuses.iter().filter(|s| **s == 200).count();
    assert!(
        passed <= 3,
        "{passed} of 40 forged lookups passed: {statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&429));
}

/// The dashboard's "for a desa" handover form refuses a relation or an ID that is not
/// one of its choices (a tampered or outdated form) instead of guessing, and records
/// nothing.
#[tokio::test]
async fn a_handover_form_with_an_unknown_choice_is_refused_not_guessed() {
    let app = spawn_app().await;
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let res = no_redirects()
        .post(app.url("/dasbor/kiriman/baru"))
        .header(COOKIE, &admin)
        .form(&[
            ("kind", "kk"),
            ("number", "5206031203240001"),
            ("holder_name", "Siti Aminah"),
            ("nik", "5206034507900001"),
            ("desa_code", "52.06.03.2012"),
            ("applicant_phone", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let to = res.headers()[LOCATION].to_str().unwrap().to_owned();
    let detail = to.split('?').next().unwrap().to_owned();
    for (relation, id) in [("tetangga", "kk"), ("family", "paspor")] {
        let res = no_redirects()
            .post(app.url(&format!("{detail}/serahkan")))
            .header(COOKIE, &admin)
            .form(&[
                ("penerima", "Siti Aminah"),
                ("hubungan", relation),
                ("identitas", id),
                ("petugas", "Nurhayati"),
                ("terima", "1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{relation} {id}");
        let html = res.text().await.unwrap();
        assert!(html.contains("Pilih hubungan penerima"), "{html}");
    }
    let (status, html) = page(&app, &admin, &detail).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Diserahkan kepada"), "nothing was recorded");
}

/// The residents' page refused by the per-address limit is a page in the reader's
/// language (with when to try again); the API behind the same limit keeps answering
/// JSON.
#[tokio::test]
async fn a_resident_over_the_limit_reads_a_page_and_the_api_stays_json() {
    let app = super::api::spawn_app_with(
        super::common::sqlite().await,
        antar_server::app::RouterOptions {
            public_per_minute: 2,
            ..Default::default()
        },
    )
    .await;
    let code = antar_shared::tracking::TrackingCode::from_bits(7).unwrap();
    let mut last = None;
    for _ in 0..4 {
        last = Some(
            no_redirects()
                .get(app.url(&format!("/cek/{code}")))
                .send()
                .await
                .unwrap(),
        );
    }
    let res = last.unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("text/html"), "{kind}");
    let html = res.text().await.unwrap();
    assert!(html.contains("data-code=\"request.too_many\""), "{html}");
    assert!(html.contains("coba lagi dalam"), "{html}");
    assert!(html.contains(&format!("href=\"/cek/{code}\"")), "{html}");

    let res = reqwest::get(app.url(&format!("/api/v1/status/{code}")))
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "request.too_many", "{body}");
}

/// A form or an address the pages cannot read gets an error page with a code in the
/// reader's language, never axum's English plain text.
#[tokio::test]
async fn unreadable_forms_and_addresses_get_our_error_page() {
    let app = spawn_app().await;
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let code = antar_shared::tracking::TrackingCode::from_bits(5).unwrap();
    // A version to keep that is not a number.
    let res = no_redirects()
        .post(app.url(&format!("/dasbor/kiriman/{code}/selesaikan")))
        .header(COOKIE, &admin)
        .form(&[("versi", "dua")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("data-code=\"resolve.choose_version\""),
        "{html}"
    );
    assert!(!html.contains("deserialize"), "{html}");
    // A field twice: the form cannot be read.
    let res = no_redirects()
        .post(app.url(&format!("/dasbor/kiriman/{code}/tarik")))
        .header(COOKIE, &admin)
        .header("accept-language", "en")
        .form(&[("reason", "salah cetak"), ("reason", "lagi")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("data-code=\"request.bad_form\""), "{html}");
    assert!(html.contains("The form could not be read"), "{html}");
    assert!(!html.contains("Failed to"), "{html}");
    // An upload that is no upload (not multipart).
    let res = no_redirects()
        .post(app.url("/dasbor/impor"))
        .header(COOKIE, &admin)
        .form(&[("berkas", "kiriman.csv")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("Unggahan tidak terbaca"), "{html}");
    assert!(!html.contains("boundary"), "{html}");
    // An address that is not UTF-8 text.
    let res = no_redirects()
        .get(app.url("/cek/%FF%FE"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("data-code=\"request.bad_address\""), "{html}");
    assert!(html.contains("Alamat tidak bisa dibaca"), "{html}");
    assert!(!html.contains("Invalid URL"), "{html}");
}

#[tokio::test]
async fn the_resident_page_says_what_waits_since_when_and_until_when() {
    let app = spawn_app().await;
    let (_, body) = app.import(bima_csv(1, 1)).await;
    let code = body["tracking_codes"][0]["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let record = antar_server::dispatch::get(&app.store, code.parse().unwrap())
        .await
        .unwrap();
    let kind = record.kind;
    let (status, body) = app
        .post(
            "/api/v1/manifests",
            serde_json::json!({"courier": "Arifin Usman", "desa_code": record.desa_code.to_string()}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let cek = || async {
        reqwest::get(app.url(&format!("/cek/{code}")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    // On the road: the kind, and no dates yet.
    let html = cek().await;
    let tr = antar_shared::i18n::Tr::new(antar_shared::Lang::Id);
    assert!(html.contains(&tr.kind(kind)), "{html}");
    assert!(!html.contains("id=\"waiting\""), "{html}");

    let (status, body) = app
        .post(
            &format!("/api/v1/dispatches/{code}/receive"),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let now = antar_server::store::now();
    let today = antar_shared::time::UnixTime(now).wita_date();
    let until =
        antar_shared::time::UnixTime(now + antar_server::lookup::keep_days() * 86_400).wita_date();
    let html = cek().await;
    assert!(
        html.contains(&format!(
            "Tiba di kantor desa {today}. Disimpan sampai {until}"
        )),
        "{html}"
    );
    let (_, json) = app.get(&format!("/api/v1/status/{code}")).await;
    assert_eq!(json["arrived_on"], today.as_str());
    assert_eq!(json["kept_until"], until.as_str());
    assert_eq!(json["kind"], kind.code());
}

/// The desa health page at a country's size: one region at a time, a code that is no
/// region refused with the reason.
#[tokio::test]
async fn desa_health_shows_one_region_when_asked() {
    let app = spawn_app().await;
    for desa in [super::common::naru(), super::common::rasabou()] {
        app.store
            .insert_dispatches(
                &super::common::sample_dispatches(desa, 2, 5),
                antar_server::store::now(),
            )
            .await
            .unwrap();
    }
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let (status, html) = page(&app, &admin, "/dasbor/desa").await;
    assert_eq!(status, 200);
    assert!(html.contains("52.06.03.2012") && html.contains("52.06.14.2007"));
    // Naru's kecamatan only.
    let (status, html) = page(&app, &admin, "/dasbor/desa?wilayah=52.06.03").await;
    assert_eq!(status, 200);
    assert!(html.contains("52.06.03.2012"), "{html}");
    assert!(
        !html.contains("52.06.14.2007"),
        "another kecamatan's desa shown"
    );
    // A prefix of a code is not a region: 52.06.1 does not mean 52.06.14.
    let (status, html) = page(&app, &admin, "/dasbor/desa?wilayah=52.06.1").await;
    assert_eq!(status, 400, "{html}");
    assert!(!html.contains("52.06.14.2007"));
    // The devices page takes the same filter.
    let (status, _) = page(&app, &admin, "/dasbor/perangkat?wilayah=52.06").await;
    assert_eq!(status, 200);
    let (status, _) = page(&app, &admin, "/dasbor/perangkat?wilayah=bima").await;
    assert_eq!(status, 400);
}

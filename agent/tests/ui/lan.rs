//! LAN mode: the box serves the office network, so every page needs a clerk's login;
//! the clerk logged in is recorded with each op (and named on handovers); a foreign
//! page cannot post with the clerk's session; five wrong PINs lock the account.

use antar_agent::accounts;
use antar_shared::doc::{OpBody, Outcome};

use crate::desk::{Desk, form, location};

const SITI_PIN: &str = "135790";

/// A LAN box with two clerk accounts.
async fn office() -> Desk {
    let desk = Desk::lan().await;
    accounts::add(&desk.replica, "Nurul Hamzah", "246810", true)
        .await
        .unwrap();
    accounts::add(&desk.replica, "Siti Aminah", SITI_PIN, false)
        .await
        .unwrap();
    desk
}

/// POSTs a form with a cookie header (and more headers).
async fn post_as(
    desk: &Desk,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = desk
        .client
        .post(desk.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .body(form(fields));
    for (k, v) in extra {
        request = request.header(*k, *v);
    }
    request.send().await.unwrap()
}

async fn get_as(desk: &Desk, cookie: &str, path: &str) -> reqwest::Response {
    desk.client
        .get(desk.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

/// Logs in; returns the `name=value` of the session cookie.
async fn log_in(desk: &Desk, name: &str, pin: &str) -> String {
    let r = desk
        .post(
            "/masuk",
            &[("nama", name), ("pin", pin), ("ke", "/kiriman")],
        )
        .await;
    assert_eq!(location(&r), "/kiriman");
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Strict"), "{set}");
    set.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn every_page_needs_a_login_and_the_clerk_is_recorded_on_ops() {
    let desk = office().await;
    let code = desk.first.code.to_string();

    // Without a session: the login page, and back to the page after it.
    let r = desk.client.get(desk.url("/kiriman")).send().await.unwrap();
    assert_eq!(location(&r), "/masuk?ke=/kiriman");
    for path in [
        "/",
        "/terima",
        "/serahkan",
        &format!("/kiriman/{code}"),
        "/daftar",
    ] {
        let r = desk.client.get(desk.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
    }
    // A write without a session stores nothing.
    let before = desk.ops().await;
    let r = desk.post("/terima", &[("kode", &code)]).await;
    assert!(location(&r).starts_with("/masuk"));
    assert_eq!(desk.ops().await, before);
    // What the login page needs is served without one.
    let (status, page) = desk.get("/masuk").await;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"pin\""), "{page}");
    assert!(!page.contains("id=\"no-accounts\""));
    assert_eq!(desk.get("/assets/antar.css").await.0, 200);

    // A wrong PIN (or an unknown name) says the same, and opens nothing.
    for (name, pin) in [("Siti Aminah", "000000"), ("Siapa Saja", SITI_PIN)] {
        let r = desk.post("/masuk", &[("nama", name), ("pin", pin)]).await;
        assert_eq!(r.status(), 401);
        assert!(r.headers().get("set-cookie").is_none());
        let page = r.text().await.unwrap();
        assert!(page.contains("Nama atau PIN salah"), "{page}");
    }

    let siti = log_in(&desk, "siti aminah", SITI_PIN).await;
    let r = get_as(&desk, &siti, "/").await;
    assert_eq!(r.status(), 200);
    let home = r.text().await.unwrap();
    assert!(home.contains("Masuk sebagai Siti Aminah"), "{home}");
    assert!(!home.contains("id=\"single-pc\""));

    // A page on another site posting with Siti's cookie is refused (CSRF).
    for foreign in [
        [
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        [("origin", "null"), ("x-unused", "")],
    ] {
        let r = post_as(&desk, &siti, "/terima", &[("kode", &code)], &foreign).await;
        assert_eq!(r.status(), 403);
    }
    assert_eq!(desk.ops().await, before);

    // Her receipt and handover are recorded as hers, whatever name the form carries.
    let same_site = [
        ("origin", desk.base.as_str()),
        ("sec-fetch-site", "same-origin"),
    ];
    let r = post_as(&desk, &siti, "/terima", &[("kode", &code)], &same_site).await;
    assert_eq!(r.status(), 303);
    let page = get_as(&desk, &siti, &format!("/kiriman/{code}/serahkan"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(
            "value=\"Siti Aminah\" required maxlength=\"200\" autocomplete=\"off\" readonly"
        ),
        "{page}"
    );
    let r = post_as(
        &desk,
        &siti,
        &format!("/kiriman/{code}/serahkan"),
        &[
            ("penerima", &desk.first.holder),
            ("hubungan", "holder"),
            ("identitas", "ktp-el"),
            ("petugas", "Orang Lain"),
        ],
        &same_site,
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let doc = desk.replica.load(crate::desk::naru()).await.unwrap();
    let mine: Vec<_> = doc
        .ops()
        .filter(|op| op.dot.actor == desk.me.actor)
        .collect();
    assert_eq!(mine.len(), 2);
    for op in &mine {
        let clerk = desk
            .replica
            .op_clerk(op.dot.actor.0, op.dot.counter)
            .await
            .unwrap();
        assert_eq!(clerk.as_deref(), Some("Siti Aminah"), "{op:?}");
        if let OpBody::Handover { handover, .. } = &op.body {
            assert_eq!(handover.clerk.as_str(), "Siti Aminah");
        }
    }
    let state = doc.find(desk.first.code).unwrap();
    assert!(matches!(
        state.outcomes().first().map(|v| &v.value),
        Some(Outcome::HandedOver(_))
    ));
    let history = get_as(&desk, &siti, &format!("/kiriman/{code}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(history.contains("dicatat oleh Siti Aminah"), "{history}");

    // Logging out ends the session on the box, not only in the browser.
    let r = post_as(&desk, &siti, "/keluar", &[], &same_site).await;
    assert_eq!(location(&r), "/masuk");
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let r = get_as(&desk, &siti, "/").await;
    assert!(location(&r).starts_with("/masuk"));
}

#[tokio::test]
async fn five_wrong_pins_lock_the_account_until_the_head_clerk_sets_a_new_pin() {
    let desk = office().await;
    for i in 1..=5 {
        let r = desk
            .post("/masuk", &[("nama", "Siti Aminah"), ("pin", "999999")])
            .await;
        let expected = if i < 5 { 401 } else { 429 };
        assert_eq!(r.status(), expected, "attempt {i}");
    }
    // Now even her right PIN is refused, and the page says why.
    let r = desk
        .post("/masuk", &[("nama", "Siti Aminah"), ("pin", SITI_PIN)])
        .await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("set-cookie").is_none());
    let page = r.text().await.unwrap();
    assert!(page.contains("terkunci"), "{page}");
    // Another clerk is not locked out by it.
    log_in(&desk, "Nurul Hamzah", "246810").await;
    // The head clerk sets a new PIN on the box: it works at once.
    accounts::set_pin(&desk.replica, "Siti Aminah", "864209")
        .await
        .unwrap();
    log_in(&desk, "Siti Aminah", "864209").await;
}

#[tokio::test]
async fn the_office_pc_alone_has_no_login_and_says_so() {
    let desk = Desk::new().await;
    let (status, home) = desk.get("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("id=\"single-pc\""), "{home}");
    assert!(home.contains("Mode satu PC"), "{home}");
    let r = desk.client.get(desk.url("/masuk")).send().await.unwrap();
    assert_eq!(location(&r), "/");
    // Ops written here name no clerk in the log.
    desk.receive(desk.first.code).await;
    let doc = desk.replica.load(crate::desk::naru()).await.unwrap();
    let op = doc.ops().find(|op| op.dot.actor == desk.me.actor).unwrap();
    assert_eq!(
        desk.replica
            .op_clerk(op.dot.actor.0, op.dot.counter)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn a_lan_box_with_no_accounts_says_how_to_make_one() {
    let desk = Desk::lan().await;
    let (status, page) = desk.get("/masuk").await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"no-accounts\""), "{page}");
    assert!(page.contains("antar-agent clerk add"), "{page}");
}

//! Accounts people can run (issue 11): change one's own password, an admin's reset
//! with a one-time password, disabling that ends sessions and tokens at once, the
//! last login; each in the audit log.

use reqwest::header::{COOKIE, LOCATION};

use super::api::spawn_app;
use super::web::{login, no_redirects};
use antar_server::audit::Who;
use antar_server::store::users::Role;

async fn add(app: &super::api::TestApp, name: &str, role: Role, password: &str) {
    antar_server::users::add(&app.store, &Who::command(), name, role, password)
        .await
        .unwrap();
}

/// Whether a session cookie still opens the dashboard.
async fn opens(app: &super::api::TestApp, cookie: &str) -> bool {
    let res = no_redirects()
        .get(app.url("/dasbor/kiriman"))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    res.status() == 200
}

async fn login_status(app: &super::api::TestApp, name: &str, password: &str) -> u16 {
    no_redirects()
        .post(app.url("/dasbor/masuk"))
        .form(&[("name", name), ("password", password), ("ke", "/dasbor")])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_clerk_changes_their_own_password() {
    let app = spawn_app().await;
    add(&app, "petugas", Role::Operator, "kata-sandi-lama").await;
    let cookie = login(&app, "petugas", "kata-sandi-lama").await;
    let change = |current: &'static str, new: &'static str, again: &'static str| {
        no_redirects()
            .post(app.url("/dasbor/akun"))
            .header(COOKIE, &cookie)
            .form(&[("sekarang", current), ("baru", new), ("ulangi", again)])
            .send()
    };
    let wrong = change("bukan-ini-sandinya", "kata-sandi-baru", "kata-sandi-baru")
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("Kata sandi sekarang salah")
    );
    let differ = change("kata-sandi-lama", "kata-sandi-baru", "kata-sandi-beda")
        .await
        .unwrap();
    assert_eq!(differ.status(), 422);
    let short = change("kata-sandi-lama", "pendek", "pendek").await.unwrap();
    assert_eq!(short.status(), 422);
    let ok = change("kata-sandi-lama", "kata-sandi-baru", "kata-sandi-baru")
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.text().await.unwrap().contains("masuk lagi"));
    assert!(!opens(&app, &cookie).await, "the old session ended");
    assert_eq!(login_status(&app, "petugas", "kata-sandi-lama").await, 401);
    login(&app, "petugas", "kata-sandi-baru").await;
}

#[tokio::test]
async fn an_admin_resets_disables_and_enables_an_account() {
    let app = spawn_app().await;
    add(&app, "petugas", Role::Operator, "kata-sandi-lama").await;
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let clerk = login(&app, "petugas", "kata-sandi-lama").await;
    let token = antar_server::secret::new_token().unwrap();
    let user = app
        .store
        .user_by_name("petugas")
        .await
        .unwrap()
        .unwrap()
        .user;
    app.store
        .add_session(
            &antar_server::secret::hash_token(&token),
            user.id,
            "cli",
            0,
            None,
        )
        .await
        .unwrap();

    // The list shows the last login.
    let list = no_redirects()
        .get(app.url("/dasbor/pengguna"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("petugas"), "{list}");
    let accounts = app.store.accounts().await.unwrap();
    let petugas = accounts.iter().find(|a| a.user.name == "petugas").unwrap();
    assert!(petugas.last_login_at.is_some());

    // A reset shows a one-time password once; the old one stops working.
    let page = no_redirects()
        .post(app.url("/dasbor/pengguna/petugas/reset"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let one_time = page
        .split(r#"<b class="mono" id="one-time">"#)
        .nth(1)
        .and_then(|rest| rest.split("</b>").next())
        .unwrap()
        .to_owned();
    assert!(one_time.len() >= 10, "{one_time}");
    assert!(
        !opens(&app, &clerk).await,
        "the clerk's session ended with the reset"
    );
    assert_eq!(login_status(&app, "petugas", "kata-sandi-lama").await, 401);
    let clerk = login(&app, "petugas", &one_time).await;

    // Disabling ends the session and the API token at once; logging in is refused.
    let res = no_redirects()
        .post(app.url("/dasbor/pengguna/petugas/nonaktif"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[LOCATION], "/dasbor/pengguna");
    assert!(!opens(&app, &clerk).await);
    let api = reqwest::Client::new()
        .get(app.url("/api/v1/dispatches"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401, "the API token ended too");
    let refused = no_redirects()
        .post(app.url("/dasbor/masuk"))
        .form(&[
            ("name", "petugas"),
            ("password", one_time.as_str()),
            ("ke", "/dasbor"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("dinonaktifkan"));

    // An admin cannot lock themselves out.
    let own = no_redirects()
        .post(app.url("/dasbor/pengguna/admin/nonaktif"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 409);

    let res = no_redirects()
        .post(app.url("/dasbor/pengguna/petugas/aktif"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    login(&app, "petugas", &one_time).await;

    // Only admins run accounts.
    let clerk = login(&app, "petugas", &one_time).await;
    let res = no_redirects()
        .post(app.url("/dasbor/pengguna/admin/reset"))
        .header(COOKIE, &clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    let entries = app
        .store
        .audit_entries(&antar_server::store::audit::AuditFilter {
            action: Some("user".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for expected in ["user_reset", "user_disable", "user_enable"] {
        assert!(actions.contains(&expected), "{actions:?}");
    }
    assert!(
        entries
            .iter()
            .all(|e| e.who_name == "admin" || e.who_kind == "command")
    );
}

/// A device is renamed on the dashboard (admins only); the name is checked like an
/// enrollment's and the change is in the audit log.
#[tokio::test]
async fn an_admin_renames_a_device() {
    let app = spawn_app().await;
    let device = app.enroll(super::common::naru()).await;
    let admin = login(&app, "admin", "kata-sandi-uji").await;
    let path = format!("/dasbor/perangkat/{}/nama", device.actor.0);
    let res = no_redirects()
        .post(app.url(&path))
        .header(COOKIE, &admin)
        .form(&[("nama", "Laptop Pak Sekdes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let devices = app.store.list_devices(None).await.unwrap();
    assert_eq!(devices[0].name, "Laptop Pak Sekdes");
    let bad = no_redirects()
        .post(app.url(&path))
        .header(COOKIE, &admin)
        .form(&[("nama", "  ")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    add(&app, "petugas", Role::Operator, "kata-sandi-petugas").await;
    let operator = login(&app, "petugas", "kata-sandi-petugas").await;
    let refused = no_redirects()
        .post(app.url(&path))
        .header(COOKIE, &operator)
        .form(&[("nama", "Laptop lain")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let entries = app
        .store
        .audit_entries(&antar_server::store::audit::AuditFilter {
            action: Some("device_rename".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert!(entries[0].detail.contains("Laptop Pak Sekdes"));
}

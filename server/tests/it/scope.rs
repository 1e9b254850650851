//! The authorization matrix (issue 11): staff roles × kecamatan scope × the dashboard's
//! and the API's routes. A viewer reads, an operator also writes, an admin also runs
//! devices; an account scoped to Woha (52.06.03) sees and acts on Woha only, on every
//! route, whatever its role.

use reqwest::header::COOKIE;
use serde_json::json;

use super::api::{TestApp, spawn_app};
use super::common::{naru, rasabou};
use super::web::{login, no_redirects};
use antar_server::audit::Who;
use antar_server::store::users::Role;
use antar_shared::region::VillageCode;

const WOHA: &str = "52.06.03";

struct Account {
    name: String,
    role: Role,
    scoped: bool,
    cookie: String,
    token: String,
}

async fn accounts(app: &TestApp) -> Vec<Account> {
    let mut out = Vec::new();
    for role in [Role::Viewer, Role::Operator, Role::Admin] {
        for scoped in [false, true] {
            let name = format!(
                "{}-{}",
                role.as_str(),
                if scoped { "woha" } else { "semua" }
            );
            let password = "kata-sandi-matriks";
            antar_server::users::add(&app.store, &Who::command(), &name, role, password)
                .await
                .unwrap();
            if scoped {
                antar_server::users::set_scope(&app.store, &Who::command(), &name, &[WOHA.into()])
                    .await
                    .unwrap();
            }
            let user = app.store.user_by_name(&name).await.unwrap().unwrap().user;
            let token = antar_server::secret::new_token().unwrap();
            app.store
                .add_session(
                    &antar_server::secret::hash_token(&token),
                    user.id,
                    "test",
                    0,
                    None,
                )
                .await
                .unwrap();
            let cookie = login(app, &name, password).await;
            out.push(Account {
                name,
                role,
                scoped,
                cookie,
                token,
            });
        }
    }
    out
}

/// A dispatch issued (and published) by the global admin for `desa`.
async fn dispatch(app: &TestApp, desa: VillageCode, n: u32) -> String {
    let (status, body) = app
        .post(
            "/api/v1/dispatches",
            json!({"kind": "lainnya", "number": format!("474/{n:07}/DKPS/2026"),
                   "holder_name": "Warga Uji", "nik": format!("5206034507{:06}", 900_001 + n),
                   "desa_code": desa.to_string()}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["tracking_code"].as_str().unwrap().to_owned()
}

/// What a route should answer: the role suffices, and the target is inside the scope.
fn allowed(a: &Account, need: Role, inside: bool) -> bool {
    a.role >= need && (!a.scoped || inside)
}

/// A page or an answer: allowed is a success, refused is 403.
fn check(a: &Account, route: &str, need: Role, inside: bool, status: u16) {
    if allowed(a, need, inside) {
        assert!(
            status < 400,
            "{} on {route} (inside {inside}): {status}",
            a.name
        );
    } else {
        assert_eq!(status, 403, "{} on {route} (inside {inside})", a.name);
    }
}

#[tokio::test]
async fn roles_times_scope_on_every_route() {
    let app = spawn_app().await;
    let accounts = accounts(&app).await;
    let desas = [(naru(), true), (rasabou(), false)];
    let mut n = 0;
    let web = no_redirects();
    let api = reqwest::Client::new();
    for a in &accounts {
        for (desa, inside) in desas {
            let mut fresh = || {
                n += 1;
                n
            };
            let number = fresh();
            let listed = dispatch(&app, desa, number).await;
            let nik = format!("5206034507{:06}", 900_001 + number);
            app.publish().await;
            let visible = !a.scoped || inside;

            // Reading: the lists show it only inside the scope; the page and the API's
            // record are refused outside it.
            let html = web
                .get(app.url("/dasbor/kiriman"))
                .header(COOKIE, &a.cookie)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert_eq!(html.contains(&listed), visible, "{} list", a.name);
            let csv = web
                .get(app.url("/dasbor/kiriman.csv"))
                .header(COOKIE, &a.cookie)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert_eq!(csv.contains(&listed), visible, "{} csv", a.name);
            let list = api
                .get(app.url("/api/v1/dispatches"))
                .bearer_auth(&a.token)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert_eq!(list.contains(&listed), visible, "{} api list", a.name);
            // Searching by NIK (posted, on both) finds it only inside the scope too.
            let html = web
                .post(app.url("/dasbor/kiriman"))
                .header(COOKIE, &a.cookie)
                .form(&[("cari", nik.as_str())])
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert_eq!(html.contains(&listed), visible, "{} NIK search", a.name);
            let list = api
                .post(app.url("/api/v1/dispatches/search"))
                .bearer_auth(&a.token)
                .json(&json!({"q": nik}))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert_eq!(list.contains(&listed), visible, "{} api NIK search", a.name);
            let page = web
                .get(app.url(&format!("/dasbor/kiriman/{listed}")))
                .header(COOKIE, &a.cookie)
                .send()
                .await
                .unwrap();
            check(
                a,
                "dashboard detail",
                Role::Viewer,
                inside,
                page.status().as_u16(),
            );
            let one = api
                .get(app.url(&format!("/api/v1/dispatches/{listed}")))
                .bearer_auth(&a.token)
                .send()
                .await
                .unwrap();
            check(a, "api detail", Role::Viewer, inside, one.status().as_u16());
            let slip = web
                .get(app.url(&format!("/dasbor/kiriman/{listed}/slip")))
                .header(COOKIE, &a.cookie)
                .send()
                .await
                .unwrap();
            check(a, "slip", Role::Viewer, inside, slip.status().as_u16());

            // Writing on the dashboard.
            let target = dispatch(&app, desa, fresh()).await;
            let res = web
                .post(app.url(&format!("/dasbor/kiriman/{target}/tarik")))
                .header(COOKIE, &a.cookie)
                .form(&[("reason", "Salah cetak")])
                .send()
                .await
                .unwrap();
            check(
                a,
                "dashboard recall",
                Role::Operator,
                inside,
                res.status().as_u16(),
            );
            let k = fresh();
            let res = web
                .post(app.url("/dasbor/kiriman/baru"))
                .header(COOKIE, &a.cookie)
                .form(&[
                    ("kind", "lainnya"),
                    ("number", &format!("474/{k:07}/DKPS/2026")),
                    ("holder_name", "Warga Uji"),
                    ("nik", &format!("5206034507{:06}", 900_001 + k)),
                    ("desa_code", &desa.to_string()),
                    ("applicant_phone", ""),
                ])
                .send()
                .await
                .unwrap();
            check(
                a,
                "dashboard issue",
                Role::Operator,
                inside,
                res.status().as_u16(),
            );
            let res = web
                .post(app.url("/dasbor/manifes"))
                .header(COOKIE, &a.cookie)
                .form(&[("courier", "Arifin Usman"), ("desa", &desa.to_string())])
                .send()
                .await
                .unwrap();
            check(
                a,
                "dashboard manifest",
                Role::Operator,
                inside,
                res.status().as_u16(),
            );
            let res = web
                .post(app.url("/dasbor/perangkat/kode"))
                .header(COOKIE, &a.cookie)
                .form(&[("desa", desa.to_string())])
                .send()
                .await
                .unwrap();
            check(
                a,
                "dashboard enroll code",
                Role::Operator,
                inside,
                res.status().as_u16(),
            );
            let res = web
                .post(app.url("/dasbor/desa/jam"))
                .header(COOKIE, &a.cookie)
                .form(&[
                    ("desa", desa.to_string()),
                    ("jam", "Senin–Kamis 08.00–12.00".to_owned()),
                ])
                .send()
                .await
                .unwrap();
            check(
                a,
                "dashboard hours",
                Role::Operator,
                inside,
                res.status().as_u16(),
            );

            // Writing through the API.
            let target = dispatch(&app, desa, fresh()).await;
            let res = api
                .post(app.url(&format!("/api/v1/dispatches/{target}/recall")))
                .bearer_auth(&a.token)
                .json(&json!({"reason": "Salah cetak"}))
                .send()
                .await
                .unwrap();
            check(
                a,
                "api recall",
                Role::Operator,
                inside,
                res.status().as_u16(),
            );
            let target = dispatch(&app, desa, fresh()).await;
            let res = api
                .post(app.url(&format!("/api/v1/dispatches/{target}/receive")))
                .bearer_auth(&a.token)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            // A receipt before any trip is refused by the custody rules (409/422), which
            // still means the account got past the role and scope checks.
            let status = res.status().as_u16();
            if allowed(a, Role::Operator, inside) {
                assert_ne!(status, 403, "{} api receive", a.name);
            } else {
                assert_eq!(status, 403, "{} api receive", a.name);
            }
            let k = fresh();
            let res = api
                .post(app.url("/api/v1/dispatches"))
                .bearer_auth(&a.token)
                .json(
                    &json!({"kind": "lainnya", "number": format!("474/{k:07}/DKPS/2026"),
                    "holder_name": "Warga Uji", "nik": format!("5206034507{:06}", 900_001 + k),
                    "desa_code": desa.to_string()}),
                )
                .send()
                .await
                .unwrap();
            check(
                a,
                "api issue",
                Role::Operator,
                inside,
                res.status().as_u16(),
            );
            let res = api
                .post(app.url("/api/v1/manifests"))
                .bearer_auth(&a.token)
                .json(&json!({"courier": "Arifin Usman", "desa_code": desa.to_string()}))
                .send()
                .await
                .unwrap();
            check(
                a,
                "api manifest",
                Role::Operator,
                inside,
                res.status().as_u16(),
            );
            let res = api
                .post(app.url("/api/v1/enroll-codes"))
                .bearer_auth(&a.token)
                .json(&json!({"desa_code": desa.to_string()}))
                .send()
                .await
                .unwrap();
            check(
                a,
                "api enroll code",
                Role::Operator,
                inside,
                res.status().as_u16(),
            );
            let k = fresh();
            let res = api
                .post(app.url("/api/v1/imports"))
                .bearer_auth(&a.token)
                .header("content-type", "text/csv")
                .body(format!(
                    "kind,number,holder_name,nik,desa_code\nlainnya,474/{k:07}/DKPS/2026,Warga Uji,5206034507{:06},{desa}\n",
                    900_001 + k
                ))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            match (a.role >= Role::Operator, !a.scoped || inside) {
                (false, _) => assert_eq!(status, 403, "{} api import", a.name),
                (true, true) => assert_eq!(status, 200, "{} api import", a.name),
                // The row outside the scope is refused by line, like any bad row.
                (true, false) => assert_eq!(status, 422, "{} api import", a.name),
            }
        }
    }
}

/// A handed-over dispatch for `desa`, recorded by the global admin on the desa's behalf.
async fn handed_over(app: &TestApp, desa: VillageCode, n: u32) -> String {
    let code = dispatch(app, desa, n).await;
    let (status, body) = app
        .post(
            "/api/v1/manifests",
            json!({"courier": "Arifin Usman", "desa_code": desa.to_string()}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = app
        .post(
            &format!("/api/v1/dispatches/{code}/handover"),
            json!({"recipient": "Warga Uji", "relation": "holder", "id_shown": "ktp-el",
                   "clerk": "Nurul Hamzah", "receive": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    code
}

#[tokio::test]
async fn reports_and_the_audit_log_keep_to_the_scope() {
    let app = spawn_app().await;
    let accounts = accounts(&app).await;
    let woha = handed_over(&app, naru(), 1).await;
    let tambora = handed_over(&app, rasabou(), 2).await;
    let web = no_redirects();
    let page = |path: &'static str, cookie: String| {
        let web = web.clone();
        let url = app.url(path);
        async move {
            let res = web.get(url).header(COOKIE, cookie).send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    for a in &accounts {
        // Reports: the per-kecamatan table names Woha, and Tambora only when unscoped.
        let (status, html) = page("/dasbor/laporan", a.cookie.clone()).await;
        assert_eq!(status, 200, "{} reports", a.name);
        assert!(html.contains("Woha"), "{} reports: {html}", a.name);
        assert_eq!(html.contains("Tambora"), !a.scoped, "{} reports", a.name);

        // Notices: the reach per desa keeps to the scope too.
        let (status, html) = page("/dasbor/kabar", a.cookie.clone()).await;
        assert_eq!(status, 200, "{} notices", a.name);
        assert!(
            html.contains("(52.06.03.2012)"),
            "{} notices: {html}",
            a.name
        );
        assert_eq!(
            html.contains("(52.06.14.2007)"),
            !a.scoped,
            "{} notices",
            a.name
        );

        // The audit log: admins only; a kecamatan admin sees that kecamatan's entries.
        let (status, html) = page("/dasbor/audit", a.cookie.clone()).await;
        if a.role < Role::Admin {
            assert_eq!(status, 403, "{} audit", a.name);
            continue;
        }
        assert_eq!(status, 200, "{} audit", a.name);
        assert!(html.contains(&woha), "{} audit: {html}", a.name);
        assert_eq!(html.contains(&tambora), !a.scoped, "{} audit", a.name);
    }
}

#[tokio::test]
async fn only_the_regency_admins_run_accounts_and_set_scopes() {
    let app = spawn_app().await;
    let accounts = accounts(&app).await;
    let web = no_redirects();
    let api = reqwest::Client::new();
    let regency = accounts
        .iter()
        .find(|a| a.role == Role::Admin && !a.scoped)
        .unwrap();
    let kecamatan = accounts
        .iter()
        .find(|a| a.role == Role::Admin && a.scoped)
        .unwrap();

    // A kecamatan admin cannot reset the regency admin's password, disable it, widen
    // its own scope, list or add accounts.
    for path in [
        "/dasbor/pengguna/admin/reset".to_owned(),
        "/dasbor/pengguna/admin/nonaktif".to_owned(),
        format!("/dasbor/pengguna/{}/wilayah", kecamatan.name),
    ] {
        let res = web
            .post(app.url(&path))
            .header(COOKIE, &kecamatan.cookie)
            .form(&[("kecamatan", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{path}");
    }
    let res = web
        .get(app.url("/dasbor/pengguna"))
        .header(COOKIE, &kecamatan.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = api
        .get(app.url("/api/v1/users"))
        .bearer_auth(&kecamatan.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = api
        .post(app.url("/api/v1/users"))
        .bearer_auth(&kecamatan.token)
        .json(&json!({"name": "baru", "role": "admin", "password": "kata-sandi-baru-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let scope = |name: &str| {
        let store = app.store.clone();
        let name = name.to_owned();
        async move {
            let user = store.user_by_name(&name).await.unwrap().unwrap().user;
            store.user_scope(user.id).await.unwrap().joined()
        }
    };
    assert_eq!(scope(&kecamatan.name).await.as_deref(), Some(WOHA));

    // The regency admin sets a scope on the users page; a bad code changes nothing.
    let target = "viewer-semua";
    let set = |typed: &'static str| {
        web.post(app.url(&format!("/dasbor/pengguna/{target}/wilayah")))
            .header(COOKIE, &regency.cookie)
            .form(&[("kecamatan", typed)])
            .send()
    };
    let res = set("52.06.03, 52.06.14").await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(scope(target).await.as_deref(), Some("52.06.03,52.06.14"));
    let res = set("52.06.03, Woha").await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("role=\"alert\""));
    assert_eq!(scope(target).await.as_deref(), Some("52.06.03,52.06.14"));
    let res = set("").await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(scope(target).await, None);
}

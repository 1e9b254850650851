//! The audit log (issue 11): staff actions and logins are recorded with who, from where
//! and what; only admins read it; and an entry edited in the database breaks the chain
//! that `audit verify` checks.

use std::process::Command;

use reqwest::header::COOKIE;
use serde_json::json;

use super::api::{bima_csv, spawn_app};
use super::common::naru;
use super::web::{login, no_redirects};
use antar_server::store::audit::AuditFilter;

fn all() -> AuditFilter {
    AuditFilter {
        limit: 1000,
        ..Default::default()
    }
}

#[tokio::test]
async fn staff_actions_and_logins_are_recorded_with_who_and_where() {
    let app = spawn_app().await;
    // A failed login, then a good one, through the dashboard's form.
    let res = no_redirects()
        .post(app.url("/dasbor/masuk"))
        .form(&[
            ("name", "admin"),
            ("password", "salah-sekali-ini"),
            ("ke", "/dasbor"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let admin = login(&app, "admin", "kata-sandi-uji").await;

    let (status, issued) = app
        .post(
            "/api/v1/dispatches",
            json!({"kind": "kk", "number": "5206031203240001", "holder_name": "Siti Aminah",
                   "nik": "5206034507900001", "desa_code": "52.06.03.2012"}),
        )
        .await;
    assert_eq!(status, 201, "{issued}");
    let code = issued["tracking_code"].as_str().unwrap().to_owned();
    let (status, _) = app.import(bima_csv(5, 3)).await;
    assert_eq!(status, 200);
    let (status, body) = app
        .post(
            &format!("/api/v1/dispatches/{code}/recall"),
            json!({"reason": "Salah cetak nama"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let csv = no_redirects()
        .get(app.url("/dasbor/kiriman.csv?status=issued"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    app.enroll(naru()).await;

    // The history names the staff account behind each server op, not just "Dukcapil".
    let (_, detail) = app.get(&format!("/api/v1/dispatches/{code}")).await;
    let by: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["by"].as_str().unwrap())
        .collect();
    assert_eq!(by, ["Dukcapil: admin", "Dukcapil: admin"], "{detail}");

    let entries = app.store.audit_entries(&all()).await.unwrap();
    let actions: Vec<&str> = entries.iter().rev().map(|e| e.action.as_str()).collect();
    for expected in [
        "login_failed",
        "login",
        "dispatch_issue",
        "import",
        "dispatch_recall",
        "export",
        "enroll_code_create",
        "device_enroll",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    let failed = entries.iter().find(|e| e.action == "login_failed").unwrap();
    assert_eq!(failed.who_name, "admin");
    assert_eq!(failed.who_id, None);
    assert_eq!(failed.address.as_deref(), Some("127.0.0.1"));
    let recall = entries
        .iter()
        .find(|e| e.action == "dispatch_recall")
        .unwrap();
    assert_eq!(
        (recall.who_kind.as_str(), recall.who_name.as_str()),
        ("user", "admin")
    );
    assert_eq!(recall.target, code);
    assert_eq!(recall.desa_code.as_deref(), Some("52.06.03.2012"));
    assert!(
        recall.detail.contains("Salah cetak nama"),
        "{}",
        recall.detail
    );
    let import = entries.iter().find(|e| e.action == "import").unwrap();
    assert!(import.detail.contains("\"rows\":5"), "{}", import.detail);
    let export = entries.iter().find(|e| e.action == "export").unwrap();
    assert!(export.detail.contains("status=issued"), "{}", export.detail);
    let enrolled = entries
        .iter()
        .find(|e| e.action == "device_enroll")
        .unwrap();
    assert_eq!(enrolled.who_kind, "device");
    assert_eq!(enrolled.who_name, "Laptop kantor desa");

    // Admins read it on the dashboard, filtered; an operator may not.
    let page = no_redirects()
        .get(app.url("/dasbor/audit?tindakan=dispatch"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("dispatch_recall") && html.contains("dispatch_issue"),
        "{html}"
    );
    assert!(
        !html.contains("login_failed"),
        "the filter keeps only dispatch actions"
    );
    assert!(html.contains("rantai hash utuh"), "{html}");
    antar_server::users::add(
        &app.store,
        &antar_server::audit::Who::command(),
        "petugas",
        antar_server::store::users::Role::Operator,
        "kata-sandi-petugas",
    )
    .await
    .unwrap();
    let operator = login(&app, "petugas", "kata-sandi-petugas").await;
    let page = no_redirects()
        .get(app.url("/dasbor/audit"))
        .header(COOKIE, &operator)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 403);
}

/// The chain in a real database file: `audit verify` passes, then fails naming the
/// entry once one row is edited behind Antar's back.
#[tokio::test]
async fn editing_one_entry_makes_audit_verify_fail() {
    let dir = tempfile::tempdir().unwrap();
    let server = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_antar-server"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env("ANTAR_LANG", "id")
            .env("ANTAR_LOG", "off")
            .output()
            .unwrap()
    };
    assert!(server(&["init"]).status.success());
    let added = Command::new(env!("CARGO_BIN_EXE_antar-server"))
        .arg("--data-dir")
        .arg(dir.path())
        .args([
            "user",
            "add",
            "petugas",
            "--role",
            "operator",
            "--password-stdin",
        ])
        .env("ANTAR_LOG", "off")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"kata-sandi-petugas\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    for desa in ["52.06.03.2012", "52.06.03.2001"] {
        let made = server(&["enroll-code", desa]);
        assert!(made.status.success(), "{made:?}");
    }
    let ok = server(&["audit", "verify"]);
    assert!(ok.status.success(), "{ok:?}");
    assert!(String::from_utf8_lossy(&ok.stderr).contains("utuh"));
    let listed = server(&["audit", "list", "--json"]);
    let entries: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert!(entries.as_array().unwrap().len() >= 3, "{entries}");

    let store = antar_server::store::Store::open_existing_data_dir(dir.path())
        .await
        .unwrap();
    sqlx::query("UPDATE audit SET who_name = 'orang lain' WHERE seq = 2")
        .execute(store.pool())
        .await
        .unwrap();
    store.pool().close().await;
    let broken = server(&["audit", "verify"]);
    assert_eq!(broken.status.code(), Some(1), "{broken:?}");
    let said = String::from_utf8_lossy(&broken.stderr);
    assert!(said.contains("entri 2 diubah"), "{said}");
}

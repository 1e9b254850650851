//! Receipt keys and receipts over the API: certification at enrollment or later, bad
//! input that changes nothing, uploads refused one by one, and what `/verifikasi` adds
//! from Dukcapil's records (the status now, a device revoked before it signed).

use antar_server::store::now;
use antar_shared::doc::{ActorId, Relation};
use antar_shared::kind::DocumentKind;
use antar_shared::receipt::{DeviceCertificate, DeviceKey, Statement};
use antar_shared::text::PersonName;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;
use serde_json::{Value, json};

use super::api::{TestApp, spawn_app};
use super::common::{naru, rasabou};

fn key() -> DeviceKey {
    DeviceKey::from_pkcs8(&DeviceKey::generate().unwrap()).unwrap()
}

/// A device enrolled with its receipt key: token, actor, key, certificate.
async fn enrolled(
    app: &TestApp,
    desa: antar_shared::region::VillageCode,
) -> (String, u32, DeviceKey, DeviceCertificate) {
    let (_, code) = app
        .post(
            "/api/v1/enroll-codes",
            json!({"desa_code": desa.to_string()}),
        )
        .await;
    let key = key();
    let (status, body) = app
        .post(
            "/api/v1/enroll",
            json!({"code": code["code"], "device_name": "Laptop kantor desa",
                   "receipt_key": key.public().to_hex()}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let certificate =
        DeviceCertificate::from_hex(body["receipt_certificate"].as_str().unwrap()).unwrap();
    let fact = certificate.open(app.store.public_key()).unwrap();
    assert_eq!((fact.key, fact.desa), (key.public(), desa));
    (
        body["device_token"].as_str().unwrap().to_owned(),
        body["actor"].as_u64().unwrap() as u32,
        key,
        certificate,
    )
}

fn statement(desa: antar_shared::region::VillageCode, device: u32, at: i64) -> Statement {
    Statement {
        code: TrackingCode::from_bits(0x0bad_cafe_1234).unwrap(),
        kind: DocumentKind::KtpEl,
        desa,
        at: UnixTime(at),
        relation: Relation::Holder,
        clerk: PersonName::parse("Nurul Hamzah").unwrap(),
        device: ActorId(device),
    }
}

async fn as_device(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let r = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn page(app: &TestApp, receipt: &str) -> (u16, String) {
    let r = app
        .client
        .get(app.url(&format!(
            "/verifikasi?r={}",
            antar_shared::web::urlencode(receipt)
        )))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_bad_receipt_key_changes_nothing_and_a_device_can_be_certified_later() {
    let app = spawn_app().await;
    let (_, code) = app
        .post(
            "/api/v1/enroll-codes",
            json!({"desa_code": naru().to_string()}),
        )
        .await;
    let (status, body) = app
        .post(
            "/api/v1/enroll",
            json!({"code": code["code"], "device_name": "Laptop", "receipt_key": "zz"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("receipt.bad_key"))
    );
    // The code was not used up by the refused request.
    let (status, body) = app
        .post(
            "/api/v1/enroll",
            json!({"code": code["code"], "device_name": "Laptop"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("receipt_certificate").is_none());
    let token = body["device_token"].as_str().unwrap().to_owned();

    // Enrolled before receipts: it asks for its key to be certified.
    let (status, body) = as_device(
        &app,
        &token,
        "/api/v1/receipt-key",
        json!({"receipt_key": "12"}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("receipt.bad_key"))
    );
    let key = key();
    let (status, body) = as_device(
        &app,
        &token,
        "/api/v1/receipt-key",
        json!({"receipt_key": key.public().to_hex()}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let certificate =
        DeviceCertificate::from_hex(body["receipt_certificate"].as_str().unwrap()).unwrap();
    assert_eq!(
        certificate.open(app.store.public_key()).unwrap().key,
        key.public()
    );
    let (status, _) = as_device(
        &app,
        "not-a-token",
        "/api/v1/receipt-key",
        json!({"receipt_key": key.public().to_hex()}),
    )
    .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn uploads_keep_a_devices_own_receipts_and_refuse_the_rest_one_by_one() {
    let app = spawn_app().await;
    let (token, actor, key, certificate) = enrolled(&app, naru()).await;
    let (other_token, ..) = enrolled(&app, rasabou()).await;
    let receipt = key
        .sign(&statement(naru(), actor, now() - 60), &certificate)
        .unwrap();
    let mut altered = receipt.clone().into_bytes();
    let at = altered.len() - 10;
    altered[at] = if altered[at] == b'0' { b'1' } else { b'0' };
    let altered = String::from_utf8(altered).unwrap();

    let (status, body) = as_device(
        &app,
        &token,
        "/api/v1/receipts",
        json!({"receipts": [receipt, altered, "HC1:NOPE"]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["stored"], 1);
    let refused: Vec<_> = body["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["index"].as_u64().unwrap(),
                r["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[1], (2, "receipt.not_a_receipt".to_owned()));
    let code = TrackingCode::from_bits(0x0bad_cafe_1234).unwrap();
    assert_eq!(
        app.store.receipt_of(code).await.unwrap().as_deref(),
        Some(receipt.as_str())
    );

    // Another device cannot upload it as its own.
    let (_, body) = as_device(
        &app,
        &other_token,
        "/api/v1/receipts",
        json!({"receipts": [receipt]}),
    )
    .await;
    assert_eq!(body["refused"][0]["code"], "receipt.foreign_device");
    // Too many at once: refused whole.
    let many: Vec<&str> = vec![receipt.as_str(); 101];
    let (status, body) =
        as_device(&app, &token, "/api/v1/receipts", json!({"receipts": many})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("receipt.too_many"))
    );

    // Anyone checks it: the API, and the page with what Dukcapil's records add.
    let r = app
        .client
        .post(app.url("/api/v1/receipts/verify"))
        .json(&json!({"receipt": receipt}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let checked: Value = r.json().await.unwrap();
    assert_eq!(checked["code"], code.to_string());
    assert_eq!(checked["relation"], "holder");
    assert_eq!(checked["device"], actor);
    let (status, html) = page(&app, &receipt).await;
    assert_eq!(status, 200);
    assert!(html.contains("Tanda terima sah") && html.contains("belum ada dalam catatan"));
    assert!(!html.contains("id=\"revoked\""));
    let (status, html) = page(&app, "AR1:%%%").await;
    assert_eq!(status, 422);
    assert!(html.contains("Ditolak"));
}

#[tokio::test]
async fn the_page_warns_of_a_receipt_signed_after_its_device_was_revoked() {
    let app = spawn_app().await;
    let (_, actor, key, certificate) = enrolled(&app, naru()).await;
    let before = key
        .sign(&statement(naru(), actor, now() - 3600), &certificate)
        .unwrap();
    let (status, body) = app
        .post(&format!("/api/v1/devices/{actor}/revoke"), json!({}))
        .await;
    assert!(status == 200 || status == 204, "{status} {body}");
    let after = key
        .sign(&statement(naru(), actor, now() + 60), &certificate)
        .unwrap();
    let (_, html) = page(&app, &before).await;
    assert!(html.contains("Tanda terima sah") && !html.contains("id=\"revoked\""));
    let (_, html) = page(&app, &after).await;
    assert!(html.contains("id=\"revoked\""), "{html}");
}

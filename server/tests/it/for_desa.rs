//! Dukcapil acting for a desa whose PC died, over the API: the same custody rules as a
//! clerk's, a NIK checked against Dukcapil's own record, every history marking it, and
//! conflicts settled (Dukcapil may set aside its own recall; a desa device may not).

use antar_shared::doc::Outcome;
use antar_shared::doc::{Clock, Condition, Handover, IdDocument, OpBody, Relation, Resolution};
use antar_shared::text::PersonName;
use antar_shared::time::UnixTime;
use serde_json::{Value, json};

use super::api::{bima_csv, spawn_app};
use antar_server::store::now;

/// One KK for Naru, shipped; its tracking code.
async fn shipped_kk(app: &super::api::TestApp) -> String {
    let mut csv = bima_csv(0, 0);
    csv.push_str("kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,\n");
    let (status, imported) = app.import(csv).await;
    assert_eq!(status, 200, "{imported}");
    let (status, body) = app
        .post(
            "/api/v1/manifests",
            json!({"courier": "Arifin Usman", "desa_code": "52.06.03.2012"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    imported["tracking_codes"][0]["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn history(detail: &Value) -> Vec<(String, String)> {
    detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().unwrap().to_owned(),
                h["by"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn dukcapil_records_for_a_dead_pc_under_the_same_rules() {
    let app = spawn_app().await;
    let code = shipped_kk(&app).await;
    let path = |what: &str| format!("/api/v1/dispatches/{code}/{what}");

    // A handover before the receipt is refused, as it would be for the clerk.
    let handover = json!({"recipient": "Siti Aminah", "relation": "holder", "id_shown": "ktp-el",
        "clerk": "Nurul Hamzah", "nik": "5206034507900001"});
    let (status, body) = app.post(&path("handover"), handover.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("rule.not_received"))
    );

    // A wrong NIK is refused against Dukcapil's own record; nothing is written.
    let mut wrong = handover.clone();
    wrong["nik"] = json!("5206034507900002");
    wrong["receive"] = json!(true);
    let (status, body) = app.post(&path("handover"), wrong).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("handover.nik_mismatch"))
    );
    let (_, detail) = app.get(&format!("/api/v1/dispatches/{code}")).await;
    assert_eq!(detail["dispatch"]["status"], "in_transit");

    // Received and handed over at once, with the NIK verified.
    let mut both = handover.clone();
    both["receive"] = json!(true);
    let (status, record) = app.post(&path("handover"), both).await;
    assert_eq!(
        (status, record["status"].as_str()),
        (200, Some("handed_over")),
        "{record}"
    );
    let (_, detail) = app.get(&format!("/api/v1/dispatches/{code}")).await;
    let events = history(&detail);
    let on_behalf: Vec<&str> = events
        .iter()
        .filter(|(_, by)| by == "Dukcapil atas nama desa: admin")
        .map(|(kind, _)| kind.as_str())
        .collect();
    assert_eq!(on_behalf, ["receive", "handover"], "{events:?}");

    // A second handover is refused; a correction without the NIK too.
    let (status, body) = app.post(&path("handover"), handover.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("rule.already_decided"))
    );
    let mut correction = handover.clone();
    correction["recipient"] = json!("Abdul Haris");
    correction["correction"] = json!("Salah catat penerima");
    correction.as_object_mut().unwrap().remove("nik");
    let (status, body) = app.post(&path("handover"), correction.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("handover.correction_needs_nik"))
    );
    correction["nik"] = json!("5206034507900001");
    let (status, _) = app.post(&path("handover"), correction).await;
    assert_eq!(status, 200);
    let (_, detail) = app.get(&format!("/api/v1/dispatches/{code}")).await;
    let summaries: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["summary"].as_str().unwrap())
        .collect();
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("Koreksi (Salah catat penerima)")),
        "{summaries:?}"
    );
    // No return of a document in its holder's hands.
    let (status, body) = app
        .post(&path("return"), json!({"reason": "Tidak diambil"}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("rule.already_decided"))
    );
}

#[tokio::test]
async fn a_recall_concurrent_with_a_handover_is_settled_by_dukcapil_only() {
    let app = spawn_app().await;
    let (device, mut doc) = app.naru_kk_on_a_device().await;
    let dispatch = doc.dispatches().next().unwrap().id;
    let code = dispatch.0.to_string();

    // The desa receives and hands over offline; meanwhile Dukcapil recalls it.
    let receive = doc
        .author(
            device.actor,
            UnixTime(now()),
            OpBody::Receive {
                dispatch,
                condition: Condition::Ok,
                found: false,
                correction: None,
                seen: Clock::new(),
            },
        )
        .unwrap();
    doc.apply(receive.clone()).unwrap();
    let handover = doc
        .author(
            device.actor,
            UnixTime(now()),
            OpBody::Handover {
                dispatch,
                handover: Handover {
                    recipient: PersonName::parse("Siti Aminah").unwrap(),
                    relation: Relation::Holder,
                    id_shown: IdDocument::KtpEl,
                    nik_verified: false,
                    evidence: None,
                    clerk: PersonName::parse("Nurul Hamzah").unwrap(),
                },
                correction: None,
                seen: Clock::new(),
            },
        )
        .unwrap();
    doc.apply(handover.clone()).unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/dispatches/{code}/recall"),
            json!({"reason": "Salah cetak"}),
        )
        .await;
    assert_eq!(status, 200);
    // Both reach the server: neither is refused, both show.
    let before = doc.clock().clone();
    let answer = app
        .sync(&device, &before, vec![receive, handover])
        .await
        .unwrap();
    doc.apply_all(device.desa, answer.ops.0).unwrap();
    let (_, detail) = app.get(&format!("/api/v1/dispatches/{code}")).await;
    assert_eq!(detail["dispatch"]["conflict"], true, "{detail}");

    // The desa may not set Dukcapil's recall aside.
    let clear = doc.author(
        device.actor,
        UnixTime(now()),
        OpBody::Resolve {
            dispatch,
            choice: Resolution::Outcome(Outcome::Cleared),
            seen: Clock::new(),
        },
    );
    assert_eq!(
        antar_shared::lang::Localized::code(&clear.unwrap_err()),
        "rule.recall_needs_dukcapil"
    );
    // Dukcapil keeps the handover (the resident has the document).
    let versions = detail["outcomes"].as_array().unwrap();
    let keep = versions
        .iter()
        .position(|v| v.as_str().unwrap().contains("Siti Aminah"))
        .unwrap()
        + 1;
    let (status, record) = app
        .post(
            &format!("/api/v1/dispatches/{code}/resolve"),
            json!({"keep": keep}),
        )
        .await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(
        (record["status"].as_str(), record["conflict"].as_bool()),
        (Some("handed_over"), Some(false))
    );
    // Nothing left to resolve.
    let (status, body) = app
        .post(
            &format!("/api/v1/dispatches/{code}/resolve"),
            json!({"clear": true}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("rule.no_conflict"))
    );
}

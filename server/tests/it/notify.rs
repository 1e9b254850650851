//! Notices to residents (issue 12): the outbox writes one notice per dispatch and event
//! however often and from however many workers it is scanned; a passing failure is
//! retried after a backoff, a permanent one fails; an opted-out number hears nothing;
//! no notice carries a NIK or a name; phones are erased after the outcome.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use antar_server::notify::{self, Notice, Provider, SendError, Sent};
use antar_server::store::now;
use serde_json::{Value, json};

use super::api::{TestApp, bima_csv, spawn_app_with};
use super::common::backends;

/// Records what it is asked to send, failing as told first.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<(String, Notice)>>,
    failures: Mutex<VecDeque<SendError>>,
}

impl Recorder {
    fn events(&self) -> Vec<(String, String)> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|(_, n)| (n.code.clone(), n.event.clone()))
            .collect()
    }
}

impl Provider for Recorder {
    fn name(&self) -> &'static str {
        "whatsapp"
    }

    fn send<'a>(
        &'a self,
        to: &'a str,
        notice: &'a Notice,
    ) -> Pin<Box<dyn Future<Output = Result<Sent, SendError>> + Send + 'a>> {
        Box::pin(async move {
            if let Some(e) = self.failures.lock().unwrap().pop_front() {
                return Err(e);
            }
            self.sent
                .lock()
                .unwrap()
                .push((to.to_owned(), notice.clone()));
            Ok(Sent {
                channel: "whatsapp",
                provider_id: Some(format!("wamid.{}", notice.code)),
            })
        })
    }
}

fn config(provider: Arc<Recorder>) -> notify::Config {
    notify::Config {
        provider: Some(provider),
        base_url: "https://antar.bimakab.go.id".into(),
        remind_after_days: 7,
        erase_after_days: 30,
        claim_secs: 120,
    }
}

/// Imports `csv`; the rows' codes, NIKs, names and phones.
async fn import(app: &TestApp, csv: &str) -> Vec<(String, String, String, String)> {
    let (status, body) = app.import(csv.to_owned()).await;
    assert_eq!(status, 200, "{body}");
    let codes: Vec<String> = body["tracking_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["tracking_code"].as_str().unwrap().to_owned())
        .collect();
    csv.lines()
        .skip(1)
        .zip(codes)
        .map(|(line, code)| {
            let f: Vec<&str> = line.split(',').collect();
            (code, f[3].to_owned(), f[2].to_owned(), f[5].to_owned())
        })
        .collect()
}

async fn states(app: &TestApp, code: &str) -> Vec<(String, String)> {
    let bits = code
        .parse::<antar_shared::tracking::TrackingCode>()
        .unwrap()
        .bits();
    app.store
        .notices_of(i64::try_from(bits).unwrap())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.event, r.state))
        .collect()
}

#[tokio::test]
async fn each_event_is_one_notice_retried_skipped_or_failed_as_it_should() {
    for t in backends().await {
        let backend = t.name;
        let app = spawn_app_with(t, Default::default()).await;
        let rows = import(&app, &bima_csv(3, 5)).await;
        // Row 0 has no phone; rows 1 and 2 do.
        assert!(rows[0].3.is_empty() && !rows[1].3.is_empty() && !rows[2].3.is_empty());
        let recorder = Arc::new(Recorder::default());
        let config = config(recorder.clone());
        let t0 = now();

        // Issued: one notice each for the two with a phone, however often scanned, and
        // by two workers at once.
        let (a, b) = tokio::join!(
            notify::round(&app.store, &config, t0),
            notify::round(&app.store, &config, t0)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 2, "{backend}");
        notify::round(&app.store, &config, t0).await.unwrap();
        let mut events = recorder.events();
        events.sort();
        let mut expected = vec![
            (rows[1].0.clone(), "issued".to_owned()),
            (rows[2].0.clone(), "issued".to_owned()),
        ];
        expected.sort();
        assert_eq!(events, expected, "{backend}");
        for (to, notice) in recorder.sent.lock().unwrap().iter() {
            assert!(to.starts_with("62"), "{to}");
            let row = rows.iter().find(|r| r.0 == notice.code).unwrap();
            assert!(notice.text.contains(&row.0), "{}", notice.text);
            assert!(!notice.text.contains(&row.1), "no NIK: {}", notice.text);
            assert!(!notice.text.contains(&row.2), "no name: {}", notice.text);
            assert!(notice.link.ends_with(&format!("/cek/{}", row.0)));
        }

        // WhatsApp says later that a number has none (131026 in a status): the notice
        // goes again, by SMS only.
        let late = &rows[2].0;
        assert!(
            app.store
                .requeue_for_sms(&format!("wamid.{late}"), "131026 Message undeliverable", t0)
                .await
                .unwrap()
        );
        notify::round(&app.store, &config, t0).await.unwrap();
        let again: Vec<bool> = recorder
            .sent
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, n)| &n.code == late)
            .map(|(_, n)| n.sms_only)
            .collect();
        assert_eq!(again, [false, true], "{backend}");
        recorder.sent.lock().unwrap().retain(|(_, n)| !n.sms_only);

        // Arrived at the desa (recorded for it): "siap diambil", once.
        let code = &rows[1].0;
        let record = antar_server::dispatch::get(&app.store, code.parse().unwrap())
            .await
            .unwrap();
        let (status, body) = app
            .post(
                "/api/v1/manifests",
                json!({"courier": "Arifin Usman", "desa_code": record.desa_code.to_string()}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let (status, body) = app
            .post(&format!("/api/v1/dispatches/{code}/receive"), json!({}))
            .await;
        assert_eq!(status, 200, "{body}");
        // A passing failure first: queued again with its reason, not before its backoff.
        recorder
            .failures
            .lock()
            .unwrap()
            .push_back(SendError::Temporary("HTTP 503".into()));
        notify::round(&app.store, &config, t0 + 1).await.unwrap();
        assert!(
            states(&app, code)
                .await
                .contains(&("at_desa".into(), "queued".into()))
        );
        notify::round(&app.store, &config, t0 + 2).await.unwrap();
        assert_eq!(recorder.events().len(), 2, "not before the backoff");
        notify::round(&app.store, &config, t0 + 40).await.unwrap();
        assert_eq!(
            states(&app, code).await,
            [
                ("issued".into(), "sent".into()),
                ("at_desa".into(), "sent".into())
            ],
            "{backend}"
        );
        let arrived: Vec<_> = recorder
            .sent
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, n)| n.event == "at_desa")
            .map(|(_, n)| n.text.clone())
            .collect();
        assert_eq!(arrived.len(), 1);
        assert!(
            arrived[0].contains("sudah tiba di Kantor Desa"),
            "{}",
            arrived[0]
        );

        // Waiting a week: one reminder.
        let week = t0 + 8 * 86_400;
        notify::round(&app.store, &config, week).await.unwrap();
        notify::round(&app.store, &config, week + 60).await.unwrap();
        assert_eq!(
            recorder
                .events()
                .iter()
                .filter(|(c, e)| c == code && e == "reminder")
                .count(),
            1
        );

        // BERHENTI (opted out): the recall notice is skipped, not sent.
        let other = &rows[2];
        let phone = antar_server::issuance::phone::normalise(&other.3).unwrap();
        app.store.set_opt_out(&phone, true, t0).await.unwrap();
        let (status, body) = app
            .post(
                &format!("/api/v1/dispatches/{}/recall", other.0),
                json!({"reason": "Salah cetak"}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let before = recorder.events().len();
        notify::round(&app.store, &config, now()).await.unwrap();
        assert_eq!(recorder.events().len(), before);
        assert!(
            states(&app, &other.0)
                .await
                .contains(&("recalled".into(), "skipped".into())),
            "{:?}",
            states(&app, &other.0).await
        );

        // A permanent failure fails for good.
        let more = import(&app, &bima_csv(2, 77)).await;
        recorder
            .failures
            .lock()
            .unwrap()
            .push_back(SendError::Permanent("131026 undeliverable".into()));
        notify::round(&app.store, &config, now()).await.unwrap();
        let failed: Value = json!(states(&app, &more[1].0).await);
        assert_eq!(failed, json!([["issued", "failed"]]), "{backend}");

        // The dispatch's page lists its notices and how each went.
        let admin = super::web::login(&app, "admin", "kata-sandi-uji").await;
        let page = |code: String| {
            let admin = admin.clone();
            let url = app.url(&format!("/dasbor/kiriman/{code}"));
            async move {
                reqwest::Client::new()
                    .get(url)
                    .header(reqwest::header::COOKIE, admin)
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            }
        };
        let html = page(code.clone()).await;
        assert!(html.contains("Kabar ke warga") && html.contains("Siap diambil"));
        assert!(
            html.contains("Terkirim") && html.contains("whatsapp"),
            "{html}"
        );
        let html = page(other.0.clone()).await;
        assert!(html.contains("Nomor ini minta berhenti"), "{html}");

        // The notices page: the failed one with its reason, sent again on request.
        let html = reqwest::Client::new()
            .get(app.url("/dasbor/kabar"))
            .header(reqwest::header::COOKIE, &admin)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("131026 undeliverable") && html.contains(&more[1].0),
            "{html}"
        );
        assert!(html.contains("id=\"reach\""), "{html}");
        let action = html
            .split("action=\"/dasbor/kabar/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        let res = super::web::no_redirects()
            .post(app.url(&format!("/dasbor/kabar/{action}")))
            .header(reqwest::header::COOKIE, &admin)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(
            json!(states(&app, &more[1].0).await),
            json!([["issued", "queued"]])
        );
        notify::round(&app.store, &config, now()).await.unwrap();
        assert_eq!(
            json!(states(&app, &more[1].0).await),
            json!([["issued", "sent"]])
        );

        // Thirty days after the outcome the recalled dispatch's phone is gone.
        notify::sweep(&app.store, &config, now() + 31 * 86_400)
            .await
            .unwrap();
        let recalled = antar_server::dispatch::get(&app.store, other.0.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(recalled.phone, None, "{backend}");
        let waiting = antar_server::dispatch::get(&app.store, code.parse().unwrap())
            .await
            .unwrap();
        assert!(waiting.phone.is_some(), "kept while it still waits");
    }
}

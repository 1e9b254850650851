//! The HTTP API on a real server bound to `127.0.0.1:0`, as an agent, an operator and a
//! resident would use it.

use std::io::Write;

use antar_server::app::RouterOptions;
use antar_server::serve::{Running, start};
use antar_server::store::users::Role;
use antar_server::store::{Store, now};
use antar_server::{secret, users};
use antar_shared::doc::{ActorId, Clock, Condition, DesaDoc, DispatchId, Dot, Op, OpBody};
use antar_shared::sample::{Sampler, bima_desa};
use antar_shared::sync::{Format, PROTOCOL_VERSION, SyncRequest, SyncResponse};
use antar_shared::time::UnixTime;
use serde_json::{Value, json};

use super::common::{TestStore, naru, rasabou, sqlite};

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: Store,
    pub admin: String,
    _running: Running,
    _store: TestStore,
}

pub async fn spawn_app_with(t: TestStore, options: RouterOptions) -> TestApp {
    // When the whole workspace is built together, the agent's TLS features reach this
    // client too; give it the same provider the agent uses.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let store = t.store.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = start(store.clone(), listener, options).await.unwrap();
    let user = users::add(
        &store,
        &antar_server::audit::Who::command(),
        "admin",
        Role::Admin,
        "kata-sandi-uji",
    )
    .await
    .unwrap();
    let admin = secret::new_token().unwrap();
    store
        .add_session(&secret::hash_token(&admin), user.id, "test", now(), None)
        .await
        .unwrap();
    TestApp {
        base: format!("http://{}", running.addr),
        client: reqwest::Client::new(),
        store,
        admin,
        _running: running,
        _store: t,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(
        sqlite().await,
        RouterOptions {
            public_per_minute: 100_000,
            ..Default::default()
        },
    )
    .await
}

/// An enrolled device: token and actor.
pub struct TestDevice {
    pub token: String,
    pub actor: ActorId,
    pub desa: antar_shared::region::VillageCode,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .client
            .get(self.url(path))
            .bearer_auth(&self.admin)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .client
            .post(self.url(path))
            .bearer_auth(&self.admin)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn import(&self, csv: String) -> (u16, Value) {
        let r = self
            .client
            .post(self.url("/api/v1/imports"))
            .bearer_auth(&self.admin)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
    }

    pub async fn enroll(&self, desa: antar_shared::region::VillageCode) -> TestDevice {
        let (status, code) = self
            .post(
                "/api/v1/enroll-codes",
                json!({"desa_code": desa.to_string()}),
            )
            .await;
        assert_eq!(status, 201, "{code}");
        let (status, body) = self
            .post(
                "/api/v1/enroll",
                json!({"code": code["code"], "device_name": "Laptop kantor desa"}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        TestDevice {
            token: body["device_token"].as_str().unwrap().to_owned(),
            actor: ActorId(body["actor"].as_u64().unwrap() as u32),
            desa,
        }
    }

    /// Sends raw bytes to the sync endpoint.
    pub async fn sync_raw(&self, token: &str, content_type: &str, body: Vec<u8>) -> (u16, Vec<u8>) {
        let r = self
            .client
            .post(self.url("/api/v1/sync"))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
    }

    /// One binary sync round trip; returns the status and the decoded answer or error.
    pub async fn sync(
        &self,
        device: &TestDevice,
        have: &Clock,
        ops: Vec<Op>,
    ) -> Result<SyncResponse, (u16, Value)> {
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            desa: device.desa,
            have: have.clone(),
            ops: ops.into(),
            seals: Vec::new(),
            device_time: UnixTime(now()),
        };
        let (status, bytes) = self
            .sync_raw(
                &device.token,
                Format::Binary.media_type(),
                Format::Binary.encode(&request).unwrap(),
            )
            .await;
        if status == 200 {
            Ok(Format::Binary.decode_response(&bytes).unwrap())
        } else {
            Err((status, serde_json::from_slice(&bytes).unwrap()))
        }
    }

    /// Pulls the whole document into a fresh replica.
    pub async fn pull(&self, device: &TestDevice) -> DesaDoc {
        let mut doc = DesaDoc::new(device.desa);
        loop {
            let response = self
                .sync(device, &doc.clock().clone(), vec![])
                .await
                .unwrap();
            doc.apply_all(device.desa, response.ops.into_inner())
                .unwrap();
            if !response.more {
                return doc;
            }
        }
    }

    /// One KK issued and published for Naru, a device enrolled there, and its replica.
    pub async fn naru_kk_on_a_device(&self) -> (TestDevice, DesaDoc) {
        let mut csv = bima_csv(0, 0);
        csv.push_str("kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,\n");
        assert_eq!(self.import(csv).await.0, 200);
        self.publish().await;
        let device = self.enroll(naru()).await;
        let doc = self.pull(&device).await;
        (device, doc)
    }

    pub async fn publish(&self) {
        antar_server::issuance::publish::publish_all(&self.store, None, |_| {})
            .await
            .unwrap();
    }
}

/// A CSV of `n` dispatches spread over real Kabupaten Bima desa.
pub fn bima_csv(n: usize, seed: u64) -> String {
    let desa = bima_desa();
    let mut sampler = Sampler::new(seed);
    let mut csv = String::from("kind,number,holder_name,nik,desa_code,applicant_phone\n");
    for i in 0..n {
        let d = desa[i % desa.len()];
        let (issue, nik) = sampler.issue(d, false);
        let phone = if i % 3 == 0 {
            String::new()
        } else {
            format!("0812{:08}", i)
        };
        csv.push_str(&format!(
            "{},{},{},{},{},{phone}\n",
            issue.kind.code(),
            antar_shared::sample::printed_number(&issue, &nik),
            issue.holder,
            nik.expose(),
            d
        ));
    }
    csv
}

#[tokio::test]
async fn health_openapi_and_metrics() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let (status, doc) = app.get("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/sync",
        "/api/v1/enroll",
        "/api/v1/status/{code}",
        "/api/v1/imports",
        "/api/v1/dispatches",
        "/api/v1/manifests",
    ] {
        assert!(doc["paths"].get(path).is_some(), "OpenAPI lacks {path}");
    }
    // The answers every operation can give are in the document (Schemathesis found
    // 40 it left out): a token refused where one is needed, a body of the wrong type
    // where there is a body, the limit where the address is limited.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let answers = &op["responses"];
            assert!(answers.get("400").is_some(), "{method} {path}: no 400");
            assert!(answers.get("507").is_some(), "{method} {path}: no 507");
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            if secured {
                assert!(answers.get("401").is_some(), "{method} {path}: no 401");
            }
            if op.get("requestBody").is_some() {
                assert!(answers.get("415").is_some(), "{method} {path}: no 415");
            }
        }
    }
    assert!(
        doc["paths"]["/api/v1/enroll"]["post"]["responses"]
            .get("429")
            .is_some()
    );
    // Metrics are not served beside `/cek`: they have their own listener.
    let public = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404);
}

#[tokio::test]
async fn metrics_are_served_on_their_own_listener() {
    let t = sqlite().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut running = start(t.store.clone(), listener, RouterOptions::default())
        .await
        .unwrap();
    let metrics_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_addr = metrics_listener.local_addr().unwrap();
    running.serve_metrics(metrics_listener);
    let client = reqwest::Client::new();
    // One sync error to count.
    let _ = client
        .post(format!("http://{}/api/v1/sync", running.addr))
        .body("x")
        .send()
        .await
        .unwrap();
    let metrics = client
        .get(format!("http://{metrics_addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), 200);
    let text = metrics.text().await.unwrap();
    assert!(text.contains("# TYPE") || text.is_empty(), "{text}");
    let other = client
        .get(format!("http://{metrics_addr}/cek"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        other.status(),
        404,
        "the metrics listener serves nothing else"
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_csv_with_one_bad_row_imports_nothing_and_names_the_line() {
    let app = spawn_app().await;
    let mut csv = bima_csv(20, 1);
    csv.push_str("kk,5206031203240099,Siti Aminah,5206034507900,52.06.03.2012,\n"); // line 22: NIK too short
    let (status, body) = app.import(csv).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "import.invalid_rows");
    assert_eq!(body["details"][0]["line"], 22);
    assert_eq!(body["details"][0]["field"], "nik");
    assert_eq!(body["details"][0]["code"], "nik.length");
    let (_, list) = app.get("/api/v1/dispatches?limit=500").await;
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing was imported");
}

/// An upload is stored a part at a time (500 rows) but all or nothing: a document
/// already on its way on the file's last line refuses the rows stored from the parts
/// before it, and the answer names that line.
#[tokio::test]
async fn a_large_upload_stored_in_parts_is_still_all_or_nothing() {
    let app = spawn_app().await;
    let csv = bima_csv(1_200, 9);
    let last = csv.lines().last().unwrap().to_owned();
    let header = csv.lines().next().unwrap().to_owned();
    let (status, body) = app.import(format!("{header}\n{last}\n")).await;
    assert_eq!(status, 200, "{body}");
    let earlier = body["tracking_codes"][0]["tracking_code"].clone();
    let count = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            store
                .count_dispatches(&Default::default(), antar_server::store::now())
                .await
                .unwrap()
        }
    };
    assert_eq!(count(&app).await, 1);
    let (status, body) = app.import(csv.clone()).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "import.existing");
    assert_eq!(body["details"].as_array().unwrap().len(), 1);
    assert_eq!(body["details"][0]["line"], 1_201);
    assert_eq!(
        count(&app).await,
        1,
        "the parts stored before it were rolled back"
    );
    // Skipping it stores the other 1,199 and names it with its code.
    let r = app
        .client
        .post(app.url("/api/v1/imports?skip_existing=true"))
        .bearer_auth(&app.admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["imported"], 1_199);
    assert_eq!(body["existing"][0]["line"], 1_201);
    assert_eq!(body["existing"][0]["tracking_code"], earlier);
    assert_eq!(count(&app).await, 1_200);
}

/// A file of thousands of bad rows is refused with every bad line counted, but the
/// problems of only the first thousand listed: the answer stays bounded.
#[tokio::test]
async fn a_file_of_bad_rows_lists_the_first_thousand_and_counts_them_all() {
    let app = spawn_app().await;
    let mut csv = String::from("kind,number,holder_name,nik,desa_code\n");
    for i in 0..2_500 {
        csv.push_str(&format!(
            "kk,52060312032{i:05},Siti Aminah,123,52.06.03.2012\n"
        ));
    }
    let (status, body) = app.import(csv).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "import.invalid_rows");
    let details = body["details"].as_array().unwrap();
    assert_eq!(details.len(), 1_000);
    assert_eq!(details[999]["line"], 1_001);
    assert!(
        body["message"].as_str().unwrap().starts_with("2500 baris"),
        "{body}"
    );
}

#[tokio::test]
async fn a_thousand_dispatches_across_bima_import() {
    let app = spawn_app().await;
    let (status, body) = app.import(bima_csv(1000, 2)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["imported"], 1000);
    assert_eq!(body["tracking_codes"].as_array().unwrap().len(), 1000);
    assert_eq!(body["tracking_codes"][0]["line"], 2);
    let (_, list) = app
        .get("/api/v1/dispatches?desa=52.06.01.2005&limit=500")
        .await;
    assert!(!list.as_array().unwrap().is_empty());
    let (status, dry) = app
        .client
        .post(app.url("/api/v1/imports?dry_run=true"))
        .bearer_auth(&app.admin)
        .body(bima_csv(5, 3))
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(dry.json::<Value>().await.unwrap()["imported"], 0);
}

#[tokio::test]
async fn issue_sync_receive_and_see_it_at_the_server() {
    let app = spawn_app().await;
    let (status, issued) = app
        .post(
            "/api/v1/dispatches",
            json!({"kind": "kk", "number": "5206031203240001", "holder_name": "Siti Aminah",
                   "nik": "5206034507900001", "desa_code": "5206032012", "applicant_phone": "081234567890"}),
        )
        .await;
    assert_eq!(status, 201, "{issued}");
    let code = issued["tracking_code"].as_str().unwrap().to_owned();
    app.publish().await;
    let (status, manifest) = app
        .post(
            "/api/v1/manifests",
            json!({"courier": "Arifin Usman", "desa_code": "52.06.03.2012"}),
        )
        .await;
    assert_eq!(status, 201, "{manifest}");

    let device = app.enroll(naru()).await;
    let mut doc = app.pull(&device).await;
    let state = doc
        .find(antar_shared::tracking::TrackingCode::parse(&code).unwrap())
        .unwrap();
    assert_eq!(state.issue.holder.as_str(), "Siti Aminah");
    let id = state.id;
    let op = doc
        .author(
            device.actor,
            UnixTime(now()),
            OpBody::Receive {
                dispatch: id,
                condition: Condition::Ok,
                found: false,
                correction: None,
                seen: Clock::new(),
            },
        )
        .unwrap();
    doc.apply(op.clone()).unwrap();
    let before = doc.clock().clone();
    let response = app.sync(&device, &before, vec![op.clone()]).await.unwrap();
    assert_eq!(
        response.have.get(&device.actor),
        1,
        "the server acknowledges the op"
    );
    assert!(
        response.ops.0.is_empty(),
        "nothing new, and its own op is not echoed back"
    );
    // A retry of the same request is harmless.
    let again = app.sync(&device, &before, vec![op]).await.unwrap();
    assert_eq!(again.have, response.have);

    let (_, detail) = app.get(&format!("/api/v1/dispatches/{code}")).await;
    assert_eq!(detail["dispatch"]["status"], "at_desa");
    assert_eq!(detail["history"].as_array().unwrap().len(), 3);
    // Every author by name: who issued and made the manifest, and the device by the
    // name it enrolled with; no internal number.
    let by: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["by"].as_str().unwrap())
        .collect();
    assert_eq!(
        by,
        [
            "Dukcapil: admin",
            "Dukcapil: admin",
            "Perangkat Laptop kantor desa"
        ],
        "{detail}"
    );

    // The resident sees the status and the pickup office, and nothing personal.
    let r = app
        .client
        .get(app.url(&format!("/api/v1/status/{}", code.to_lowercase())))
        .send()
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["status"], "at_desa");
    assert_eq!(public["pickup_desa"], "Naru");
    assert!(
        !text.contains("Siti") && !text.contains("5206034507900001") && !text.contains("0001\""),
        "{text}"
    );
}

#[tokio::test]
async fn unknown_codes_get_the_same_shape_and_typos_a_clear_error() {
    let app = spawn_app().await;
    let unknown = antar_shared::tracking::TrackingCode::from_bits(0x1234_5678_9ABC).unwrap();
    let r = app
        .client
        .get(app.url(&format!("/api/v1/status/{unknown}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["found"], false);
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "arrived_on",
            "found",
            "kept_until",
            "kind",
            "kind_label",
            "pickup_desa",
            "pickup_hours",
            "pickup_kecamatan",
            "status",
            "status_label",
            "tracking_code"
        ],
        "same fields as a found code: {body}"
    );
    let mut typo = unknown.compact().into_bytes();
    let i = (0..11).find(|i| typo[*i] != typo[i + 1]).unwrap();
    typo.swap(i, i + 1);
    let r = app
        .client
        .get(app.url(&format!(
            "/api/v1/status/{}",
            String::from_utf8(typo).unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "tracking_code.checksum"
    );
}

#[tokio::test]
async fn the_public_lookup_is_rate_limited_per_address() {
    let app = spawn_app_with(
        sqlite().await,
        RouterOptions {
            public_per_minute: 3,
            ..Default::default()
        },
    )
    .await;
    let code = antar_shared::tracking::TrackingCode::from_bits(1).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            app.client
                .get(app.url(&format!("/api/v1/status/{code}")))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert_eq!(&statuses[..3], [200, 200, 200]);
    assert!(statuses[3..].contains(&429), "{statuses:?}");
}

/// A raised rate raises the burst too: 120 enrollments at once from one office address
/// pass at 600 a minute (the burst was 30 whatever the rate).
#[tokio::test]
async fn a_raised_rate_lets_a_regency_enroll_at_once() {
    let app = spawn_app_with(
        sqlite().await,
        RouterOptions {
            public_per_minute: 600,
            ..Default::default()
        },
    )
    .await;
    let mut limited = 0;
    for i in 0..120 {
        let status = app
            .client
            .post(app.url("/api/v1/enroll"))
            .json(&json!({"code": format!("AAAAA-{i:05}"), "device_name": "Laptop"}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        assert_ne!(status, 500);
        limited += usize::from(status == 429);
    }
    assert_eq!(limited, 0);
    assert_eq!(antar_server::limit::burst(60), 30);
    assert_eq!(antar_server::limit::burst(3), 3);
    assert_eq!(antar_server::limit::burst(600), 300);
}

#[tokio::test]
async fn operators_need_a_token_and_the_right_role() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(app.url("/api/v1/dispatches"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "auth.required");
    let (status, _) = app
        .post(
            "/api/v1/users",
            json!({"name": "lihat", "role": "viewer", "password": "panjang-sekali"}),
        )
        .await;
    assert_eq!(status, 201);
    let r = app
        .client
        .post(app.url("/api/v1/login"))
        .json(&json!({"name": "lihat", "password": "panjang-sekali"}))
        .send()
        .await
        .unwrap();
    let token = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .client
        .get(app.url("/api/v1/dispatches"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .client
        .post(app.url("/api/v1/dispatches"))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert!(r.status() == 403 || r.status() == 400, "{}", r.status());
    let r = app
        .client
        .post(app.url("/api/v1/login"))
        .json(&json!({"name": "lihat", "password": "salah"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn invalid_input_is_refused_with_the_field_named() {
    let app = spawn_app().await;
    let (status, body) = app
        .post(
            "/api/v1/dispatches",
            json!({"kind": "paspor", "number": "1", "holder_name": "Siti", "nik": "5206034513900001", "desa_code": "52.06.03.2099"}),
        )
        .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["kind", "nik", "desa_code"]);
    let (status, body) = app
        .post("/api/v1/dispatches", json!({"kind": "kk", "surprise": 1}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("request.malformed"))
    );
    let (status, body) = app.get("/api/v1/dispatches/NOT-A-CODE").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("tracking_code.length"))
    );
    let (status, body) = app.get("/api/v1/dispatches?status=lost").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("dispatch.bad_status"))
    );
    let (status, _) = app
        .post(
            "/api/v1/enroll-codes",
            json!({"desa_code": "52.06.03.2099"}),
        )
        .await;
    assert_eq!(status, 422, "unknown desa");
}

#[tokio::test]
async fn enrollment_codes_are_single_use_and_expire() {
    let app = spawn_app().await;
    let (_, code) = app
        .post(
            "/api/v1/enroll-codes",
            json!({"desa_code": "52.06.03.2012"}),
        )
        .await;
    let enroll = |code: Value| {
        app.client
            .post(app.url("/api/v1/enroll"))
            .json(&json!({"code": code, "device_name": "Tablet"}))
            .send()
    };
    assert_eq!(enroll(code["code"].clone()).await.unwrap().status(), 200);
    let r = enroll(code["code"].clone()).await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "enroll.code_used");
    app.store
        .add_enroll_code(
            &secret::hash_token(&secret::normalise_code("OLDCODE1234")),
            naru(),
            0,
            1,
        )
        .await
        .unwrap();
    let r = enroll(json!("OLDCO-DE1234")).await.unwrap();
    assert_eq!(r.status(), 410);
    let r = enroll(json!("ZZZZZ-ZZZZZ")).await.unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn devices_stay_in_their_own_desa_and_write_only_as_themselves() {
    let app = spawn_app().await;
    app.import(
        bima_csv(0, 0)
            .lines()
            .next()
            .map(|h| format!("{h}\n"))
            .unwrap(),
    )
    .await;
    let mut sampler = Sampler::new(5);
    let items: Vec<_> = [naru(), rasabou()]
        .iter()
        .map(|d| {
            let (issue, nik) = sampler.issue(*d, false);
            antar_server::store::dispatches::NewDispatch {
                kind: issue.kind,
                number: antar_shared::sample::printed_number(&issue, &nik),
                holder: issue.holder,
                nik,
                desa: *d,
                phone: None,
            }
        })
        .collect();
    app.store.insert_dispatches(&items, now()).await.unwrap();
    app.publish().await;
    let naru_device = app.enroll(naru()).await;
    let rasabou_device = app.enroll(rasabou()).await;
    let before_naru = app.store.all_ops(naru()).await.unwrap().len();
    let before_rasabou = app.store.all_ops(rasabou()).await.unwrap().len();

    // Reading another desa's document.
    let stranger = TestDevice {
        token: naru_device.token.clone(),
        actor: naru_device.actor,
        desa: rasabou(),
    };
    let (status, body) = app
        .sync(&stranger, &Clock::new(), vec![])
        .await
        .unwrap_err();
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("sync.wrong_desa"))
    );
    // Writing to it.
    let d = app.pull(&naru_device).await.dispatches().next().unwrap().id;
    let receive = |actor: ActorId| Op {
        dot: Dot::new(actor, 1),
        time: UnixTime(now()),
        body: OpBody::Receive {
            dispatch: d,
            condition: Condition::Ok,
            found: false,
            correction: None,
            seen: Clock::new(),
        },
    };
    let (status, _) = app
        .sync(&stranger, &Clock::new(), vec![receive(naru_device.actor)])
        .await
        .unwrap_err();
    assert_eq!(status, 403);
    // Writing in its own desa as another device.
    let (status, body) = app
        .sync(
            &naru_device,
            &Clock::new(),
            vec![receive(rasabou_device.actor)],
        )
        .await
        .unwrap_err();
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("sync.forged_actor"))
    );
    // Writing a server-only op.
    let recall = Op {
        dot: Dot::new(naru_device.actor, 1),
        time: UnixTime(now()),
        body: OpBody::Recall {
            dispatch: d,
            reason: antar_shared::text::Reason::parse("x").unwrap(),
            seen: Clock::new(),
        },
    };
    let (status, body) = app
        .sync(&naru_device, &Clock::new(), vec![recall])
        .await
        .unwrap_err();
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("sync.server_only_op"))
    );
    // An op about a dispatch the document does not have.
    let ghost = Op {
        body: OpBody::Receive {
            dispatch: DispatchId(Sampler::new(77).tracking()),
            condition: Condition::Ok,
            found: false,
            correction: None,
            seen: Clock::new(),
        },
        ..receive(naru_device.actor)
    };
    let (status, body) = app
        .sync(&naru_device, &Clock::new(), vec![ghost])
        .await
        .unwrap_err();
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("op.unknown_dispatch"))
    );

    assert_eq!(
        app.store.all_ops(naru()).await.unwrap().len(),
        before_naru,
        "nothing changed"
    );
    assert_eq!(
        app.store.all_ops(rasabou()).await.unwrap().len(),
        before_rasabou,
        "nothing changed"
    );
    let rasabou_doc = app.pull(&rasabou_device).await;
    assert_eq!(rasabou_doc.len(), before_rasabou);
}

#[tokio::test]
async fn revoked_devices_are_refused() {
    let app = spawn_app().await;
    let device = app.enroll(naru()).await;
    assert!(app.sync(&device, &Clock::new(), vec![]).await.is_ok());
    let r = app
        .client
        .post(app.url(&format!("/api/v1/devices/{}/revoke", device.actor.0)))
        .bearer_auth(&app.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (status, body) = app.sync(&device, &Clock::new(), vec![]).await.unwrap_err();
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("auth.device_revoked"))
    );
}

#[tokio::test]
async fn malformed_and_oversized_sync_bodies_are_refused() {
    let app = spawn_app().await;
    let device = app.enroll(naru()).await;
    let binary = Format::Binary.media_type();
    let (status, body) = app
        .sync_raw(
            &device.token,
            binary,
            vec![3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["code"],
        "sync.malformed"
    );
    let (status, body) = app.sync_raw(&device.token, binary, vec![4, 0, 0]).await;
    assert_eq!(
        (
            status,
            serde_json::from_slice::<Value>(&body).unwrap()["code"].clone()
        ),
        (400, json!("sync.unsupported_version"))
    );
    let json_body = json!({"protocol": 1, "desa": "52.06.03.2012", "have": [], "ops": [], "device_time": 1, "extra": true});
    let (status, _) = app
        .sync_raw(
            &device.token,
            "application/json",
            serde_json::to_vec(&json_body).unwrap(),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .sync_raw(&device.token, "text/plain", b"hello".to_vec())
        .await;
    assert_eq!(status, 415);
    let (status, _) = app
        .sync_raw(&device.token, binary, vec![0u8; 5 * 1024 * 1024])
        .await;
    assert_eq!(status, 413);
    // A gzip bomb: small on the wire, over the limit once inflated.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![0u8; 8 * 1024 * 1024]).unwrap();
    let r = app
        .client
        .post(app.url("/api/v1/sync"))
        .bearer_auth(&device.token)
        .header("content-type", binary)
        .header("content-encoding", "gzip")
        .body(gz.finish().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    // And a good gzip-compressed request works.
    let request = SyncRequest {
        protocol: PROTOCOL_VERSION,
        desa: naru(),
        have: Clock::new(),
        ops: vec![].into(),
        seals: Vec::new(),
        device_time: UnixTime(now()),
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&Format::Binary.encode(&request).unwrap())
        .unwrap();
    let r = app
        .client
        .post(app.url("/api/v1/sync"))
        .bearer_auth(&device.token)
        .header("content-type", binary)
        .header("content-encoding", "gzip")
        .body(gz.finish().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A gzip body that is not gzip, or cut short: the client's fault (400), not ours.
    let packed = {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&Format::Binary.encode(&request).unwrap())
            .unwrap();
        gz.finish().unwrap()
    };
    for broken in [
        b"not gzip at all".to_vec(),
        packed[..packed.len() / 2].to_vec(),
    ] {
        let r = app
            .client
            .post(app.url("/api/v1/sync"))
            .bearer_auth(&device.token)
            .header("content-type", binary)
            .header("content-encoding", "gzip")
            .body(broken)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "request.body_unreadable");
    }
}

#[tokio::test]
async fn devices_cannot_hide_writes_or_recall() {
    let app = spawn_app().await;
    let (device, doc) = app.naru_kk_on_a_device().await;
    let dispatch = doc.dispatches().next().unwrap().id;

    // `seen` naming an op nobody wrote.
    let mut seen = Clock::new();
    crdts::CmRDT::apply(&mut seen, Dot::new(ActorId(999), 3));
    let op = Op {
        dot: Dot::new(device.actor, 1),
        time: UnixTime(now()),
        body: OpBody::Receive {
            dispatch,
            condition: Condition::Ok,
            found: false,
            correction: None,
            seen,
        },
    };
    let (status, body) = app.sync(&device, doc.clock(), vec![op]).await.unwrap_err();
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("op.seen_unknown"))
    );

    // A "resolve" that would amount to a recall.
    let reason = antar_shared::text::Reason::parse("palsu").unwrap();
    let body = OpBody::Resolve {
        dispatch,
        choice: antar_shared::doc::Resolution::Outcome(antar_shared::doc::Outcome::Recalled(
            reason,
        )),
        seen: doc.clock().clone(),
    };
    let op = Op {
        dot: Dot::new(device.actor, 1),
        time: UnixTime(now()),
        body,
    };
    let (status, body) = app.sync(&device, doc.clock(), vec![op]).await.unwrap_err();
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("rule.no_conflict")),
        "the custody rules refuse a resolution with no conflict to settle"
    );

    // Another device's op, sent without the server's seal: forged.
    let mut theirs = Op {
        dot: Dot::new(ActorId(device.actor.0 + 2), 1),
        time: UnixTime(now()),
        body: OpBody::Note {
            dispatch,
            text: antar_shared::text::NoteText::parse("bukan saya").unwrap(),
        },
    };
    let (status, body) = app
        .sync(&device, doc.clock(), vec![theirs.clone()])
        .await
        .unwrap_err();
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("sync.forged_actor"))
    );
    // With a seal that does not cover it (the server's seal on another chain).
    theirs.dot = Dot::new(ActorId(device.actor.0 + 2), 1);
    let key = antar_shared::sync::ServerKey::from_pkcs8(
        &antar_shared::sync::ServerKey::generate().unwrap(),
    )
    .unwrap();
    let forged_seal = key.seal(
        naru(),
        theirs.dot.actor,
        1,
        antar_shared::sync::Chain::START,
    );
    let request = SyncRequest {
        protocol: PROTOCOL_VERSION,
        desa: naru(),
        have: doc.clock().clone(),
        ops: vec![theirs].into(),
        seals: vec![forged_seal],
        device_time: UnixTime(now()),
    };
    let (status, answer) = app
        .sync_raw(
            &device.token,
            Format::Binary.media_type(),
            Format::Binary.encode(&request).unwrap(),
        )
        .await;
    assert_eq!(
        (
            status,
            serde_json::from_slice::<Value>(&answer).unwrap()["code"].clone()
        ),
        (403, json!("sync.bad_seal"))
    );

    // A device holding server ops the server no longer has (restored from an old
    // backup) is answered normally: it will hand them back under their seals.
    let mut ahead = doc.clock().clone();
    crdts::CmRDT::apply(&mut ahead, Dot::new(ActorId::SERVER, 50));
    let answer = app.sync(&device, &ahead, vec![]).await.unwrap();
    assert!(answer.ops.0.is_empty());
    assert_eq!(
        app.store.all_ops(naru()).await.unwrap().len(),
        1,
        "nothing changed"
    );
}

#[tokio::test]
async fn recalls_do_not_erase_handovers_and_items_ship_once() {
    let app = spawn_app().await;
    let mut csv = bima_csv(0, 0);
    csv.push_str("kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,\n");
    let (_, imported) = app.import(csv).await;
    let code = imported["tracking_codes"][0]["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = app.post("/api/v1/manifests", json!({"courier": "Arifin Usman", "desa_code": "52.06.03.2012", "tracking_codes": [code, code]})).await;
    assert_eq!(status, 201, "a code listed twice ships once");
    let (status, body) = app.post("/api/v1/manifests", json!({"courier": "Arifin Usman", "desa_code": "52.06.03.2012", "tracking_codes": [code]})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("manifest.not_at_dukcapil"))
    );

    let device = app.enroll(naru()).await;
    let mut doc = app.pull(&device).await;
    let dispatch = doc.dispatches().next().unwrap().id;
    let receive = doc
        .author(device.actor, UnixTime(now()), receive_body(dispatch))
        .unwrap();
    doc.apply(receive.clone()).unwrap();
    let handover = OpBody::Handover {
        dispatch,
        handover: antar_shared::doc::Handover {
            recipient: antar_shared::text::PersonName::parse("Siti Aminah").unwrap(),
            relation: antar_shared::doc::Relation::Holder,
            id_shown: antar_shared::doc::IdDocument::KtpEl,
            nik_verified: false,
            evidence: None,
            clerk: antar_shared::text::PersonName::parse("Nurul").unwrap(),
        },
        correction: None,
        seen: Clock::new(),
    };
    let op = doc.author(device.actor, UnixTime(now()), handover).unwrap();
    doc.apply(op.clone()).unwrap();
    app.sync(&device, doc.clock(), vec![receive, op])
        .await
        .unwrap();
    let (status, body) = app
        .post(
            &format!("/api/v1/dispatches/{code}/recall"),
            json!({"reason": "Salah cetak"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("rule.already_decided"))
    );
    let (_, detail) = app.get(&format!("/api/v1/dispatches/{code}")).await;
    assert_eq!(detail["dispatch"]["status"], "handed_over");
}

#[tokio::test]
async fn an_enrollment_retried_after_a_lost_answer_is_the_same_device() {
    let app = spawn_app().await;
    let (_, code) = app
        .post(
            "/api/v1/enroll-codes",
            json!({"desa_code": "52.06.03.2012"}),
        )
        .await;
    let token = "ab".repeat(32);
    let enroll = |token: String| {
        app.client
            .post(app.url("/api/v1/enroll"))
            .json(&json!({"code": code["code"], "device_name": "Laptop", "device_token": token}))
            .send()
    };
    let first: Value = enroll(token.clone()).await.unwrap().json().await.unwrap();
    let again = enroll(token.clone()).await.unwrap();
    assert_eq!(again.status(), 200, "the same device retrying");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["actor"], first["actor"]);
    assert_eq!(again["device_token"], token.as_str());
    let other = enroll("cd".repeat(32)).await.unwrap();
    assert_eq!(other.status(), 409, "another device cannot reuse the code");
    let bad = enroll("short".into()).await.unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(app.store.list_devices(None).await.unwrap().len(), 1);
}

/// A device token is a device's identity: a second device (or a replayed enrollment)
/// that names another device's token is refused with a stable code, keeps the code for
/// its rightful device, and leaves the first device working.
#[tokio::test]
async fn an_enrollment_naming_another_devices_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let enroll = |code: String, token: String| {
        app.client
            .post(app.url("/api/v1/enroll"))
            .json(&json!({"code": code, "device_name": "Laptop", "device_token": token}))
            .send()
    };
    let token = "ab".repeat(32);
    let first = enroll(new_enroll_code(&app).await, token.clone())
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let second_code = new_enroll_code(&app).await;
    // The same token, upper-case hex: the same identity.
    let taken = enroll(second_code.clone(), token.to_ascii_uppercase())
        .await
        .unwrap();
    assert_eq!(taken.status(), 409);
    let body: Value = taken.json().await.unwrap();
    assert_eq!(body["code"], "enroll.token_in_use", "{body}");
    assert_eq!(app.store.list_devices(None).await.unwrap().len(), 1);
    // The code was not spent: a device with its own token can still use it.
    let fresh = enroll(second_code, "cd".repeat(32)).await.unwrap();
    assert_eq!(fresh.status(), 200);
    assert_eq!(app.store.list_devices(None).await.unwrap().len(), 2);
}

/// A fresh enrollment code for Desa Rato.
async fn new_enroll_code(app: &TestApp) -> String {
    let (status, code) = app
        .post(
            "/api/v1/enroll-codes",
            json!({"desa_code": "52.06.03.2012"}),
        )
        .await;
    assert_eq!(status, 201, "{code}");
    code["code"].as_str().unwrap().to_owned()
}

/// A device's receipt (ok) of a dispatch, to author.
fn receive_body(dispatch: DispatchId) -> OpBody {
    OpBody::Receive {
        dispatch,
        condition: Condition::Ok,
        found: false,
        correction: None,
        seen: Clock::new(),
    }
}

/// PUTs an image to the blob endpoint; returns the status and the JSON answer.
async fn put_blob(
    app: &TestApp,
    token: Option<&str>,
    hash: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let mut request = app
        .client
        .put(app.url(&format!("/api/v1/blobs/{hash}")))
        .header("content-type", content_type)
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let r = request.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn signature_images_are_checked_scoped_and_stored_once() {
    signature_images_on(spawn_app().await).await;
}

#[tokio::test]
async fn signature_images_are_stored_once_on_postgres_too() {
    if let Some(store) = super::common::postgres().await {
        let options = RouterOptions {
            public_per_minute: 100_000,
            ..Default::default()
        };
        signature_images_on(spawn_app_with(store, options).await).await;
    }
}

async fn signature_images_on(app: TestApp) {
    use antar_shared::doc::BlobHash;
    use sha2::{Digest, Sha256};

    let (device, mut doc) = app.naru_kk_on_a_device().await;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(b"tanda tangan Siti Aminah");
    let hash = BlobHash(Sha256::digest(&png).into());
    let hex = hash.to_hex();
    let stored = |hash| {
        let store = app.store.clone();
        async move { store.get_blob(hash).await.unwrap() }
    };

    // No token, or the handover not synced yet: refused, nothing stored.
    let (status, body) = put_blob(&app, None, &hex, "image/png", png.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("auth.required"))
    );
    let (status, body) = put_blob(&app, Some(&device.token), &hex, "image/png", png.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("blob.unreferenced"))
    );
    assert_eq!(stored(hash).await, None);

    // The handover naming the image reaches the server.
    let dispatch = doc.dispatches().next().unwrap().id;
    let receive = doc
        .author(device.actor, UnixTime(now()), receive_body(dispatch))
        .unwrap();
    doc.apply(receive.clone()).unwrap();
    let handover = OpBody::Handover {
        dispatch,
        handover: antar_shared::doc::Handover {
            recipient: antar_shared::text::PersonName::parse("Siti Aminah").unwrap(),
            relation: antar_shared::doc::Relation::Holder,
            id_shown: antar_shared::doc::IdDocument::KtpEl,
            nik_verified: true,
            evidence: Some(hash),
            clerk: antar_shared::text::PersonName::parse("Nurul Hamzah").unwrap(),
        },
        correction: None,
        seen: Clock::new(),
    };
    let op = doc.author(device.actor, UnixTime(now()), handover).unwrap();
    doc.apply(op.clone()).unwrap();
    app.sync(&device, doc.clock(), vec![receive, op])
        .await
        .unwrap();

    // A body that is not what the path names: refused with both messages.
    let mut other = png.clone();
    other.push(0);
    let other_hash = BlobHash(Sha256::digest(&other).into()).to_hex();
    let (status, body) = put_blob(&app, Some(&device.token), &hex, "image/png", other).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("blob.hash_mismatch"))
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("tidak ada yang disimpan")
    );
    assert_eq!(body["args"]["hash"], other_hash.as_str(), "{body}");
    assert_eq!(stored(hash).await, None);
    // Not an image type, not a hash, too large.
    let (status, _) = put_blob(&app, Some(&device.token), &hex, "text/html", png.clone()).await;
    assert_eq!(status, 415);
    let (status, _) = put_blob(&app, Some(&device.token), "abc", "image/png", png.clone()).await;
    assert_eq!(status, 400);
    let big = vec![0u8; 600 * 1024];
    let big_hash = BlobHash(Sha256::digest(&big).into()).to_hex();
    let (status, _) = put_blob(&app, Some(&device.token), &big_hash, "image/png", big).await;
    assert_eq!(status, 413);
    assert_eq!(stored(hash).await, None);

    // The right image: stored for Naru, then a retry is a harmless 200.
    let (status, body) = put_blob(&app, Some(&device.token), &hex, "image/png", png.clone()).await;
    assert_eq!((status, body["new"].as_bool()), (201, Some(true)), "{body}");
    let blob = stored(hash).await.unwrap();
    assert_eq!(
        (
            blob.desa.as_str(),
            blob.content_type.as_str(),
            blob.bytes.as_slice()
        ),
        ("52.06.03.2012", "image/png", png.as_slice())
    );
    let (status, body) = put_blob(
        &app,
        Some(&device.token),
        &hex.to_uppercase(),
        "image/png",
        png.clone(),
    )
    .await;
    assert_eq!((status, body["new"].as_bool()), (200, Some(false)));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blobs")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(
        antar_server::store::blobs::blob(&app.store, hash).await,
        Some(("image/png".to_owned(), png.clone()))
    );

    // Another desa's device cannot send it: not evidence in its document.
    let rasabou_device = app.enroll(rasabou()).await;
    let (status, _) = put_blob(&app, Some(&rasabou_device.token), &hex, "image/png", png).await;
    assert_eq!(status, 409);
    // The route is in the OpenAPI document.
    let (_, openapi) = app.get("/api/openapi.json").await;
    assert!(openapi["paths"]["/api/v1/blobs/{hash}"]["put"].is_object());
}

/// An address the API cannot read (a number that is not one, text that is not UTF-8)
/// gets the JSON error shape with a code and a message in the reader's language, not
/// axum's English plain text.
#[tokio::test]
async fn a_bad_id_in_the_address_gets_our_error_shape() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/manifests/tiga").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "request.bad_number", "{body}");
    assert_eq!(body["args"]["typed"], "tiga", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("angka") && message.contains("tiga"),
        "{message}"
    );

    let r = app
        .client
        .post(app.url("/api/v1/devices/x7/revoke"))
        .bearer_auth(&app.admin)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "request.bad_number", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("needs a number"), "{message}");

    let r = app
        .client
        .get(app.url("/api/v1/status/%FF%FE"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "request.bad_address", "{body}");
    assert!(!body["message"].as_str().unwrap().contains("Invalid URL"));
}

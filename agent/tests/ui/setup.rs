//! First start and the link to the server: enrolling from the page, "sync now", and the
//! signature images following a sync.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use antar_agent::control::SyncControl;
use antar_agent::replica::{Blob, Replica};
use antar_agent::transport::Http;
use antar_agent::upload;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};

use super::desk::{Desk, client, form, location, serve};

/// A stand-in for the Dukcapil server's enrollment and blob endpoints.
#[derive(Clone, Default)]
struct Stub {
    /// Blob PUTs answered with 503 before the stub accepts them.
    fail_first: Arc<AtomicUsize>,
    received: Arc<std::sync::Mutex<Vec<(String, String, usize)>>>,
}

async fn stub_enroll() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({
        "device_token": "token-dari-server",
        "actor": 7,
        "desa_code": "52.06.03.2012",
        "desa_name": "Naru",
        "server_time": antar_agent::now(),
        // Any Ed25519 public key: the stub never sends ops to seal.
        "server_key": "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29",
        "certificate": "00".repeat(64),
    }))
}

async fn stub_blob(
    State(stub): State<Stub>,
    Path(hex): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    if stub.fail_first.load(Ordering::SeqCst) > 0 {
        stub.fail_first.fetch_sub(1, Ordering::SeqCst);
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let auth = headers["authorization"].to_str().unwrap().to_owned();
    stub.received.lock().unwrap().push((hex, auth, body.len()));
    StatusCode::CREATED
}

async fn start_stub(stub: Stub) -> String {
    let app = Router::new()
        .route("/api/v1/enroll", post(stub_enroll))
        .route("/api/v1/blobs/{hex}", put(stub_blob))
        .with_state(stub);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_new_pc_enrolls_from_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let replica = Replica::open(dir.path()).await.unwrap();
    let control = Arc::new(SyncControl::default());
    let base = serve(replica.clone(), control, Duration::ZERO).await;
    let client = client();
    let r = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(location(&r), "/daftar");
    let r = client.get(format!("{base}/terima")).send().await.unwrap();
    assert_eq!(location(&r), "/daftar");
    let page = client
        .get(format!("{base}/daftar"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Daftarkan komputer ini") && page.contains("Komputer kantor desa"));

    let post = |fields: Vec<(&'static str, String)>| {
        let client = client.clone();
        let base = base.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            client
                .post(format!("{base}/daftar"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form(&fields))
                .send()
                .await
                .unwrap()
        }
    };
    let r = post(vec![
        ("server", "ftp://antar".into()),
        ("kode", "ABCDE-FGHJK".into()),
        ("nama", "Laptop".into()),
    ])
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("http://"));
    assert_eq!(replica.enrollment().await.unwrap(), None);

    let server = start_stub(Stub::default()).await;
    let r = post(vec![
        ("server", format!("{server}/")),
        ("kode", "ABCDE-FGHJK".into()),
        ("nama", "Laptop kantor".into()),
    ])
    .await;
    assert_eq!(location(&r), "/?daftar=ok");
    let me = replica.enrollment().await.unwrap().unwrap();
    assert_eq!(
        (me.actor.0, me.desa.to_string()),
        (7, "52.06.03.2012".to_owned())
    );
    assert_eq!(
        (me.server, me.token),
        (server, "token-dari-server".to_owned())
    );
    let page = client
        .get(format!("{base}/?daftar=ok"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Perangkat terdaftar") && page.contains("Belum pernah sinkron"));
    let r = client.get(format!("{base}/daftar")).send().await.unwrap();
    assert_eq!(location(&r), "/", "enrolled once");
}

#[tokio::test]
async fn sync_now_wakes_the_loop_and_reports_its_answer() {
    let desk = Desk::with_sync_wait(Duration::from_secs(5)).await;
    // A stand-in for the run loop: one round per request, the second one failing.
    let control = desk.control.clone();
    tokio::spawn(async move {
        for ok in [true, false] {
            control.requested().await;
            control.finished(ok);
        }
    });
    let r = desk.post("/sinkron", &[]).await;
    assert_eq!(location(&r), "/?sinkron=ok");
    let r = desk.post("/sinkron", &[]).await;
    assert_eq!(location(&r), "/?sinkron=gagal");
    let (_, page) = desk.get("/?sinkron=gagal").await;
    assert!(page.contains("Sinkron gagal"));
}

#[tokio::test]
async fn signatures_follow_a_sync_and_a_failed_upload_waits() {
    let desk = Desk::new().await;
    let stub = Stub::default();
    stub.fail_first.store(1, Ordering::SeqCst);
    let server = start_stub(stub.clone()).await;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(b"tanda tangan");
    let blob = Blob::png(png).unwrap();
    let code = desk.first.code;
    desk.receive(code).await;
    let form = antar_shared::doc::HandoverEntry {
        recipient: desk.first.holder.clone(),
        relation: antar_shared::doc::Relation::Holder,
        id_shown: antar_shared::doc::IdDocument::KtpEl,
        nik: None,
        clerk: "Nurul Hamzah".into(),
        receive_first: false,
        correction: None,
    };
    antar_agent::clerk::handover(&desk.replica, &desk.me, None, code, &form, Some(&blob))
        .await
        .unwrap();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = Http::new(&server).unwrap();

    // The server is struggling: nothing lost, still queued.
    let done = upload::upload_pending(&desk.replica, &http, &desk.me)
        .await
        .unwrap();
    assert_eq!((done.sent, done.failed), (0, 1));
    assert_eq!(
        desk.replica.pending_blobs(10).await.unwrap(),
        vec![blob.hash]
    );
    let (_, home) = desk.get("/").await;
    assert!(home.contains("1 tanda tangan menunggu"), "{home}");

    // Next round: sent once, with the device token, and not again.
    let done = upload::upload_pending(&desk.replica, &http, &desk.me)
        .await
        .unwrap();
    assert_eq!((done.sent, done.failed), (1, 0));
    assert!(desk.replica.pending_blobs(10).await.unwrap().is_empty());
    let done = upload::upload_pending(&desk.replica, &http, &desk.me)
        .await
        .unwrap();
    assert_eq!(done, upload::Uploads::default());
    let received = stub.received.lock().unwrap().clone();
    assert_eq!(
        received,
        vec![(
            blob.hash.to_hex(),
            "Bearer token-uji".to_owned(),
            blob.bytes.len()
        )]
    );
}

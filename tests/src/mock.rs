//! A mock WhatsApp Cloud API and a mock SMS gateway: small axum apps that speak the
//! shapes in `../shared/data/whatsapp-cloud-api-fixtures.json`, record what they are
//! sent, and fail on demand (a number can be made undeliverable, or the API can answer
//! 500 for a while).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json};
use axum::routing::{get, post};
use serde_json::{Value, json};

/// What the mocks saw and how they should behave.
#[derive(Debug, Default)]
pub struct Mock {
    /// Every message posted to the Cloud API: the phone number id and the JSON body.
    pub whatsapp: Mutex<Vec<(String, Value)>>,
    /// Every SMS: the query's `to` and `text`.
    pub sms: Mutex<Vec<(String, String)>>,
    /// Numbers the Cloud API answers with this error code.
    pub failing: Mutex<HashMap<String, i64>>,
    /// Numbers whose plain text is refused with 131047 (outside the 24-hour window).
    pub window_closed: Mutex<Vec<String>>,
    /// Answer the next this many posts with HTTP 500.
    pub outage: Mutex<u32>,
    /// Take this long over each answer (a slow network), in milliseconds.
    pub delay_ms: std::sync::atomic::AtomicU64,
}

impl Mock {
    /// The WhatsApp messages sent to `to` so far, as JSON.
    pub fn sent_to(&self, to: &str) -> Vec<Value> {
        self.whatsapp
            .lock()
            .map(|all| {
                all.iter()
                    .filter(|(_, m)| m["to"] == to)
                    .map(|(_, m)| m.clone())
                    .collect()
            })
            .unwrap_or_default()
    }
}

async fn message(
    State(mock): State<Arc<Mock>>,
    Path((_version, phone_id)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> impl IntoResponse {
    let to = body["to"].as_str().unwrap_or_default().to_owned();
    let delay = mock.delay_ms.load(std::sync::atomic::Ordering::Relaxed);
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    {
        let Ok(mut outage) = mock.outage.lock() else {
            return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({}))).into_response();
        };
        if *outage > 0 {
            *outage -= 1;
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({"error": {"message": "Service unavailable", "code": 2}})),
            )
                .into_response();
        }
    }
    let error = |code: i64, message: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": {"message": format!("(#{code}) {message}"), "type": "OAuthException",
                "code": code, "fbtrace_id": "TRACE1"}})),
        )
            .into_response()
    };
    if let Some(code) = mock.failing.lock().ok().and_then(|f| f.get(&to).copied()) {
        return error(code, "Message undeliverable");
    }
    let closed = mock
        .window_closed
        .lock()
        .map(|w| w.contains(&to))
        .unwrap_or(false);
    if closed && body["type"] == "text" {
        return error(131047, "Re-engagement message");
    }
    let n = match mock.whatsapp.lock() {
        Ok(mut all) => {
            all.push((phone_id, body.clone()));
            all.len()
        }
        Err(_) => 0,
    };
    Json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": to}],
        "messages": [{"id": format!("wamid.MOCK{n:04}")}],
    }))
    .into_response()
}

async fn sms(
    State(mock): State<Arc<Mock>>,
    Query(q): Query<HashMap<String, String>>,
) -> StatusCode {
    let to = q.get("to").cloned().unwrap_or_default();
    let text = q.get("text").cloned().unwrap_or_default();
    if let Ok(mut all) = mock.sms.lock() {
        all.push((to, text));
    }
    StatusCode::OK
}

/// Starts both mocks on one local port: the Cloud API at `/{version}/{phone_id}/messages`
/// and the SMS gateway at `/sms?to=…&text=…`. Returns the address and what they see.
pub async fn start() -> (SocketAddr, Arc<Mock>) {
    let mock = Arc::new(Mock::default());
    let app = Router::new()
        .route("/{version}/{phone_id}/messages", post(message))
        .route("/sms", get(sms).post(sms))
        .with_state(mock.clone());
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
        Ok(l) => l,
        Err(e) => panic!("mock: cannot listen: {e}"),
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => panic!("mock: no address: {e}"),
    };
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, mock)
}

//! How the agent reaches the server. Behind a trait so tests can put a faulty network
//! (drops, delays, cuts mid-body) between agent and server.

use std::time::Duration;

use antar_shared::sync::{ErrorBody, Format};

/// A failed round trip.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// No answer (offline, timeout, connection cut): try again later.
    #[error("server tidak terjangkau: {0}")]
    Unreachable(String),
    /// The server answered with an error body.
    #[error("server menolak ({status}): {}", body.message)]
    Refused {
        /// HTTP status.
        status: u16,
        /// The error body.
        body: ErrorBody,
    },
    /// The server answered something that is not a valid response.
    #[error("jawaban server tidak sah: {0}")]
    BadResponse(String),
}

impl TransportError {
    /// Whether waiting and trying again may help (the sync loop backs off instead of
    /// giving up).
    pub fn is_retryable(&self) -> bool {
        match self {
            TransportError::Unreachable(_) | TransportError::BadResponse(_) => true,
            TransportError::Refused { status, .. } => {
                *status >= 500 || *status == 429 || *status == 408
            }
        }
    }
}

/// One HTTP exchange with the server.
pub trait Transport: Send + Sync {
    /// POSTs a sync body; returns the response body.
    fn sync(
        &self,
        token: &str,
        body: Vec<u8>,
    ) -> impl std::future::Future<Output = Result<Vec<u8>, TransportError>> + Send;

    /// PUTs a content-addressed blob (a signature image); the server keeps it once,
    /// however often it is sent.
    fn put_blob(
        &self,
        token: &str,
        hash_hex: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> impl std::future::Future<Output = Result<(), TransportError>> + Send;
}

/// The real transport: reqwest over rustls.
#[derive(Clone, Debug)]
pub struct Http {
    client: reqwest::Client,
    base: String,
}

impl Http {
    /// A client for a server base URL (`https://antar.bimakab.go.id`).
    pub fn new(base: &str) -> Result<Http, TransportError> {
        // One TLS stack, chosen once per process (ring, no C toolchain needed).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(20))
            .timeout(Duration::from_secs(120))
            .user_agent(concat!("antar-agent/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TransportError::Unreachable(e.to_string()))?;
        Ok(Http {
            client,
            base: base.trim_end_matches('/').to_owned(),
        })
    }

    /// POSTs JSON (enrollment).
    pub async fn post_json<T: serde::Serialize, R: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &T,
    ) -> Result<R, TransportError> {
        let bytes = exchange(self.client.post(format!("{}{path}", self.base)).json(body)).await?;
        serde_json::from_slice(&bytes).map_err(|e| TransportError::BadResponse(e.to_string()))
    }
}

/// Sends a request and reads the whole answer: the body of a 200, or the error body.
/// A connection that breaks at any point, even mid-body, is `Unreachable` (retryable).
async fn exchange(request: reqwest::RequestBuilder) -> Result<Vec<u8>, TransportError> {
    let (status, bytes) = send(request).await?;
    if status == 200 {
        Ok(bytes)
    } else {
        Err(refused(status, &bytes))
    }
}

/// Sends a request and reads the whole answer, whatever its status.
async fn send(request: reqwest::RequestBuilder) -> Result<(u16, Vec<u8>), TransportError> {
    let response = request
        .send()
        .await
        .map_err(|e| TransportError::Unreachable(e.to_string()))?;
    let status = response.status().as_u16();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| TransportError::Unreachable(e.to_string()))?;
    Ok((status, bytes.to_vec()))
}

fn refused(status: u16, bytes: &[u8]) -> TransportError {
    match serde_json::from_slice::<ErrorBody>(bytes) {
        Ok(body) => TransportError::Refused { status, body },
        Err(_) => TransportError::Refused {
            status,
            body: ErrorBody {
                code: "http".into(),
                message: format!("HTTP {status}"),
                message_en: format!("HTTP {status}"),
            },
        },
    }
}

impl Transport for Http {
    async fn sync(&self, token: &str, body: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        exchange(
            self.client
                .post(format!("{}/api/v1/sync", self.base))
                .bearer_auth(token)
                .header("content-type", Format::Binary.media_type())
                .header("accept-encoding", "gzip")
                .body(body),
        )
        .await
    }

    async fn put_blob(
        &self,
        token: &str,
        hash_hex: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<(), TransportError> {
        let (status, body) = send(
            self.client
                .put(format!("{}/api/v1/blobs/{hash_hex}", self.base))
                .bearer_auth(token)
                .header("content-type", content_type)
                .body(bytes),
        )
        .await?;
        // 201: stored now; 200: the server already had it.
        if status == 200 || status == 201 {
            Ok(())
        } else {
            Err(refused(status, &body))
        }
    }
}

//! How the agent reaches the server. Behind a trait so tests can put a faulty network
//! (drops, delays, cuts mid-body) between agent and server.

use std::time::Duration;

use antar_shared::lang::Localized;
use antar_shared::sync::{ErrorBody, Format};

/// A failed round trip.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// No answer (offline, timeout, connection cut): try again later.
    #[error("server unreachable ({why:?}): {detail}")]
    Unreachable {
        /// Why, as far as the agent can tell.
        why: Offline,
        /// The transport's own words, with their sources: for the log only.
        detail: String,
    },
    /// The server answered with an error body.
    #[error("the server refused ({status}): {}", body.code)]
    Refused {
        /// HTTP status.
        status: u16,
        /// The error body.
        body: ErrorBody,
    },
    /// The server answered something that is not a valid response.
    #[error("invalid answer from the server: {0}")]
    BadResponse(String),
}

impl TransportError {
    /// Whether waiting and trying again may help (the sync loop backs off instead of
    /// giving up).
    pub fn is_retryable(&self) -> bool {
        match self {
            TransportError::Unreachable { .. } | TransportError::BadResponse(_) => true,
            TransportError::Refused { status, .. } => {
                *status >= 500 || *status == 429 || *status == 408
            }
        }
    }

    /// A failed connection, classified; the error's whole chain is kept for the log.
    fn unreachable(e: &reqwest::Error) -> TransportError {
        TransportError::Unreachable {
            why: Offline::of(e, e.is_timeout()),
            detail: crate::causes::chain(e),
        }
    }
}

impl Localized for TransportError {
    fn code(&self) -> &'static str {
        match self {
            TransportError::Unreachable { .. } => "link.unreachable",
            TransportError::Refused { .. } => "link.refused",
            TransportError::BadResponse(_) => "link.bad_response",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            TransportError::Unreachable { why, .. } => vec![("why", why.code().to_owned())],
            // The server's words, in the language it answered in; a failure built from
            // this error says them in the reader's language instead.
            TransportError::Refused { body, .. } => vec![("reason", body.message.clone())],
            TransportError::BadResponse(_) => Vec::new(),
        }
    }
}

/// Why the server could not be reached, in terms a clerk can act on (the network's own
/// words are English and go to the log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offline {
    /// No answer in time.
    Timeout,
    /// Nothing listens at the address (the server is down, or the port is wrong).
    Refused,
    /// The server's name is not known (no internet, or a typo in the address).
    NoName,
    /// The secure connection failed (a certificate, or the PC's date).
    Tls,
    /// The connection broke or could not be made for another reason.
    Cut,
}

impl Offline {
    /// The `$why` selector of the `link.unreachable` message.
    pub fn code(self) -> &'static str {
        match self {
            Offline::Timeout => "timeout",
            Offline::Refused => "refused",
            Offline::NoName => "dns",
            Offline::Tls => "tls",
            Offline::Cut => "other",
        }
    }

    /// Classifies a failed connection by its chain of sources: an I/O error's kind
    /// where there is one, else the words of the resolver and the TLS stack.
    pub fn of(error: &(dyn std::error::Error + 'static), timed_out: bool) -> Offline {
        if timed_out {
            return Offline::Timeout;
        }
        let mut words = String::new();
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(e) = next {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => return Offline::Refused,
                    std::io::ErrorKind::TimedOut => return Offline::Timeout,
                    _ => {}
                }
            }
            if e.downcast_ref::<rustls::Error>().is_some() {
                return Offline::Tls;
            }
            words.push_str(&e.to_string().to_lowercase());
            words.push('\n');
            next = e.source();
        }
        let said = |needles: &[&str]| needles.iter().any(|n| words.contains(n));
        if said(&[
            "dns error",
            "failed to lookup",
            "name or service not known",
            "no such host",
        ]) {
            Offline::NoName
        } else if said(&["connection refused"]) {
            Offline::Refused
        } else if said(&["timed out", "timeout"]) {
            Offline::Timeout
        } else if said(&["certificate", "tls", "handshake"]) {
            Offline::Tls
        } else {
            Offline::Cut
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

    /// POSTs an enrollment request (JSON; the one-time code in it is the credential);
    /// returns the response body.
    fn enroll(
        &self,
        json: Vec<u8>,
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
            .map_err(|e| TransportError::unreachable(&e))?;
        Ok(Http {
            client,
            base: base.trim_end_matches('/').to_owned(),
        })
    }

    /// POSTs JSON as this device (its receipt key, its receipts), gzip-compressed when
    /// that pays: a batch of receipts repeats the device's certificate in each one, and
    /// compressed it costs a 2G link about a quarter.
    pub async fn post_json_as<T: serde::Serialize, R: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        path: &str,
        body: &T,
    ) -> Result<R, TransportError> {
        let json =
            serde_json::to_vec(body).map_err(|e| TransportError::BadResponse(e.to_string()))?;
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", "application/json");
        let request = match gzipped(&json) {
            Some(packed) => request.header("content-encoding", "gzip").body(packed),
            None => request.body(json),
        };
        let bytes = exchange(request).await?;
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
        .map_err(|e| TransportError::unreachable(&e))?;
    let status = response.status().as_u16();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| TransportError::unreachable(&e))?;
    Ok((status, bytes.to_vec()))
}

fn refused(status: u16, bytes: &[u8]) -> TransportError {
    match serde_json::from_slice::<ErrorBody>(bytes) {
        Ok(body) => TransportError::Refused { status, body },
        Err(_) => TransportError::Refused {
            status,
            // Not one of the server's answers (a proxy's page, say): said by its status.
            body: ErrorBody {
                code: "link.http_status".into(),
                message: format!("HTTP {status}"),
                args: [("status".to_owned(), status.to_string())].into(),
            },
        },
    }
}

/// Sync bodies from this size on are sent gzip-compressed (the server reads gzip): a
/// month offline is kilobytes of ops that compress to about half. Below it, the header
/// costs more than gzip saves.
const GZIP_FROM: usize = 1024;

/// The body gzip-compressed, when that is worth it (large enough, and smaller after).
fn gzipped(body: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    if body.len() < GZIP_FROM {
        return None;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).ok()?;
    let packed = encoder.finish().ok()?;
    (packed.len() < body.len()).then_some(packed)
}

impl Transport for Http {
    async fn sync(&self, token: &str, body: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let request = self
            .client
            .post(format!("{}/api/v1/sync", self.base))
            .bearer_auth(token)
            .header("content-type", Format::Binary.media_type())
            .header("accept-encoding", "gzip");
        let request = match gzipped(&body) {
            Some(packed) => request.header("content-encoding", "gzip").body(packed),
            None => request.body(body),
        };
        exchange(request).await
    }

    async fn enroll(&self, json: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        exchange(
            self.client
                .post(format!("{}/api/v1/enroll", self.base))
                .header("content-type", "application/json")
                .body(json),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An error with a source, as the HTTP stack nests them.
    #[derive(Debug, thiserror::Error)]
    #[error("{0}")]
    struct Outer(&'static str, #[source] std::io::Error);

    #[test]
    fn large_bodies_go_gzipped_and_small_ones_as_they_are() {
        use std::io::Read;
        assert_eq!(gzipped(&[7; 100]), None);
        let body: Vec<u8> = (0..4000u32).flat_map(|i| (i % 97).to_le_bytes()).collect();
        let packed = gzipped(&body).unwrap();
        assert!(packed.len() < body.len() / 2, "{} bytes", packed.len());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, body);
        // Random bytes do not shrink: sent as they are.
        let mut noise = vec![0u8; 2000];
        getrandom::fill(&mut noise).unwrap();
        assert_eq!(gzipped(&noise), None);
    }

    #[test]
    fn failed_connections_are_classified_by_their_sources() {
        let io = |kind| Outer("client error (Connect)", std::io::Error::from(kind));
        let refused = io(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(Offline::of(&refused, false), Offline::Refused);
        assert_eq!(Offline::of(&refused, true), Offline::Timeout);
        let dns = Outer(
            "dns error",
            std::io::Error::other("failed to lookup address information"),
        );
        assert_eq!(Offline::of(&dns, false), Offline::NoName);
        let tls = Outer("tls handshake eof", std::io::Error::other("x"));
        assert_eq!(Offline::of(&tls, false), Offline::Tls);
        let cut = io(std::io::ErrorKind::ConnectionReset);
        assert_eq!(Offline::of(&cut, false), Offline::Cut);
    }

    /// A real connection to a port nobody listens on is a refusal, said by its code;
    /// reqwest's words ("error sending request …") stay in the detail for the log.
    #[tokio::test]
    async fn nothing_listening_is_a_refused_connection() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let http = Http::new(&format!("http://127.0.0.1:{port}")).unwrap();
        let e = http.sync("token", Vec::new()).await.unwrap_err();
        match &e {
            TransportError::Unreachable { why, detail } => {
                assert_eq!(*why, Offline::Refused, "{detail}");
                assert!(detail.contains("error sending request"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(e.code(), "link.unreachable");
        assert_eq!(e.args(), [("why", "refused".to_owned())]);
    }
}

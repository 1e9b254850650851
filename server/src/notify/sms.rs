//! A generic HTTP SMS gateway, for residents without WhatsApp. Indonesian gateways
//! differ, so the request is configured: a URL with `{to}` and `{text}` in it (filled in
//! URL-encoded), GET or POST, and one optional header for the credentials (read from a
//! file or the environment, never logged).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use antar_shared::web::urlencode;

use super::{Notice, Provider, SendError, Sent};

/// The gateway's request, as configured.
#[derive(Clone)]
pub struct SmsGateway {
    client: reqwest::Client,
    url: String,
    post: bool,
    /// `("Authorization", "Bearer …")`, or the gateway's own header.
    header: Option<(String, String)>,
}

impl std::fmt::Debug for SmsGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsGateway")
            .field("post", &self.post)
            .finish_non_exhaustive()
    }
}

impl SmsGateway {
    /// A gateway at `url` (with `{to}` and `{text}`), by POST or GET, with an optional
    /// `Name: value` header.
    pub fn new(url: &str, post: bool, header: Option<&str>) -> Result<SmsGateway, reqwest::Error> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()?;
        Ok(SmsGateway {
            client,
            url: url.to_owned(),
            post,
            header: header.and_then(|h| {
                h.split_once(':')
                    .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
            }),
        })
    }
}

impl Provider for SmsGateway {
    fn name(&self) -> &'static str {
        "sms"
    }

    fn send<'a>(
        &'a self,
        to: &'a str,
        notice: &'a Notice,
    ) -> Pin<Box<dyn Future<Output = Result<Sent, SendError>> + Send + 'a>> {
        Box::pin(async move {
            let url = self
                .url
                .replace("{to}", &urlencode(to))
                .replace("{text}", &urlencode(&notice.text));
            let mut request = if self.post {
                self.client.post(&url)
            } else {
                self.client.get(&url)
            };
            if let Some((name, value)) = &self.header {
                request = request.header(name.as_str(), value.as_str());
            }
            let response = request
                .send()
                .await
                // Without the address: it holds the number, the text and maybe a key.
                .map_err(|e| {
                    SendError::Temporary(format!("SMS gateway: no answer: {}", e.without_url()))
                })?;
            let status = response.status();
            if status.is_success() {
                return Ok(Sent {
                    channel: "sms",
                    provider_id: None,
                });
            }
            let reason = format!("SMS gateway: HTTP {}", status.as_u16());
            if status.as_u16() == 429 || status.is_server_error() {
                Err(SendError::Temporary(reason))
            } else {
                Err(SendError::Permanent(reason))
            }
        })
    }
}

//! The WhatsApp Cloud API (Meta): notices as templates registered in Indonesian with
//! named parameters, or as plain text inside the 24 hours after the resident last wrote
//! (the bot's answers). The access token is read from a file or the environment and
//! never logged.
//!
//! Errors are sorted as the worker needs them: 131026 (undeliverable: no WhatsApp on
//! that number) lets another channel try; 131047 (outside the 24-hour window) is
//! answered by sending the template instead; rate limits, 5xx and timeouts are tried
//! again later; any other 4xx is permanent.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde_json::{Value, json};

use super::{Notice, Provider, SendError, Sent, template_name};

/// Where and as whom to send.
#[derive(Clone)]
pub struct WhatsApp {
    client: reqwest::Client,
    /// `https://graph.facebook.com/v21.0` (or a mock's address).
    api_url: String,
    /// The sending number's id at Meta.
    phone_number_id: String,
    token: String,
    /// Template names registered under other names than `antar_<event>`, by event.
    templates: std::collections::HashMap<String, String>,
}

impl std::fmt::Debug for WhatsApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsApp")
            .field("api_url", &self.api_url)
            .field("phone_number_id", &self.phone_number_id)
            .finish_non_exhaustive()
    }
}

/// A plain text message, as the Cloud API takes it.
fn text_message(to: &str, body: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"preview_url": false, "body": body},
    })
}

/// A failure as the Cloud API reports it.
#[derive(Debug)]
enum Refusal {
    /// Outside the 24-hour window: send a template.
    WindowClosed,
    /// What the worker makes of anything else.
    Other(SendError),
}

impl WhatsApp {
    /// A client for `api_url` (no trailing slash) sending from `phone_number_id`.
    pub fn new(
        api_url: &str,
        phone_number_id: &str,
        token: &str,
    ) -> Result<WhatsApp, reqwest::Error> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()?;
        Ok(WhatsApp {
            client,
            api_url: api_url.trim_end_matches('/').to_owned(),
            phone_number_id: phone_number_id.to_owned(),
            token: token.trim().to_owned(),
            templates: Default::default(),
        })
    }

    /// The same client, sending `event` with the template registered as `name`.
    pub fn with_template(mut self, event: &str, name: &str) -> WhatsApp {
        self.templates.insert(event.to_owned(), name.to_owned());
        self
    }

    /// Plain text, for a number that wrote within 24 hours (the bot's answers).
    pub async fn send_text(&self, to: &str, body: &str) -> Result<Sent, SendError> {
        match self.post(&text_message(to, body)).await {
            Ok(sent) => Ok(sent),
            Err(Refusal::WindowClosed) => Err(SendError::Permanent(
                "131047 outside the 24-hour window".into(),
            )),
            Err(Refusal::Other(e)) => Err(e),
        }
    }

    /// A notice as its template, with the values as named parameters.
    async fn send_template(&self, to: &str, notice: &Notice) -> Result<Sent, SendError> {
        let parameters: Vec<Value> = notice
            .parameters()
            .iter()
            .map(|(name, text)| json!({"type": "text", "parameter_name": name, "text": text}))
            .collect();
        let (default, language) = template_name(&notice.event);
        let name = self
            .templates
            .get(&notice.event)
            .cloned()
            .unwrap_or(default);
        let mut template = json!({"name": name, "language": {"code": language}});
        if !parameters.is_empty() {
            template["components"] = json!([{"type": "body", "parameters": parameters}]);
        }
        let message = json!({
            "messaging_product": "whatsapp",
            "to": to,
            "type": "template",
            "template": template,
        });
        match self.post(&message).await {
            Ok(sent) => Ok(sent),
            Err(Refusal::WindowClosed) => Err(SendError::Permanent("131047 for a template".into())),
            Err(Refusal::Other(e)) => Err(e),
        }
    }

    async fn post(&self, message: &Value) -> Result<Sent, Refusal> {
        let url = format!("{}/{}/messages", self.api_url, self.phone_number_id);
        let response = self
            .client
            .post(&url)
            .bearer_auth(&self.token)
            .json(message)
            .send()
            .await
            // Without the address: it holds the sending number's id, nothing to show.
            .map_err(|e| {
                Refusal::Other(SendError::Temporary(format!(
                    "no answer: {}",
                    e.without_url()
                )))
            })?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            let id = body["messages"][0]["id"].as_str().map(str::to_owned);
            return Ok(Sent {
                channel: "whatsapp",
                provider_id: id,
            });
        }
        let code = body["error"]["code"].as_i64().unwrap_or_default();
        let reason = format!(
            "{code} {}",
            body["error"]["message"].as_str().unwrap_or(status.as_str())
        );
        Err(match code {
            131047 => Refusal::WindowClosed,
            131026 => Refusal::Other(SendError::Undeliverable(reason)),
            // Rate limits (pair, account, spam) and the API's own trouble.
            130429 | 131048 | 131056 | 131000 | 2 => Refusal::Other(SendError::Temporary(reason)),
            // An expired or revoked token: every notice would fail the same way, and
            // all go once it is renewed.
            190 => {
                tracing::error!("whatsapp: the access token was refused (190); renew it");
                Refusal::Other(SendError::Temporary(reason))
            }
            _ if matches!(status.as_u16(), 401 | 403) => {
                tracing::error!("whatsapp: not allowed ({status}); check the token");
                Refusal::Other(SendError::Temporary(reason))
            }
            _ if status.as_u16() == 429 || status.is_server_error() => {
                Refusal::Other(SendError::Temporary(reason))
            }
            _ => Refusal::Other(SendError::Permanent(reason)),
        })
    }
}

impl Provider for WhatsApp {
    fn name(&self) -> &'static str {
        "whatsapp"
    }

    /// Plain text while the resident's 24-hour window is open (it costs nothing), the
    /// template otherwise, and the template when the text is refused with 131047.
    fn send<'a>(
        &'a self,
        to: &'a str,
        notice: &'a Notice,
    ) -> Pin<Box<dyn Future<Output = Result<Sent, SendError>> + Send + 'a>> {
        Box::pin(async move {
            if notice.sms_only {
                return Err(SendError::Undeliverable(
                    "131026 no WhatsApp on this number".into(),
                ));
            }
            if notice.window_open {
                match self.post(&text_message(to, &notice.text)).await {
                    Ok(sent) => return Ok(sent),
                    Err(Refusal::WindowClosed) => {
                        tracing::info!(code = notice.code, "131047: sending the template instead");
                    }
                    Err(Refusal::Other(e)) => return Err(e),
                }
            }
            self.send_template(to, notice).await
        })
    }
}

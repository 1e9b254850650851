//! How a notice leaves the server. A provider sends one notice to one number and says
//! how it went; the worker decides what to do next (retry, fall back, give up).

use std::future::Future;
use std::pin::Pin;

use super::Notice;

/// A sent notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// `whatsapp`, `sms` or `log`.
    pub channel: &'static str,
    /// The provider's id for it (a WhatsApp `wamid`), to match delivery statuses.
    pub provider_id: Option<String>,
}

/// Why a notice was not sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later (a timeout, a 5xx, a rate limit).
    #[error("temporary: {0}")]
    Temporary(String),
    /// Never going to work (a 4xx, a number that does not exist).
    #[error("permanent: {0}")]
    Permanent(String),
    /// Not on this channel (no WhatsApp on the number): another channel may reach it.
    #[error("undeliverable here: {0}")]
    Undeliverable(String),
}

/// A way to send notices. A boxed future rather than `async fn`, so providers can be
/// chosen at start-up and held as `dyn Provider`.
pub trait Provider: Send + Sync {
    /// How the dashboard names it: `log`, `whatsapp`, `sms`, `whatsapp+sms`.
    fn name(&self) -> &'static str;

    /// Sends `notice` to `to` (`62…`).
    fn send<'a>(
        &'a self,
        to: &'a str,
        notice: &'a Notice,
    ) -> Pin<Box<dyn Future<Output = Result<Sent, SendError>> + Send + 'a>>;
}

/// A phone number as logs and the audit log show it: its last four digits.
pub fn masked_phone(phone: &str) -> String {
    let tail: String = phone
        .chars()
        .skip(phone.chars().count().saturating_sub(4))
        .collect();
    format!("…{tail}")
}

/// The dry run, for a Dukcapil without a WhatsApp Business account yet: each notice is
/// written to the log (the number masked to its last four digits) and counts as sent.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogProvider;

impl Provider for LogProvider {
    fn name(&self) -> &'static str {
        "log"
    }

    fn send<'a>(
        &'a self,
        to: &'a str,
        notice: &'a Notice,
    ) -> Pin<Box<dyn Future<Output = Result<Sent, SendError>> + Send + 'a>> {
        Box::pin(async move {
            tracing::info!(
                to = masked_phone(to),
                event = notice.event,
                code = notice.code,
                text = notice.text,
                "notice (dry run)"
            );
            Ok(Sent {
                channel: "log",
                provider_id: None,
            })
        })
    }
}

/// WhatsApp first, and SMS where WhatsApp cannot deliver (131026).
pub struct Fallback {
    /// Tried first.
    pub first: Box<dyn Provider>,
    /// Tried when the first says [`SendError::Undeliverable`].
    pub then: Box<dyn Provider>,
}

impl std::fmt::Debug for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fallback").finish_non_exhaustive()
    }
}

impl Provider for Fallback {
    fn name(&self) -> &'static str {
        "whatsapp+sms"
    }

    fn send<'a>(
        &'a self,
        to: &'a str,
        notice: &'a Notice,
    ) -> Pin<Box<dyn Future<Output = Result<Sent, SendError>> + Send + 'a>> {
        Box::pin(async move {
            if notice.sms_only {
                return self.then.send(to, notice).await;
            }
            match self.first.send(to, notice).await {
                Err(SendError::Undeliverable(why)) => {
                    tracing::info!(code = notice.code, why, "falling back to the next channel");
                    self.then.send(to, notice).await
                }
                other => other,
            }
        })
    }
}

/// The provider the server sends through, as the pages hold it (for a test message).
#[derive(Clone)]
pub struct Outlet(pub std::sync::Arc<dyn Provider>);

impl std::fmt::Debug for Outlet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Outlet").field(&self.0.name()).finish()
    }
}

//! Enrolling this device with a one-time code from Dukcapil: the same steps for the
//! `enroll` command and the clerk's enrollment page.
//!
//! The device chooses its token and keeps it before the request goes out; a link that
//! loses the answer after the server used the code is retried with the same token,
//! and the server recognises the same device.
//!
//! A device that is enrolled already (revoked by Dukcapil, or forgotten by a server
//! restored from an older backup) enrolls again with a new code in the same folder: it
//! proves it held its old identity with its old token, keeps its actor, its history and
//! its unsent work, and gets a new token (the old one stays dead).

use std::time::Duration;

use antar_shared::doc::ActorId;
use antar_shared::i18n::Tr;
use antar_shared::lang::Localized;
use antar_shared::region::{self, VillageCode};
use antar_shared::sync::{ErrorBody, PublicKey};
use antar_shared::time::UnixTime;
use serde::{Deserialize, Serialize};

use crate::failure::{Failure, Notice};
use crate::now;
use crate::replica::{Enrollment, Replica, ReplicaError};
use crate::transport::{Http, Transport, TransportError};

/// Why an enrollment did not happen. The clerk reads its message through [`Failure`],
/// which says the server's answer or the link's trouble inside it in the reader's
/// language; the `Display` text is for the log.
#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    /// The server's address is not an http(s) URL.
    #[error("the server address must start with http:// or https:// (not {0:?})")]
    BadAddress(String),
    /// The code or the device name is empty.
    #[error("the enrollment code and the device name are required")]
    Missing,
    /// The server refused (a used or expired code, a revoked device…).
    #[error("the server refused the enrollment: {}", .0.code)]
    Refused(ErrorBody),
    /// The server could not be reached, or answered nonsense.
    #[error("enrollment failed")]
    Link(#[source] TransportError),
    /// The server's answer holds a public key that is not valid.
    #[error("the server sent an invalid public key")]
    BadKey,
    /// The server's answer holds a desa code that is not valid.
    #[error("the server sent an invalid desa code")]
    BadDesa,
    /// The server gave this device another identity than the one its data belongs to.
    #[error(
        "the server enrolled this device as {actor} in desa {desa}, but its data belongs to {old_actor} in desa {old_desa}"
    )]
    Mismatch {
        /// The actor the server gave.
        actor: u32,
        /// The desa the server gave.
        desa: String,
        /// The actor of this folder's data.
        old_actor: u32,
        /// The desa of this folder's data.
        old_desa: String,
    },
    /// The replica failed.
    #[error(transparent)]
    Replica(#[from] ReplicaError),
}

impl Localized for EnrollError {
    fn code(&self) -> &'static str {
        match self {
            EnrollError::BadAddress(_) => "enrollment.bad_address",
            EnrollError::Missing => "enrollment.missing",
            EnrollError::Refused(_) => "enrollment.refused",
            EnrollError::Link(_) => "enrollment.failed",
            EnrollError::BadKey => "enrollment.bad_key",
            EnrollError::BadDesa => "enrollment.bad_desa",
            EnrollError::Mismatch { .. } => "enrollment.mismatch",
            EnrollError::Replica(e) => e.code(),
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            EnrollError::BadAddress(server) => vec![("server", format!("{server:?}"))],
            // The server's words; a `Failure` says them in the reader's language.
            EnrollError::Refused(body) => vec![("reason", body.message.clone())],
            // Said in Indonesian, the default; a `Failure` says it in the reader's language.
            EnrollError::Link(e) => vec![("reason", Tr::default().error(e))],
            EnrollError::Mismatch {
                actor,
                desa,
                old_actor,
                old_desa,
            } => vec![
                ("actor", actor.to_string()),
                ("desa", desa.clone()),
                ("old_actor", old_actor.to_string()),
                ("old_desa", old_desa.clone()),
            ],
            EnrollError::Replica(e) => e.args(),
            EnrollError::Missing | EnrollError::BadKey | EnrollError::BadDesa => Vec::new(),
        }
    }
}

impl From<EnrollError> for Failure {
    fn from(e: EnrollError) -> Self {
        match e {
            EnrollError::Replica(inner) => Failure::from(inner),
            EnrollError::Refused(body) => {
                Failure::new("enrollment.refused").reason(Notice::server(&body))
            }
            EnrollError::Link(inner) => Failure::new("enrollment.failed")
                .reason(Notice::of(&inner))
                .caused_by(inner),
            other => Failure::of(&other),
        }
    }
}

#[derive(Serialize)]
struct EnrollBody<'a> {
    code: &'a str,
    device_name: &'a str,
    device_token: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certificate: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    earlier_tokens: Vec<String>,
    receipt_key: String,
}

#[derive(Deserialize)]
struct EnrollAnswer {
    device_token: String,
    actor: u32,
    desa_code: String,
    desa_name: String,
    server_time: i64,
    server_key: String,
    certificate: String,
    #[serde(default)]
    receipt_certificate: Option<String>,
}

/// What the clerk typed.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// The Dukcapil server's address.
    pub server: &'a str,
    /// The one-time code.
    pub code: &'a str,
    /// A name for this device.
    pub name: &'a str,
}

/// A finished enrollment.
#[derive(Clone, Debug)]
pub struct Enrolled {
    /// As stored in the replica.
    pub enrollment: Enrollment,
    /// The desa's name, as the server knows it.
    pub desa_name: String,
    /// This device's clock minus the server's, when large enough to warn about.
    pub skew: Option<i64>,
}

/// Enrolls this device; `attempts` bounds the retries of a failing link, and
/// `on_retry` is told before each wait (the CLI prints a line).
pub async fn enroll(
    replica: &Replica,
    request: &Request<'_>,
    attempts: u32,
    on_retry: impl Fn(),
) -> Result<Enrolled, EnrollError> {
    let server = request.server.trim().trim_end_matches('/');
    if !(server.starts_with("http://") || server.starts_with("https://")) {
        return Err(EnrollError::BadAddress(server.to_owned()));
    }
    let http = Http::new(server).map_err(EnrollError::Link)?;
    let request = Request { server, ..*request };
    enroll_through(replica, &http, &request, attempts, on_retry).await
}

/// [`enroll`] over any transport (the simulation's, in `sim/`); `request.server` is the
/// address kept in the enrollment.
pub async fn enroll_through(
    replica: &Replica,
    transport: &impl Transport,
    request: &Request<'_>,
    attempts: u32,
    on_retry: impl Fn(),
) -> Result<Enrolled, EnrollError> {
    let existing = replica.enrollment().await?;
    let server = request.server;
    let code = request.code.trim();
    let name = request.name.trim();
    if code.is_empty() || name.is_empty() {
        return Err(EnrollError::Missing);
    }
    let token = replica.pending_token(server, code).await?;
    let certificate = match &existing {
        Some(_) => replica.device_certificate().await?,
        None => None,
    };
    let earlier_tokens = match &existing {
        Some(_) => replica.earlier_tokens().await?,
        None => Vec::new(),
    };
    let receipt_key = replica.receipt_key().await?;
    let body = EnrollBody {
        code,
        device_name: name,
        device_token: &token,
        previous_token: existing.as_ref().map(|e| e.token.as_str()),
        actor: existing.as_ref().map(|e| e.actor.0),
        certificate: certificate.as_deref(),
        earlier_tokens,
        receipt_key: receipt_key.public().to_hex(),
    };
    let mut attempt = 0;
    let answer: EnrollAnswer = loop {
        attempt += 1;
        let sent = match serde_json::to_vec(&body) {
            Ok(json) => transport.enroll(json).await,
            Err(e) => Err(TransportError::BadResponse(e.to_string())),
        };
        match sent.and_then(|bytes| {
            serde_json::from_slice::<EnrollAnswer>(&bytes)
                .map_err(|e| TransportError::BadResponse(e.to_string()))
        }) {
            Ok(answer) => break answer,
            Err(e) if e.is_retryable() && attempt < attempts => {
                on_retry();
                tokio::time::sleep(Duration::from_secs(1 << attempt.min(4))).await;
            }
            Err(TransportError::Refused { body, .. }) => return Err(EnrollError::Refused(body)),
            Err(other) => return Err(EnrollError::Link(other)),
        }
    };
    let desa = VillageCode::parse(&answer.desa_code).map_err(|_| EnrollError::BadDesa)?;
    let server_key = PublicKey::from_hex(&answer.server_key).ok_or(EnrollError::BadKey)?;
    if let Some(old) = &existing
        && (old.actor.0 != answer.actor || old.desa != desa)
    {
        return Err(EnrollError::Mismatch {
            actor: answer.actor,
            desa: desa.to_string(),
            old_actor: old.actor.0,
            old_desa: old.desa.to_string(),
        });
    }
    let enrollment = Enrollment {
        server: server.to_owned(),
        token: answer.device_token,
        actor: ActorId(answer.actor),
        desa,
        name: name.to_owned(),
        server_key: Some(server_key),
    };
    replica
        .save_enrollment(&enrollment, Some(&answer.certificate))
        .await?;
    // Receipts are uploaded for handovers from here on (see `receipt::upload`).
    if replica.receipts_sent_through().await?.is_none() {
        let own = replica.own_counter(enrollment.actor).await?;
        replica.set_receipts_sent_through(own).await?;
    }
    // The receipt key's certificate; one that does not fit is asked for again before
    // the next sync.
    if let Some(certificate) = answer
        .receipt_certificate
        .as_deref()
        .and_then(antar_shared::receipt::DeviceCertificate::from_hex)
        .filter(|c| {
            c.open(server_key).is_ok() && crate::receipt::upload::fits(c, &enrollment, &receipt_key)
        })
    {
        replica.set_receipt_certificate(&certificate).await?;
    }
    let desa_name = if answer.desa_name.is_empty() {
        region::lookup(desa)
            .map(|r| r.name.to_owned())
            .unwrap_or_default()
    } else {
        answer.desa_name
    };
    Ok(Enrolled {
        enrollment,
        desa_name,
        skew: UnixTime(now()).skew_against(UnixTime(answer.server_time)),
    })
}

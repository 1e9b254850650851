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
use antar_shared::region::{self, VillageCode};
use antar_shared::sync::PublicKey;
use antar_shared::time::UnixTime;
use serde::{Deserialize, Serialize};

use crate::failure::Failure;
use crate::now;
use crate::replica::{Enrollment, Replica};
use crate::transport::{Http, TransportError};

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
) -> Result<Enrolled, Failure> {
    let existing = replica.enrollment().await?;
    let server = request.server.trim().trim_end_matches('/');
    if !(server.starts_with("http://") || server.starts_with("https://")) {
        return Err(Failure::new(
            format!("Alamat server harus diawali http:// atau https:// (bukan {server:?})"),
            format!("The server address must start with http:// or https:// (not {server:?})"),
        ));
    }
    let code = request.code.trim();
    let name = request.name.trim();
    if code.is_empty() || name.is_empty() {
        return Err(Failure::new(
            "Kode pendaftaran dan nama perangkat wajib diisi",
            "The enrollment code and the device name are required",
        ));
    }
    let http = Http::new(server)?;
    let token = replica.pending_token(server, code).await?;
    let certificate = match &existing {
        Some(_) => replica.device_certificate().await?,
        None => None,
    };
    let body = EnrollBody {
        code,
        device_name: name,
        device_token: &token,
        previous_token: existing.as_ref().map(|e| e.token.as_str()),
        actor: existing.as_ref().map(|e| e.actor.0),
        certificate: certificate.as_deref(),
    };
    let mut attempt = 0;
    let answer: EnrollAnswer = loop {
        attempt += 1;
        match http.post_json("/api/v1/enroll", &body).await {
            Ok(answer) => break answer,
            Err(e) if e.is_retryable() && attempt < attempts => {
                on_retry();
                tokio::time::sleep(Duration::from_secs(1 << attempt.min(4))).await;
            }
            Err(TransportError::Refused { body, .. }) => {
                return Err(Failure::new(body.message, body.message_en));
            }
            Err(other) => {
                return Err(Failure::new(
                    format!("Pendaftaran gagal: {other}"),
                    format!("Enrollment failed: {other}"),
                ));
            }
        }
    };
    let desa = VillageCode::parse(&answer.desa_code)?;
    let server_key = PublicKey::from_hex(&answer.server_key).ok_or_else(|| {
        Failure::new(
            "Server mengirim kunci publik yang tidak sah",
            "The server sent an invalid public key",
        )
    })?;
    if let Some(old) = &existing
        && (old.actor.0 != answer.actor || old.desa != desa)
    {
        return Err(Failure::new(
            format!(
                "Server mendaftarkan perangkat ini sebagai {} di desa {desa}, padahal datanya milik {} di desa {}; tidak disimpan",
                answer.actor, old.actor, old.desa
            ),
            format!(
                "The server enrolled this device as {} in desa {desa}, but its data belongs to {} in desa {}; not saved",
                answer.actor, old.actor, old.desa
            ),
        ));
    }
    let enrollment = Enrollment {
        server: server.to_owned(),
        token: answer.device_token,
        actor: ActorId(answer.actor),
        desa,
        name: name.to_owned(),
        server_key: Some(server_key),
    };
    replica.save_enrollment(&enrollment).await?;
    replica.set_device_certificate(&answer.certificate).await?;
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

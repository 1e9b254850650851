//! Receipts over the API: a device has its receipt key certified and uploads the
//! receipts it printed; anyone checks one, or fetches the key that checks them all.

use antar_shared::web::PageLang;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::auth::DeviceAuth;
use super::error::{ApiJson, ErrorResponse};
use crate::error::{AppError, ErrorKind};
use crate::receipts::{self, Checked, Upload, Uploaded};
use crate::state::AppState;

/// A device's receipt key, for the server to certify.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyRequest {
    /// Ed25519 public key, 64 hex digits.
    pub receipt_key: String,
}

/// The certificate of a receipt key.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KeyCertificate {
    /// A CWT signed by the server (hex) naming the device, its desa and the key.
    pub receipt_certificate: String,
}

/// Certifies this device's receipt key (for devices enrolled before receipts existed,
/// or whose replica made a new key).
#[utoipa::path(post, path = "/api/v1/receipt-key", tag = "sync",
    request_body = KeyRequest,
    security(("device_token" = [])),
    responses(
        (status = 200, description = "Certified", body = KeyCertificate),
        (status = 401, description = "Missing, unknown or revoked device token", body = ErrorResponse),
        (status = 422, description = "Not an Ed25519 public key", body = ErrorResponse),
    ))]
pub async fn certify(
    State(state): State<AppState>,
    DeviceAuth(device): DeviceAuth,
    ApiJson(request): ApiJson<KeyRequest>,
) -> Result<ApiJson<KeyCertificate>, AppError> {
    let receipt_certificate =
        receipts::certify(&state.store, &device, &request.receipt_key).await?;
    tracing::info!(device = device.id, "receipt key certified");
    Ok(ApiJson(KeyCertificate {
        receipt_certificate,
    }))
}

/// Uploads receipts this device signed, so residents get theirs by WhatsApp.
#[utoipa::path(post, path = "/api/v1/receipts", tag = "sync",
    request_body = Upload,
    security(("device_token" = [])),
    responses(
        (status = 200, description = "Kept and refused, one by one", body = Uploaded),
        (status = 401, description = "Missing, unknown or revoked device token", body = ErrorResponse),
        (status = 422, description = "Too many in one upload", body = ErrorResponse),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    DeviceAuth(device): DeviceAuth,
    ApiJson(upload): ApiJson<Upload>,
) -> Result<ApiJson<Uploaded>, AppError> {
    let uploaded = receipts::accept(&state.store, &device, &upload).await?;
    if !uploaded.refused.is_empty() {
        tracing::warn!(
            device = device.id,
            refused = uploaded.refused.len(),
            "receipts refused"
        );
    }
    Ok(ApiJson(uploaded))
}

/// A receipt to check.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The receipt's text (`AR1:…`), as scanned from its QR.
    pub receipt: String,
}

/// Checks a receipt with this Dukcapil's key: what it says, or why it is refused.
#[utoipa::path(post, path = "/api/v1/receipts/verify", tag = "public",
    request_body = VerifyRequest,
    responses(
        (status = 200, description = "Genuine: what it says", body = Checked),
        (status = 422, description = "Refused, with the reason (`receipt.altered`, `receipt.foreign`…)", body = ErrorResponse),
        (status = 429, description = "Too many checks from this address"),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiJson(request): ApiJson<VerifyRequest>,
) -> Result<ApiJson<Checked>, AppError> {
    match receipts::check(&state.store, &request.receipt) {
        Ok(verified) => Ok(ApiJson(Checked::new(
            &verified,
            antar_shared::i18n::Tr::new(lang),
        ))),
        Err(why) => Err(AppError::from_localized(ErrorKind::Unprocessable, &why)),
    }
}

/// The key that checks every receipt and seal of this Dukcapil.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PublishedKey {
    /// Always `Ed25519`.
    pub algorithm: String,
    /// The public key, 64 hex digits.
    pub public_key: String,
}

/// The server's public key: publish it, and anyone can check receipts offline.
#[utoipa::path(get, path = "/api/v1/public-key", tag = "public",
    responses((status = 200, description = "The key", body = PublishedKey)))]
pub async fn public_key(State(state): State<AppState>) -> ApiJson<PublishedKey> {
    ApiJson(PublishedKey {
        algorithm: "Ed25519".into(),
        public_key: state.store.public_key().to_hex(),
    })
}

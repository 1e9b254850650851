//! `PUT /api/v1/blobs/{hash}`: a desa device sends an evidence image (a handover's
//! signature) after the handover op that names it has synced.
//!
//! Content-addressed and idempotent: the path names the SHA-256 of the body, the server
//! checks it, stores the image once, and answers `201` the first time and `200` for a
//! retry. Scope (`docs/architecture.md`, invariant 4): the image must be the evidence of a handover in the
//! device's own desa document, so a device cannot park arbitrary files on the server.

use antar_shared::doc::BlobHash;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::auth::DeviceAuth;
use super::error::{ApiJson, ApiPath, ErrorResponse, body_refused};
use crate::error::{AppError, ErrorKind};
use crate::state::AppState;
use crate::store::blobs::NewBlob;
use crate::store::now;

/// The largest image accepted (a drawn signature is 5–30 KB; the agent keeps ≤ 200 KB).
pub const MAX_BLOB_BYTES: usize = 512 * 1024;

/// Media types accepted, with the magic bytes their files start with.
const IMAGE_TYPES: [(&str, &[u8]); 2] = [
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", b"\xff\xd8\xff"),
];

/// The answer to a stored (or already stored) blob.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BlobStored {
    /// The SHA-256, hex.
    pub hash: String,
    /// Bytes stored.
    pub size: usize,
    /// `false` when the server already had it (a retry).
    pub new: bool,
}

/// Stores an evidence image by its SHA-256.
#[utoipa::path(
    put, path = "/api/v1/blobs/{hash}", tag = "sync",
    params(("hash" = String, Path, description = "SHA-256 of the body, 64 hex digits")),
    request_body(content = Vec<u8>, content_type = "image/png",
        description = "The image (image/png or image/jpeg), at most 512 KB"),
    responses(
        (status = 201, description = "Stored", body = BlobStored),
        (status = 200, description = "Already stored (a retry)", body = BlobStored),
        (status = 400, description = "The path is not a SHA-256", body = ErrorResponse),
        (status = 401, description = "Missing, unknown or revoked device token", body = ErrorResponse),
        (status = 409, description = "No handover in the device's desa names this image (yet)", body = ErrorResponse),
        (status = 413, description = "Larger than 512 KB", body = ErrorResponse),
        (status = 415, description = "Not image/png or image/jpeg", body = ErrorResponse),
        (status = 422, description = "The body does not match the hash, or is not that kind of image", body = ErrorResponse),
    ),
    security(("device_token" = []))
)]
pub async fn put_blob(
    State(state): State<AppState>,
    DeviceAuth(device): DeviceAuth,
    ApiPath(hex): ApiPath<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, ApiJson<BlobStored>), AppError> {
    let hash = BlobHash::from_hex(&hex.to_ascii_lowercase())
        .ok_or_else(|| AppError::new(ErrorKind::BadRequest, "blob.bad_hash"))?;
    let body = body.map_err(body_refused)?;
    if body.len() > MAX_BLOB_BYTES {
        return Err(AppError::too_large());
    }
    let (content_type, magic) = image_type(&headers)?;
    check_body(hash, &body, content_type, magic)?;
    if !state.store.blob_referenced(device.desa, hash).await? {
        return Err(AppError::new(ErrorKind::Conflict, "blob.unreferenced"));
    }
    let new = state
        .store
        .put_blob(
            NewBlob {
                hash,
                desa: device.desa,
                content_type,
                bytes: &body,
            },
            now(),
        )
        .await?;
    tracing::info!(device = device.id, desa = %device.desa, blob = %hash.to_hex(), new, "blob");
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        ApiJson(BlobStored {
            hash: hash.to_hex(),
            size: body.len(),
            new,
        }),
    ))
}

/// The image's media type, from `Content-Type`, with the bytes its files start with.
fn image_type(headers: &HeaderMap) -> Result<(&'static str, &'static [u8]), AppError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    IMAGE_TYPES
        .iter()
        .find(|(t, _)| *t == content_type)
        .copied()
        .ok_or_else(|| AppError::new(ErrorKind::UnsupportedMediaType, "blob.content_type"))
}

/// The body is what the path names (its SHA-256) and the kind of image it claims.
fn check_body(
    hash: BlobHash,
    body: &[u8],
    content_type: &str,
    magic: &[u8],
) -> Result<(), AppError> {
    let actual = BlobHash(Sha256::digest(body).into());
    if actual != hash {
        return Err(
            AppError::new(ErrorKind::Unprocessable, "blob.hash_mismatch")
                .arg("hash", actual.to_hex()),
        );
    }
    if !body.starts_with(magic) {
        return Err(AppError::new(ErrorKind::Unprocessable, "blob.not_image")
            .arg("content_type", content_type));
    }
    Ok(())
}

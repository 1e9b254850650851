//! `GET /dasbor/bukti/{sha256}`: a handover's signature image, for logged-in staff only
//! (it is personal data). Content-addressed, so it can be cached for long.

use antar_shared::doc::BlobHash;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::response::{IntoResponse, Response};

use super::Staff;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::blobs;
use crate::web::extract::Path;

fn not_here(hex: &str) -> AppError {
    AppError::not_found("blob.not_found").arg("hex", hex)
}

/// Serves the image; only PNG and JPEG are sent back, never as HTML.
pub async fn image(State(state): State<AppState>, s: Staff, Path(hex): Path<String>) -> Response {
    let Some(hash) = BlobHash::from_hex(hex.trim()) else {
        return s.error(&not_here(&hex));
    };
    match blobs::blob(&state.store, hash).await {
        Some((content_type, bytes))
            if content_type == "image/png" || content_type == "image/jpeg" =>
        {
            (
                [
                    (CONTENT_TYPE, content_type),
                    (
                        CACHE_CONTROL,
                        "private, max-age=31536000, immutable".to_owned(),
                    ),
                    (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                ],
                bytes,
            )
                .into_response()
        }
        _ => s.error(&not_here(&hex)),
    }
}

//! The signature drawn on screen: the small script that draws it (the only part of the
//! UI that needs JavaScript), decoding what the form sends, and showing it back.
//!
//! The script puts `canvas.toDataURL('image/png')` into a hidden field; the server
//! decodes the base64, checks size and PNG magic, and hashes it. Without JavaScript the
//! canvas stays hidden and the handover is recorded without a signature.

use antar_shared::doc::BlobHash;
use antar_shared::web::PageLang;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;

use super::extract::Path;
use super::{Ui, internal, problem};
use crate::replica::{Blob, BlobError, MAX_BLOB_BYTES};

/// The signature pad, compiled into the binary.
const SCRIPT: &str = include_str!("../../assets/clerk.js");

/// `GET /assets/clerk.js`.
pub async fn script() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        SCRIPT,
    )
}

/// Why a signature field was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// Not a `data:image/png;base64,…` URL, or bad base64.
    Malformed,
    /// Larger than [`MAX_BLOB_BYTES`].
    TooLarge,
    /// The bytes are not a PNG image.
    NotPng,
}

/// Decodes the hidden `signature` field: `None` when empty (no JavaScript, or nothing
/// drawn), else a checked PNG blob.
pub fn decode_data_url(field: &str) -> Result<Option<Blob>, SignatureError> {
    let field = field.trim();
    if field.is_empty() {
        return Ok(None);
    }
    let data = field
        .strip_prefix("data:image/png;base64,")
        .ok_or(SignatureError::Malformed)?;
    // Base64 is 4 characters per 3 bytes: refuse before decoding what cannot fit.
    if data.len() / 4 * 3 > MAX_BLOB_BYTES + 3 {
        return Err(SignatureError::TooLarge);
    }
    // Standard base64 (RFC 4648); browsers pad it, padding is not required.
    let bytes = base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT
        .decode(data)
        .map_err(|_| SignatureError::Malformed)?;
    Blob::png(bytes).map(Some).map_err(|e| match e {
        BlobError::TooLarge(_) => SignatureError::TooLarge,
        BlobError::NotPng => SignatureError::NotPng,
    })
}

/// `GET /tanda-tangan/{hash}`: a stored signature, from this PC's replica.
pub async fn image(State(ui): State<Ui>, lang: PageLang, Path(hex): Path<String>) -> Response {
    let tr = lang.tr();
    let Some(hash) = BlobHash::from_hex(&hex) else {
        return problem(tr, StatusCode::NOT_FOUND, tr.t("clerk-error-not-found"));
    };
    match ui.replica.blob(hash).await {
        Ok(Some((content_type, bytes))) => (
            [
                (CONTENT_TYPE, content_type),
                (CACHE_CONTROL, "private, max-age=86400".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => problem(tr, StatusCode::NOT_FOUND, tr.t("clerk-signature-elsewhere")),
        Err(e) => internal(tr, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_urls_are_checked() {
        assert_eq!(decode_data_url("  "), Ok(None));
        // "\x89PNG\r\n\x1a\n" + "x"
        let png = decode_data_url("data:image/png;base64,iVBORw0KGgp4").unwrap();
        assert_eq!(png.map(|b| b.bytes.len()), Some(9));
        // Padding as browsers write it, or none; anything else in the data is refused.
        let padded = decode_data_url("data:image/png;base64,iVBORw0KGgp4eA==").unwrap();
        assert_eq!(padded.map(|b| b.bytes.len()), Some(10));
        assert_eq!(
            decode_data_url("data:image/png;base64,iVBORw0KGgp4eA")
                .unwrap()
                .map(|b| b.bytes.len()),
            Some(10)
        );
        assert_eq!(
            decode_data_url("data:image/png;base64,iVBORw0KGgp4!"),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            decode_data_url("data:image/jpeg;base64,/9j/"),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            decode_data_url("data:image/png;base64,R0lGODlh"),
            Err(SignatureError::NotPng)
        );
        let huge = format!("data:image/png;base64,{}", "A".repeat(400_000));
        assert_eq!(decode_data_url(&huge), Err(SignatureError::TooLarge));
    }
}

//! The signature drawn on screen: the small script that draws it (the only part of the
//! UI that needs JavaScript), decoding what the form sends, and showing it back.
//!
//! The script puts `canvas.toDataURL('image/png')` into a hidden field; the server
//! decodes the base64, checks size and PNG magic, and hashes it. Without JavaScript the
//! canvas stays hidden and the handover is recorded without a signature.

use antar_shared::doc::BlobHash;
use antar_shared::web::PageLang;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

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
    let bytes = base64(data).ok_or(SignatureError::Malformed)?;
    Blob::png(bytes).map(Some).map_err(|e| match e {
        BlobError::TooLarge(_) => SignatureError::TooLarge,
        BlobError::NotPng => SignatureError::NotPng,
    })
}

/// Standard base64 (RFC 4648, with padding optional); `None` on any other character.
fn base64(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let text = text.trim_end_matches('=').as_bytes();
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut acc = 0u32;
        for &c in chunk {
            acc = (acc << 6) | value(c)?;
        }
        // A short last chunk holds 2 or 3 characters: 1 or 2 bytes.
        acc <<= 6 * (4 - chunk.len() as u32);
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
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
    fn base64_decodes_the_standard_alphabet() {
        assert_eq!(base64("").unwrap(), b"");
        assert_eq!(base64("Zg==").unwrap(), b"f");
        assert_eq!(base64("Zm8=").unwrap(), b"fo");
        assert_eq!(base64("Zm9v").unwrap(), b"foo");
        assert_eq!(base64("Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(base64("+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
        assert_eq!(base64("Zm9v!"), None);
        assert_eq!(base64("Z"), None);
    }

    #[test]
    fn data_urls_are_checked() {
        assert_eq!(decode_data_url("  "), Ok(None));
        // "\x89PNG\r\n\x1a\n" + "x"
        let png = decode_data_url("data:image/png;base64,iVBORw0KGgp4").unwrap();
        assert_eq!(png.map(|b| b.bytes.len()), Some(9));
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

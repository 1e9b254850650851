//! `/verifikasi`: anyone checks a handover receipt, by pasting its text (no script
//! needed) or, on a phone whose browser can read QR codes, by scanning it. The page
//! says what the receipt states, or why it is refused, and shows the key that checks
//! every receipt of this Dukcapil, for checking offline.
//!
//! A receipt's link in a WhatsApp notice is `/verifikasi?r=AR1:…`: opening it shows the
//! checked receipt with its QR, for the resident to keep or show.

use antar_shared::i18n::Tr;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::receipts::{self, Checked};
use crate::state::AppState;
use crate::web::extract::{Form, Query};

/// The page: the form, and a result when a receipt was given.
#[derive(Template, WebTemplate)]
#[template(path = "resident/verifikasi.html")]
#[derive(Debug)]
pub struct VerifyPage {
    tr: Tr,
    here: String,
    /// What was given, kept in the box.
    typed: String,
    /// A genuine receipt: what it says, and its QR to show again.
    valid: Option<(Checked, String)>,
    /// A refused one: why.
    refused: Option<String>,
    /// What Dukcapil's own records add to a genuine one: the document's status now,
    /// and a warning when the device was revoked before it signed.
    record: Option<Record>,
    /// The server's key (hex), for offline checks.
    key: String,
}

/// Dukcapil's records beside a genuine receipt (what an offline check cannot know).
#[derive(Debug)]
pub struct Record {
    /// The status in words, or nothing when the server does not know the code.
    status: Option<String>,
    /// The signing device was revoked before the receipt's time (a stolen PC?).
    revoked_before: Option<String>,
}

/// What was pasted (form) or linked (query).
#[derive(Debug, Deserialize)]
pub struct Given {
    r: Option<String>,
}

/// `GET /verifikasi` and `GET /verifikasi?r=…` (a receipt's link).
pub async fn form(
    State(state): State<AppState>,
    lang: antar_shared::web::PageLang,
    Query(given): Query<Given>,
) -> Response {
    answer(&state, lang.tr(), given).await
}

/// `POST /verifikasi`: the pasted text, kept out of addresses and logs.
pub async fn submit(
    State(state): State<AppState>,
    lang: antar_shared::web::PageLang,
    Form(given): Form<Given>,
) -> Response {
    answer(&state, lang.tr(), given).await
}

async fn answer(state: &AppState, tr: Tr, given: Given) -> Response {
    let mut page = VerifyPage {
        tr,
        here: "/verifikasi".into(),
        typed: String::new(),
        valid: None,
        refused: None,
        record: None,
        key: state.store.public_key().to_hex(),
    };
    let Some(text) = given
        .r
        .as_deref()
        .map(receipt_text)
        .filter(|t| !t.is_empty())
    else {
        return page.into_response();
    };
    page.typed = text.chars().take(2_000).collect();
    match receipts::check(&state.store, &text) {
        Ok(verified) => {
            let qr = antar_shared::web::qr::svg(&text, 220)
                .map(|(svg, _)| svg)
                .unwrap_or_default();
            page.record = Some(record(state, &verified, tr).await);
            page.valid = Some((Checked::new(&verified, tr), qr));
            page.into_response()
        }
        Err(why) => {
            page.refused = Some(tr.error(&why));
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
        }
    }
}

/// The document's status now and the signing device's standing; a store that fails
/// leaves them out (the receipt's own check stands).
async fn record(state: &AppState, verified: &antar_shared::receipt::Verified, tr: Tr) -> Record {
    let statement = &verified.statement;
    let status = match crate::lookup::lookup(&state.store, statement.code, tr).await {
        Ok(found) => found.status_label,
        Err(e) => {
            tracing::warn!(error = %e, "receipt check: status lookup failed");
            None
        }
    };
    let revoked_before = match state
        .store
        .device_by_id(i64::from(statement.device.0))
        .await
    {
        Ok(Some(device)) => device
            .revoked_at
            .filter(|at| *at < statement.at.0)
            .map(|at| antar_shared::time::UnixTime(at).wita()),
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e, "receipt check: device lookup failed");
            None
        }
    };
    Record {
        status,
        revoked_before,
    }
}

/// The receipt in what was given: the text itself, or a whole `/verifikasi?r=…` link
/// pasted from a message.
fn receipt_text(given: &str) -> String {
    let given = given.trim();
    match given.find("r=") {
        Some(at) if given.contains("/verifikasi") => {
            let value = &given[at + 2..];
            let value = value.split('&').next().unwrap_or_default();
            percent_decode(value)
        }
        _ => given.to_owned(),
    }
}

/// Undoes a link's %XX escapes (a receipt's text is ASCII).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_link_gives_its_receipt() {
        assert_eq!(receipt_text(" AR1:6BF "), "AR1:6BF");
        assert_eq!(
            receipt_text("https://antar.example/verifikasi?r=AR1%3A6BF%20Q%2B"),
            "AR1:6BF Q+"
        );
        assert_eq!(
            receipt_text("https://antar.example/verifikasi?r=AR1:6BF&x=1"),
            "AR1:6BF"
        );
    }
}

//! One error type for the server's operations, mapped once to HTTP (see
//! `http::error`) and to the CLI's messages.
//!
//! Every error a person can cause has a stable machine code and a message in Indonesian
//! and English. Internal failures keep their detail for the log and show people only a
//! generic message.

use antar_shared::lang::{Lang, Localized};

use crate::store::StoreError;
use crate::store::document::WriteError;

/// What kind of failure, which decides the HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// 400: malformed input.
    BadRequest,
    /// 401: no or bad credentials.
    Unauthorized,
    /// 403: authenticated, but not allowed.
    Forbidden,
    /// 404: no such thing.
    NotFound,
    /// 409: conflicts with the current state.
    Conflict,
    /// 410: existed, but no longer usable (an expired code).
    Gone,
    /// 413: body too large.
    PayloadTooLarge,
    /// 415: unsupported content type.
    UnsupportedMediaType,
    /// 422: well-formed but refused (a bad CSV row, an op that does not fit).
    Unprocessable,
    /// 429: too many requests.
    TooManyRequests,
    /// 500: our fault.
    Internal,
}

/// A failed operation.
#[derive(Clone, Debug)]
pub struct AppError {
    /// Which kind.
    pub kind: ErrorKind,
    /// Stable machine code, e.g. `sync.wrong_desa`.
    pub code: &'static str,
    /// Indonesian message.
    pub message: String,
    /// English message.
    pub message_en: String,
    /// Detail for the log only (never shown).
    pub internal: Option<String>,
    /// Per-line problems (CSV import).
    pub details: Vec<LineError>,
}

/// One bad line of an import.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct LineError {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// Which column.
    pub field: String,
    /// Stable machine code.
    pub code: String,
    /// Indonesian message.
    pub message: String,
    /// English message.
    pub message_en: String,
}

impl AppError {
    /// An error with both messages.
    pub fn new(
        kind: ErrorKind,
        code: &'static str,
        message: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        AppError {
            kind,
            code,
            message: message.into(),
            message_en: message_en.into(),
            internal: None,
            details: Vec::new(),
        }
    }

    /// An error from a library error that speaks both languages.
    pub fn from_localized(kind: ErrorKind, error: &impl Localized) -> Self {
        AppError::new(
            kind,
            error.code(),
            error.message(Lang::Id),
            error.message(Lang::En),
        )
    }

    /// An internal failure: generic words for people, the detail for the log.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        AppError {
            internal: Some(detail.to_string()),
            ..AppError::new(
                ErrorKind::Internal,
                "internal",
                "Terjadi kesalahan di server; coba lagi nanti",
                "Something went wrong on the server; try again later",
            )
        }
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.message,
            Lang::En => &self.message_en,
        }
    }

    /// Shorthand for a 404.
    pub fn not_found(code: &'static str, id: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::new(ErrorKind::NotFound, code, id, en)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for AppError {}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::internal(e)
    }
}

impl From<WriteError> for AppError {
    fn from(e: WriteError) -> Self {
        match e {
            // The custody rules refuse it for the dispatch's state: a conflict.
            WriteError::Apply(apply @ antar_shared::doc::ApplyError::Rule(_)) => {
                AppError::from_localized(ErrorKind::Conflict, &apply)
            }
            WriteError::Apply(apply) => AppError::from_localized(ErrorKind::Unprocessable, &apply),
            WriteError::Store(store) => AppError::internal(store),
            WriteError::NotAtDukcapil(id) => AppError::new(
                ErrorKind::Conflict,
                "manifest.not_at_dukcapil",
                format!("Kiriman {id} sudah tidak di Dukcapil (sudah dikirim atau selesai)"),
                format!("Dispatch {id} is no longer at Dukcapil (already shipped or settled)"),
            ),
        }
    }
}

//! One error type for the server's operations, with its HTTP status; it becomes a JSON
//! answer in `http::error`, an error page in `web`, and a message on the command line
//! in `lib.rs`.
//!
//! Every error a person can cause has a stable machine code and a message in Indonesian
//! and English. Internal failures keep the error that caused them, with its whole
//! source chain, for the log (logged once, where the error leaves the program: the HTTP
//! answer, the error page, the command line) and show people only a generic message.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

use antar_shared::lang::{Lang, Localized};
use axum::http::StatusCode;

use crate::store::StoreError;
use crate::store::dispatches::FilterError;
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

impl ErrorKind {
    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::Gone => StatusCode::GONE,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorKind::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
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
    /// What caused an internal failure, with its own causes (`source()`), for the log
    /// only (never shown).
    pub cause: Option<Arc<dyn Error + Send + Sync + 'static>>,
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
            cause: None,
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

    /// An internal failure: generic words for people; the error, with its causes, for
    /// the log.
    pub fn internal(error: impl Error + Send + Sync + 'static) -> Self {
        AppError {
            cause: Some(Arc::new(error)),
            ..AppError::new(
                ErrorKind::Internal,
                "internal",
                "Terjadi kesalahan di server; coba lagi nanti",
                "Something went wrong on the server; try again later",
            )
        }
    }

    /// An internal failure with no error value to keep (a broken invariant): generic
    /// words for people, `detail` for the log.
    pub fn internal_message(detail: impl Into<String>) -> Self {
        AppError::internal(Message(detail.into()))
    }

    /// The cause of an internal failure and its own causes, outermost first, on one
    /// line (`a: b: c`); `None` for errors people caused.
    pub fn chain(&self) -> Option<Chain<'_>> {
        self.cause.as_deref().map(|cause| Chain(cause as _))
    }

    /// Logs an internal failure's whole cause chain at error level, once; people see
    /// only the generic words. Returns whether there was one to log.
    pub fn log_cause(&self) -> bool {
        match self.chain() {
            Some(chain) => {
                tracing::error!(code = self.code, error = %chain, "internal error");
                true
            }
            None => false,
        }
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.message,
            Lang::En => &self.message_en,
        }
    }

    /// A body over the route's limit (413).
    pub fn too_large() -> Self {
        AppError::new(
            ErrorKind::PayloadTooLarge,
            "request.too_large",
            "Isi permintaan terlalu besar",
            "The request body is too large",
        )
    }

    /// Shorthand for a 404.
    pub fn not_found(code: &'static str, id: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::new(ErrorKind::NotFound, code, id, en)
    }
}

/// `{}`: the Indonesian message and the code. `{:#}`: also the cause chain of an
/// internal failure, for the log.
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)?;
        match self.chain() {
            Some(chain) if f.alternate() => write!(f, ": {chain}"),
            _ => Ok(()),
        }
    }
}

impl Error for AppError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.cause.as_deref().map(|cause| cause as _)
    }
}

/// A plain message as an error, for internal failures with no error value.
#[derive(Debug)]
struct Message(String);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Message {}

/// An error and its causes (`source()`), outermost first, separated by `: ` — as
/// zero2prod's `error_chain_fmt` and anyhow's `{:#}` show them. A cause whose text
/// the error before it already printed (`database error: {0}`) is not repeated.
#[derive(Clone, Copy)]
pub struct Chain<'a>(pub &'a (dyn Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut before = self.0.to_string();
        f.write_str(&before)?;
        let mut next = self.0.source();
        while let Some(cause) = next {
            let text = cause.to_string();
            if !before.contains(&text) {
                write!(f, ": {text}")?;
            }
            before = text;
            next = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::internal(e)
    }
}

impl From<FilterError> for AppError {
    fn from(e: FilterError) -> Self {
        // Malformed input is a 400; a well-formed desa code naming no desa, a 422.
        let kind = match e {
            FilterError::NoSuchDesa(_) => ErrorKind::Unprocessable,
            _ => ErrorKind::BadRequest,
        };
        AppError::from_localized(kind, &e)
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

#[cfg(test)]
mod tests {
    use std::error::Error;

    use super::{AppError, ErrorKind};
    use antar_shared::Lang;

    /// An error with a cause, as libraries nest them.
    #[derive(Debug, thiserror::Error)]
    #[error("cannot save the record")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn an_internal_error_keeps_its_causes_for_the_log_and_generic_words_for_people() {
        let io = std::io::Error::other("disk full");
        let e = AppError::internal(Outer(io));
        assert_eq!(e.kind, ErrorKind::Internal);
        assert_eq!(e.code, "internal");
        assert!(e.message(Lang::En).starts_with("Something went wrong"));
        assert!(!e.message(Lang::Id).contains("disk"));
        let chain = e.chain().map(|c| c.to_string());
        assert_eq!(chain.as_deref(), Some("cannot save the record: disk full"));
        assert!(format!("{e:#}").ends_with("(internal): cannot save the record: disk full"));
        assert!(
            !format!("{e}").contains("disk"),
            "plain Display is for people"
        );
        let source = e.source().map(|s| s.to_string());
        assert_eq!(source.as_deref(), Some("cannot save the record"));
    }

    #[test]
    fn a_cause_already_in_its_errors_text_is_not_repeated() {
        let store = crate::store::StoreError::Database(sqlx::Error::PoolClosed);
        let text = AppError::from(store).chain().map(|c| c.to_string());
        let text = text.unwrap_or_default();
        assert_eq!(text.matches("closed").count(), 1, "{text}");
    }

    #[test]
    fn people_caused_errors_have_no_chain() {
        let e = AppError::not_found("x.missing", "Tidak ada", "Not there");
        assert!(e.chain().is_none());
        assert!(e.source().is_none());
        assert!(!e.log_cause());
        let plain = AppError::internal_message("manifest vanished");
        assert_eq!(
            plain.chain().map(|c| c.to_string()).as_deref(),
            Some("manifest vanished")
        );
    }
}

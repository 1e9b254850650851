//! One error type for the server's operations, with its HTTP status; it becomes a JSON
//! answer in `http::error`, an error page in `web`, and a message on the command line
//! in `lib.rs`.
//!
//! Every error a person can cause has a stable machine code and the arguments of its
//! message; the words are in `shared/locales/*/errors.ftl` and are looked up in the
//! reader's language where the error leaves the program. Internal failures (and refusals
//! whose cause only a library's English describes) keep the error that caused them, with its whole
//! source chain, for the log (logged once, where the error leaves the program: the HTTP
//! answer, the error page, the command line) and show people only a generic message.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

use antar_shared::i18n::{Tr, io_why};
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
    /// 507: the disk under the database is full; nothing was written (the agent tries
    /// again later, an operator makes room).
    StorageFull,
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
            ErrorKind::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
        }
    }
}

/// A failed operation: a stable code and the arguments of its message, which is looked
/// up in `errors.ftl` in the reader's language only where the error leaves the program.
#[derive(Clone, Debug)]
pub struct AppError {
    /// Which kind.
    pub kind: ErrorKind,
    /// Stable machine code, e.g. `sync.wrong_desa`; names the message in `errors.ftl`.
    pub code: &'static str,
    /// The message's arguments, by name (`$name` in the Fluent message).
    pub args: Vec<(&'static str, String)>,
    /// What caused an internal failure, with its own causes (`source()`), for the log
    /// only (never shown).
    pub cause: Option<Arc<dyn Error + Send + Sync + 'static>>,
    /// Per-line problems (CSV import).
    pub details: Vec<LineError>,
}

/// One bad line of an import (or one bad field of a form, as line 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number in the file (the header is line 1); 0 for a single record.
    pub line: u64,
    /// Which column.
    pub field: String,
    /// Stable machine code; names the message in `errors.ftl`.
    pub code: &'static str,
    /// The message's arguments, by name.
    pub args: Vec<(&'static str, String)>,
}

impl LineError {
    /// A line's problem as a library error describes it.
    pub fn from_localized(line: u64, field: &str, error: &impl Localized) -> Self {
        LineError {
            line,
            field: field.to_owned(),
            code: error.code(),
            args: error.args(),
        }
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> String {
        Tr::new(lang).error(self)
    }
}

impl Localized for LineError {
    fn code(&self) -> &'static str {
        self.code
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        self.args.clone()
    }
}

impl Localized for AppError {
    fn code(&self) -> &'static str {
        self.code
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        self.args.clone()
    }
}

impl AppError {
    /// An error with no arguments yet (add them with [`AppError::arg`]).
    pub fn new(kind: ErrorKind, code: &'static str) -> Self {
        AppError {
            kind,
            code,
            args: Vec::new(),
            cause: None,
            details: Vec::new(),
        }
    }

    /// The error with one more argument of its message.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// An error from a library error: its code and arguments.
    pub fn from_localized(kind: ErrorKind, error: &impl Localized) -> Self {
        AppError {
            args: error.args(),
            ..AppError::new(kind, error.code())
        }
    }

    /// An internal failure: generic words for people; the error, with its causes, for
    /// the log.
    /// A full disk under the database is said as such (507 `store.full`), not as
    /// "something went wrong": the answer tells a device to try again later and the log
    /// tells the operator what to do.
    pub fn internal(error: impl Error + Send + Sync + 'static) -> Self {
        let (kind, code) = if storage_full(&error) {
            (ErrorKind::StorageFull, "store.full")
        } else {
            (ErrorKind::Internal, "internal")
        };
        AppError {
            cause: Some(Arc::new(error)),
            ..AppError::new(kind, code)
        }
    }

    /// An internal failure with no error value to keep (a broken invariant): generic
    /// words for people, `detail` for the log.
    pub fn internal_message(detail: impl Into<String>) -> Self {
        AppError::internal(Message(detail.into()))
    }

    /// The error with what caused it kept for the log (never shown): a library's or the
    /// system's words, which people read as the message's arguments instead (a `why`).
    #[must_use]
    pub fn caused_by(mut self, error: impl Error + Send + Sync + 'static) -> Self {
        self.cause = Some(Arc::new(error));
        self
    }

    /// [`AppError::caused_by`] with a text that is no error value (a check's report).
    #[must_use]
    pub fn caused_by_text(self, detail: impl Into<String>) -> Self {
        self.caused_by(Message(detail.into()))
    }

    /// What caused the failure and its own causes, outermost first, on one line
    /// (`a: b: c`), for the log; `None` when there is nothing under the message.
    pub fn chain(&self) -> Option<Chain<'_>> {
        self.cause.as_deref().map(|cause| Chain(cause as _))
    }

    /// Logs the whole cause chain once (at error level for an internal failure, else
    /// as a warning); people see only the message. Returns whether there was one.
    pub fn log_cause(&self) -> bool {
        let Some(chain) = self.chain() else {
            return false;
        };
        if self.kind == ErrorKind::Internal {
            tracing::error!(code = self.code, error = %chain, "internal error");
        } else if self.kind == ErrorKind::StorageFull {
            tracing::error!(code = self.code, error = %chain, "the database's disk is full: nothing is written until there is room");
        } else {
            tracing::warn!(code = self.code, error = %chain, "refused");
        }
        true
    }

    /// The message in a language, from `errors.ftl`.
    pub fn message(&self, lang: Lang) -> String {
        Tr::new(lang).error(self)
    }

    /// A body over the route's limit (413).
    pub fn too_large() -> Self {
        AppError::new(ErrorKind::PayloadTooLarge, "request.too_large")
    }

    /// Shorthand for a 404 (add the message's arguments with [`AppError::arg`]).
    pub fn not_found(code: &'static str) -> Self {
        AppError::new(ErrorKind::NotFound, code)
    }
}

/// `{}`: the English message and the code, for logs (people get [`AppError::message`]
/// in their language). `{:#}`: also the cause chain of an internal failure.
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message(Lang::En), self.code)?;
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

/// Why a database operation failed, as a message's `$why` selector: the causes of
/// [`io_why`], `unreachable` (a database server that does not answer), or `other`.
pub fn sqlx_why(e: &sqlx::Error) -> &'static str {
    use std::io::ErrorKind as Io;
    match e {
        sqlx::Error::Io(io) => match io.kind() {
            Io::ConnectionRefused
            | Io::ConnectionReset
            | Io::TimedOut
            | Io::HostUnreachable
            | Io::NetworkUnreachable => "unreachable",
            _ => io_why(io),
        },
        sqlx::Error::Database(db) => database_why(db.code().as_deref().unwrap_or("")),
        _ => "other",
    }
}

/// Whether an error, or one of its causes, is a database refusing a write for a full
/// disk.
fn storage_full(error: &(dyn Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(sqlx::Error::Database(db)) = e.downcast_ref::<sqlx::Error>() {
            return database_why(db.code().as_deref().unwrap_or("")) == "full";
        }
        next = e.source();
    }
    false
}

/// A database's error code as a `$why`: PostgreSQL's five-character SQLSTATE, else
/// SQLite's (extended) result code, whose low byte is the primary code.
fn database_why(code: &str) -> &'static str {
    match code {
        "53100" => "full",
        "28000" | "28P01" | "42501" => "permission",
        "55P03" | "55006" => "in_use",
        _ if code.len() == 5 => "other",
        _ => match code.parse::<i32>().map(|c| c & 0xff) {
            // SQLITE_FULL; SQLITE_PERM, _READONLY, _CANTOPEN, _AUTH; _BUSY, _LOCKED.
            Ok(13) => "full",
            Ok(3 | 8 | 14 | 23) => "permission",
            Ok(5 | 6) => "in_use",
            _ => "other",
        },
    }
}

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
            WriteError::NotAtDukcapil(id) => {
                AppError::new(ErrorKind::Conflict, "manifest.not_at_dukcapil")
                    .arg("dispatch", id)
                    .arg("status", "unknown")
            }
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
    fn display_is_english_for_logs_and_people_read_their_own_language() {
        let e = AppError::not_found("dispatch.not_found").arg("code", "7KQM-2XWP-8RD0");
        assert_eq!(
            e.to_string(),
            "Tracking code 7KQM-2XWP-8RD0 not found (dispatch.not_found)"
        );
        assert_eq!(
            e.message(Lang::Id),
            "Kode lacak 7KQM-2XWP-8RD0 tidak ditemukan"
        );
    }

    /// Messages that choose their words by an argument: every choice resolves (a
    /// missing argument would show the bare key) and reads differently per language.
    #[test]
    fn messages_with_choices_resolve_in_both_languages() {
        let exists = |at: &str, hint: &str| {
            AppError::new(ErrorKind::Conflict, "dispatch.exists")
                .arg("at", at)
                .arg("kind", "akta-kelahiran")
                .arg("number", "5206-LT-1")
                .arg("code", "7KQM-2XWP-8RD0")
                .arg("status", "in_transit")
                .arg("hint", hint)
        };
        let cases = [
            exists("document", "none"),
            exists("document", "cli"),
            exists("line", "none"),
            AppError::new(ErrorKind::Conflict, "manifest.not_at_dukcapil")
                .arg("dispatch", "7KQM-2XWP-8RD0")
                .arg("status", "unknown"),
            AppError::new(ErrorKind::Conflict, "import.existing")
                .arg("rows", 2)
                .arg("from", "cli"),
            AppError::new(ErrorKind::Internal, "restore.io")
                .arg("step", "keep_log")
                .arg("why", "full"),
            AppError::new(ErrorKind::BadRequest, "filter.invalid").arg("field", "age"),
        ];
        for e in &cases {
            let (id, en) = (e.message(Lang::Id), e.message(Lang::En));
            for text in [&id, &en] {
                assert!(!text.contains(e.code.replace('.', "-").as_str()), "{text}");
                assert!(!text.contains('{'), "{text}");
            }
            assert_ne!(id, en);
        }
        let document = cases[0].message(Lang::En);
        assert!(
            document.starts_with("Birth certificate no. 5206-LT-1"),
            "{document}"
        );
        assert!(document.contains("(In transit)"), "{document}");
        assert!(!document.contains("--replaces"), "{document}");
        let cli = cases[1].message(Lang::Id);
        assert!(
            cli.ends_with("Caranya: --replaces 7KQM-2XWP-8RD0 --reason \"…\"."),
            "{cli}"
        );
        let line = cases[2].message(Lang::Id);
        assert!(
            line.starts_with("Dokumen ini sudah punya kiriman"),
            "{line}"
        );
    }

    /// The causes a person can act on become a `$why`; the rest is `other`.
    #[test]
    fn system_failures_become_a_why_people_can_act_on() {
        use std::io::{Error as Io, ErrorKind as Kind};
        let why = |kind| antar_shared::i18n::io_why(&Io::from(kind));
        assert_eq!(why(Kind::NotFound), "not_found");
        assert_eq!(why(Kind::PermissionDenied), "permission");
        assert_eq!(why(Kind::StorageFull), "full");
        assert_eq!(why(Kind::AlreadyExists), "exists");
        assert_eq!(why(Kind::AddrInUse), "in_use");
        assert_eq!(why(Kind::InvalidData), "other");
        let refused = sqlx::Error::Io(Io::from(Kind::ConnectionRefused));
        assert_eq!(super::sqlx_why(&refused), "unreachable");
        assert_eq!(super::sqlx_why(&sqlx::Error::PoolClosed), "other");
        // SQLite's SQLITE_FULL and an extended SQLITE_CANTOPEN; PostgreSQL's disk_full.
        assert_eq!(super::database_why("13"), "full");
        assert_eq!(super::database_why("1038"), "permission");
        assert_eq!(super::database_why("53100"), "full");
        assert_eq!(super::database_why("23505"), "other");
        // Every choice reads in words in both languages.
        for why in [
            "not_found",
            "permission",
            "full",
            "exists",
            "in_use",
            "other",
        ] {
            let e = AppError::new(ErrorKind::Internal, "restore.io")
                .arg("step", "copy")
                .arg("why", why);
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
            assert!(!e.message(Lang::Id).contains('{'));
        }
    }

    /// A refusal may keep what caused it for the log; the message stays the same.
    #[test]
    fn a_refusal_keeps_its_cause_for_the_log_only() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = AppError::new(ErrorKind::BadRequest, "import.open")
            .arg("file", "senin.csv")
            .arg("why", antar_shared::i18n::io_why(&io))
            .caused_by(io);
        assert!(e.chain().is_some());
        assert_eq!(
            e.message(Lang::Id),
            "Berkas senin.csv tidak bisa dibuka: berkas itu tidak ada"
        );
        assert!(e.log_cause());
    }

    #[test]
    fn people_caused_errors_have_no_chain() {
        let e = AppError::not_found("dispatch.not_found").arg("code", "7KQM-2XWP-8RD0");
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

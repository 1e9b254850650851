//! How errors become HTTP responses: one JSON shape for every 4xx and 5xx, in the
//! request's language.
//!
//! `{"code": "...", "message": "...", "args": {...}, "details": [...]}`: the shape of
//! `antar_shared::sync::ErrorBody` plus per-line details, so an agent can render the
//! code and arguments in its own reader's language. `message` follows the request: the
//! `antar_lang` cookie, else `Accept-Language`, else Indonesian. 5xx answers carry no
//! internal detail; the cause chain goes to the log (once, here) with the request id.
//!
//! An `AppError` becomes a response without seeing the request, so it answers in
//! Indonesian and leaves itself in the response's extensions; [`localize_errors`], a
//! middleware over the whole router, writes the body again when the request asked for
//! another language.

use std::collections::BTreeMap;

use antar_shared::Lang;
use antar_shared::i18n::Tr;
use antar_shared::lang::Localized;
use antar_shared::web::PageLang;
use axum::Json;
use axum::body::Body;
use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_LENGTH;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{AppError, ErrorKind, LineError};

/// The body of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorResponse {
    /// Stable machine code; names the message in `errors.ftl`.
    pub code: &'static str,
    /// The message in the request's language (Indonesian unless asked otherwise).
    pub message: String,
    /// The message's arguments, by name, for clients that render it themselves.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
    /// Per-line problems, for imports and forms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<LineDetail>,
}

/// One bad line (or field) of an import or a form, as an answer carries it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LineDetail {
    /// 1-based line number in the file (the header is line 1); 0 for a single record.
    pub line: u64,
    /// Which column.
    pub field: String,
    /// Stable machine code.
    pub code: &'static str,
    /// The message in the request's language.
    pub message: String,
    /// The message's arguments, by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

/// Arguments as a JSON object.
fn args_map(error: &impl Localized) -> BTreeMap<String, String> {
    error
        .args()
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
}

impl LineDetail {
    /// A line's problem in a language.
    pub fn new(error: &LineError, tr: Tr) -> Self {
        LineDetail {
            line: error.line,
            field: error.field.clone(),
            code: error.code,
            message: tr.error(error),
            args: args_map(error),
        }
    }
}

impl ErrorResponse {
    /// An error's answer in a language.
    pub fn new(error: &AppError, tr: Tr) -> Self {
        ErrorResponse {
            code: error.code,
            message: tr.error(error),
            args: args_map(error),
            details: error
                .details
                .iter()
                .map(|d| LineDetail::new(d, tr))
                .collect(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.kind.status();
        if !self.log_cause() {
            tracing::info!(
                code = self.code,
                status = status.as_u16(),
                "request refused"
            );
        }
        metrics::counter!("antar_http_errors_total", "code" => self.code).increment(1);
        let body = ErrorResponse::new(&self, Tr::new(Lang::Id));
        let mut response = (status, Json(body)).into_response();
        // For `localize_errors`, which knows the request's language.
        response.extensions_mut().insert(self);
        response
    }
}

/// Middleware: an error answer in the request's language. Error answers are written in
/// Indonesian (the default); when the request asks for another language, the body is
/// written again from the code and arguments the error left in the response.
pub async fn localize_errors(request: Request, next: Next) -> Response {
    let PageLang(lang) = PageLang::from_headers(request.headers());
    let mut response = next.run(request).await;
    let Some(error) = response.extensions_mut().remove::<AppError>() else {
        return response;
    };
    if lang == Lang::Id {
        return response;
    }
    let body = ErrorResponse::new(&error, Tr::new(lang));
    let Ok(bytes) = serde_json::to_vec(&body) else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}

/// A raw body that could not be read: over the route's limit (413), or the client's
/// fault (400): cut off mid-stream by the link, or a `Content-Encoding: gzip` body that
/// is not valid gzip. Neither is the server's failure, so neither is logged as one.
pub fn body_refused(rejection: BytesRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::too_large()
    } else {
        AppError::new(ErrorKind::BadRequest, "request.body_unreadable").caused_by(rejection)
    }
}

/// `axum::Json`, but a malformed body gets our error shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

impl<T: Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

fn json_rejection(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            AppError::new(ErrorKind::UnsupportedMediaType, "request.content_type")
        }
        // The body could not be read at all (cut off, or bad gzip): as for a raw body.
        JsonRejection::BytesRejection(b) => body_refused(b),
        other => AppError::new(ErrorKind::BadRequest, "request.malformed")
            .arg("detail", other.body_text()),
    }
}

/// A JSON answer written into one buffer of exactly its size (measured by writing it
/// once to a counter): for answers of megabytes, such as an import's 200,000 tracking
/// codes, where a buffer grown by doubling peaked at 16 MB for a 9.7 MB answer and the
/// allocator kept the pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct SizedJson<T>(pub T);

impl<T: Serialize> IntoResponse for SizedJson<T> {
    fn into_response(self) -> Response {
        /// Counts bytes, keeps none.
        struct Counter(usize);
        impl std::io::Write for Counter {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0 += buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut counter = Counter(0);
        if let Err(e) = serde_json::to_writer(&mut counter, &self.0) {
            return AppError::internal(e).into_response();
        }
        let mut bytes = Vec::with_capacity(counter.0);
        if let Err(e) = serde_json::to_writer(&mut bytes, &self.0) {
            return AppError::internal(e).into_response();
        }
        (
            [(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response()
    }
}

/// `axum::extract::Query`, with our error shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    axum::extract::Query<T>: FromRequestParts<S, Rejection = QueryRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(AppError::new(ErrorKind::BadRequest, "request.bad_query")
                .arg("detail", rejection.body_text())),
        }
    }
}

/// `axum::extract::Path`, with our error shape: an address whose parameters cannot be
/// read (not UTF-8) is a 400 with a code, not axum's English text. Numbers are taken as
/// text and read with [`number_in_path`], which names what was typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    axum::extract::Path<T>: FromRequestParts<S, Rejection = PathRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => {
                Err(AppError::new(ErrorKind::BadRequest, "request.bad_address")
                    .caused_by(rejection))
            }
        }
    }
}

/// A number in the address (a manifest's, a device's): a 400 with a code that names
/// what was typed when it is not one.
pub fn number_in_path(typed: &str) -> Result<i64, AppError> {
    typed.trim().parse().map_err(|_| {
        let shown: String = typed.chars().take(40).collect();
        AppError::new(ErrorKind::BadRequest, "request.bad_number").arg("typed", shown)
    })
}

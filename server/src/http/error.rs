//! How errors become HTTP responses: one JSON shape for every 4xx and 5xx.
//!
//! `{"code": "...", "message": "...", "message_en": "...", "details": [...]}`. 5xx answers
//! carry no internal detail; the cause chain goes to the log (once, here) with the
//! request id.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{AppError, ErrorKind, LineError};

/// The body of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorResponse {
    /// Stable machine code.
    pub code: &'static str,
    /// Indonesian.
    pub message: String,
    /// English.
    pub message_en: String,
    /// Per-line problems, for imports and forms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<LineError>,
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
        let body = ErrorResponse {
            code: self.code,
            message: self.message,
            message_en: self.message_en,
            details: self.details,
        };
        (status, Json(body)).into_response()
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
        JsonRejection::MissingJsonContentType(_) => AppError::new(
            ErrorKind::UnsupportedMediaType,
            "request.content_type",
            "Kirim data sebagai JSON (Content-Type: application/json)",
            "Send JSON (Content-Type: application/json)",
        ),
        JsonRejection::BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::too_large()
        }
        other => AppError::new(
            ErrorKind::BadRequest,
            "request.malformed",
            format!("Isi permintaan tidak sah: {}", other.body_text()),
            format!("Malformed request body: {}", other.body_text()),
        ),
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
            Err(rejection) => Err(AppError::new(
                ErrorKind::BadRequest,
                "request.bad_query",
                format!("Parameter tidak sah: {}", rejection.body_text()),
                format!("Invalid query parameters: {}", rejection.body_text()),
            )),
        }
    }
}

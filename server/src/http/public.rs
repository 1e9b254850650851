//! Public routes: health and the residents' status lookup.

use antar_shared::i18n::Tr;
use antar_shared::tracking::TrackingCode;
use antar_shared::web::PageLang;
use axum::extract::State;
use axum::http::StatusCode;

use super::error::{ApiJson, ApiPath, ErrorResponse};
use crate::error::{AppError, ErrorKind};
use crate::lookup::{self, PublicStatus};
use crate::state::AppState;

/// Liveness and database reachability.
#[utoipa::path(get, path = "/healthz", tag = "public", responses((status = 200, description = "ok"), (status = 503, description = "database unreachable")))]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
    }
}

/// A resident's status lookup: status and pickup office only, no name, no NIK. The
/// status's words follow the request's language (the `antar_lang` cookie, else
/// `Accept-Language`, else Indonesian).
#[utoipa::path(get, path = "/api/v1/status/{code}", tag = "public",
    params(("code" = String, Path, description = "Tracking code, e.g. 7KQM-2XWP-8RD0")),
    responses(
        (status = 200, description = "Known or unknown, the same shape", body = PublicStatus),
        (status = 400, description = "Not a valid tracking code (a typo)", body = ErrorResponse),
        (status = 429, description = "Too many lookups from this address"),
    ))]
pub async fn status(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(code): ApiPath<String>,
) -> Result<ApiJson<PublicStatus>, AppError> {
    let code = TrackingCode::parse(&code)
        .map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))?;
    Ok(ApiJson(
        lookup::lookup(&state.store, code, Tr::new(lang)).await?,
    ))
}

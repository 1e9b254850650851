//! `POST /api/v1/sync` and `POST /api/v1/enroll`: the desa agent's two calls.

use std::time::Instant;

use antar_shared::sync::{Format, WireError};
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::auth::DeviceAuth;
use super::error::{ApiJson, ErrorResponse, body_refused};
use crate::enrollment::{self, EnrollRequest, EnrollResponse};
use crate::error::{AppError, ErrorKind};
use crate::state::{AppState, ClientIp};

/// One sync round trip (`docs/architecture.md`, "The sync protocol"). The body is a `SyncRequest` in
/// JSON or the binary encoding, by `Content-Type`; the answer uses the same encoding.
#[utoipa::path(
    post, path = "/api/v1/sync", tag = "sync",
    request_body(content = Vec<u8>, content_type = "application/vnd.antar.sync+postcard",
        description = "A SyncRequest (protocol, desa, have, ops, device_time); `application/json` is accepted too"),
    responses(
        (status = 200, description = "A SyncResponse in the request's encoding"),
        (status = 400, description = "Malformed body", body = ErrorResponse),
        (status = 401, description = "Missing, unknown or revoked device token", body = ErrorResponse),
        (status = 403, description = "Another desa's document, another actor's ops, or server-only ops", body = ErrorResponse),
        (status = 413, description = "Body too large", body = ErrorResponse),
        (status = 422, description = "An op that does not fit the document", body = ErrorResponse),
    ),
    security(("device_token" = []))
)]
pub async fn sync(
    State(state): State<AppState>,
    DeviceAuth(device): DeviceAuth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let started = Instant::now();
    let body = body.map_err(body_refused)?;
    let format = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(Format::from_media_type)
        .ok_or_else(|| {
            AppError::new(ErrorKind::UnsupportedMediaType, "sync.content_type")
                .arg("media_type", Format::Binary.media_type())
        })?;
    let request = format.decode_request(&body).map_err(|e| {
        let kind = if matches!(e, WireError::TooLarge { .. }) {
            ErrorKind::PayloadTooLarge
        } else {
            ErrorKind::BadRequest
        };
        AppError::from_localized(kind, &e)
    })?;
    let result = crate::sync::sync(&state.store, &device, request).await;
    let outcome = if result.is_ok() { "ok" } else { "refused" };
    metrics::counter!("antar_syncs_total", "result" => outcome).increment(1);
    metrics::histogram!("antar_sync_seconds").record(started.elapsed().as_secs_f64());
    let (response, stats) = result?;
    metrics::counter!("antar_ops_merged_total").increment(stats.merged as u64);
    if stats.merged > 0 {
        state.notices.notify_one();
    }
    // A sync that changed nothing is the common case (every device, every few
    // minutes): at debug, where a line per sync cost 13 % of their throughput at info.
    // The counters above keep them in the metrics.
    if stats.merged > 0 || stats.sent > 0 || stats.duplicates > 0 {
        tracing::info!(
            device = device.id, desa = %device.desa, merged = stats.merged, duplicates = stats.duplicates,
            sent = stats.sent, more = response.more, "sync"
        );
    } else {
        tracing::debug!(device = device.id, desa = %device.desa, "sync: nothing new");
    }
    let bytes = format.encode(&response).map_err(AppError::internal)?;
    Ok((
        [(CONTENT_TYPE, HeaderValue::from_static(format.media_type()))],
        bytes,
    )
        .into_response())
}

/// Exchanges a one-time enrollment code for a device token.
#[utoipa::path(
    post, path = "/api/v1/enroll", tag = "sync",
    request_body = EnrollRequest,
    responses(
        (status = 200, description = "Enrolled", body = EnrollResponse),
        (status = 404, description = "Unknown code", body = ErrorResponse),
        (status = 403, description = "A device enrolling again cannot prove its old identity", body = ErrorResponse),
        (status = 409, description = "Code already used, or the device token is another device's", body = ErrorResponse),
        (status = 410, description = "Code expired", body = ErrorResponse),
    )
)]
pub async fn enroll(
    State(state): State<AppState>,
    ClientIp(address): ClientIp,
    ApiJson(request): ApiJson<EnrollRequest>,
) -> Result<ApiJson<EnrollResponse>, AppError> {
    let (response, device) = enrollment::enroll(&state.store, &request).await?;
    tracing::info!(device = device.id, desa = %device.desa, "device enrolled");
    let who = crate::audit::Who::device(device.id, &device.name, address);
    let event = crate::audit::Event::new("device_enroll", device.id).desa(device.desa);
    crate::audit::record(&state.store, &who, event).await;
    Ok(ApiJson(response))
}

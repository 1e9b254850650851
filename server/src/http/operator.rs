//! The operator API (Dukcapil staff): login, dispatches, manifests, devices, users (CSV
//! imports are in `imports`). Every route needs a session or API token; writes need the
//! operator role, user and device administration the admin role.

use antar_shared::doc::Reissue;
use antar_shared::i18n::Tr;
use antar_shared::region::VillageCode;
use antar_shared::tracking::TrackingCode;
use antar_shared::web::PageLang;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::auth::Operator;
use super::error::{ApiJson, ApiPath, ApiQuery, ErrorResponse, number_in_path};
use crate::dispatch::{self, HistoryEntry};
use crate::enrollment::{self, NewCode};
use crate::error::{AppError, ErrorKind};
use crate::issuance::DispatchInput;
use crate::manifest::{self, Selection};
use crate::state::{AppState, ClientIp};
use crate::store::devices::Device;
use crate::store::dispatches::{DispatchRecord, FilterQuery};
use crate::store::manifests::Manifest;
use crate::store::users::{Role, User};

fn parse_code(code: &str) -> Result<TrackingCode, AppError> {
    TrackingCode::parse(code).map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))
}

fn parse_desa(code: &str) -> Result<VillageCode, AppError> {
    let desa = VillageCode::parse(code)
        .map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))?;
    antar_shared::region::require(desa)
        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    Ok(desa)
}

/// Name and password.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Login name.
    pub name: String,
    /// Password.
    pub password: String,
}

/// A session token.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer …`.
    pub token: String,
    /// When it stops working.
    pub expires_at: i64,
    /// Who logged in.
    pub user: User,
}

/// Logs in; the token works for 12 hours.
#[utoipa::path(post, path = "/api/v1/login", tag = "operators", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorResponse)))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(address): ClientIp,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<ApiJson<LoginResponse>, AppError> {
    let (token, expires_at, user) =
        crate::users::login(&state.store, &req.name, &req.password, address).await?;
    Ok(ApiJson(LoginResponse {
        token,
        expires_at,
        user,
    }))
}

/// Lists dispatches, newest first, with filters, search (`q`) and paging; the
/// `X-Total-Count` header says how many match in all. A NIK is not searched for here,
/// where it would sit in an address (and the logs of every proxy on the way): that
/// search goes in the body of `POST /api/v1/dispatches/search`.
#[utoipa::path(get, path = "/api/v1/dispatches", tag = "dispatches", params(FilterQuery),
    responses((status = 200, description = "Dispatch records",
        headers(("X-Total-Count" = i64, description = "How many match, all pages"))),
        (status = 400, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn list_dispatches(
    State(state): State<AppState>,
    operator: Operator,
    ApiQuery(query): ApiQuery<FilterQuery>,
) -> Result<impl axum::response::IntoResponse, AppError> {
    operator.require(Role::Viewer)?;
    if query.searches_nik() {
        return Err(crate::dispatch::nik_in_url());
    }
    search(&state, &operator, &query).await
}

/// The same list as `GET /api/v1/dispatches`, its filters in the body: how a NIK is
/// searched for (exactly; written in the audit log, masked).
#[utoipa::path(post, path = "/api/v1/dispatches/search", tag = "dispatches",
    request_body = FilterQuery,
    responses((status = 200, description = "Dispatch records",
        headers(("X-Total-Count" = i64, description = "How many match, all pages"))),
        (status = 400, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn search_dispatches(
    State(state): State<AppState>,
    operator: Operator,
    ApiJson(query): ApiJson<FilterQuery>,
) -> Result<impl axum::response::IntoResponse, AppError> {
    operator.require(Role::Viewer)?;
    search(&state, &operator, &query).await
}

/// One page of the list, and how many match in all.
async fn search(
    state: &AppState,
    operator: &Operator,
    query: &FilterQuery,
) -> Result<impl axum::response::IntoResponse + use<>, AppError> {
    let (records, total) = dispatch::list(&state.store, &operator.who(), &query.parse()?).await?;
    Ok(([("x-total-count", total.to_string())], ApiJson(records)))
}

/// A new dispatch's tracking code.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Issued {
    /// The code for the resident's receipt.
    pub tracking_code: String,
    /// It reprints this earlier, closed dispatch of the same document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reprint_of: Option<String>,
    /// It replaces this earlier dispatch, now recalled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
}

/// Issues one dispatch. A document (kind and number) that already has an open dispatch
/// is refused with 409 `dispatch.exists`, naming it, unless `replaces` names that
/// dispatch with a `replace_reason`: it is then recalled and the new one replaces it
/// (409 `rule.already_decided` if it was already handed over or returned). A document
/// whose earlier dispatch is closed is issued as a reprint (`reprint_of`).
#[utoipa::path(post, path = "/api/v1/dispatches", tag = "dispatches", request_body = DispatchInput,
    responses((status = 201, body = Issued), (status = 409, body = ErrorResponse), (status = 422, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn issue(
    State(state): State<AppState>,
    operator: Operator,
    ApiJson(input): ApiJson<DispatchInput>,
) -> Result<(StatusCode, ApiJson<Issued>), AppError> {
    operator.require(Role::Operator)?;
    let issued = dispatch::issue(&state.store, &operator.who(), &input).await?;
    state.publish.notify_one();
    state.notices.notify_one();
    let (reprint_of, replaces) = match issued.reissue {
        Some(Reissue::Reprint(code)) => (Some(code.to_string()), None),
        Some(Reissue::Replaces(code)) => (None, Some(code.to_string())),
        None => (None, None),
    };
    Ok((
        StatusCode::CREATED,
        ApiJson(Issued {
            tracking_code: issued.tracking_code.to_string(),
            reprint_of,
            replaces,
        }),
    ))
}

/// A dispatch with its history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DispatchView {
    /// The record (see the list).
    #[schema(value_type = Object)]
    pub dispatch: serde_json::Value,
    /// Its events with device and server times, described in the request's language.
    pub history: Vec<HistoryEntry>,
    /// Concurrent outcomes, when in conflict, in the request's language.
    pub outcomes: Vec<String>,
}

/// One dispatch, its history and any conflict; the history's summaries and authors and
/// the outcomes in the request's language (the `antar_lang` cookie, else
/// `Accept-Language`, else Indonesian).
#[utoipa::path(get, path = "/api/v1/dispatches/{code}", tag = "dispatches",
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, body = DispatchView), (status = 404, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn get_dispatch(
    State(state): State<AppState>,
    operator: Operator,
    PageLang(lang): PageLang,
    ApiPath(code): ApiPath<String>,
) -> Result<ApiJson<DispatchView>, AppError> {
    operator.require(Role::Viewer)?;
    let who = operator.who();
    let detail = dispatch::show(&state.store, &who, parse_code(&code)?, Tr::new(lang)).await?;
    let record = serde_json::to_value(&detail.record).map_err(AppError::internal)?;
    Ok(ApiJson(DispatchView {
        dispatch: record,
        history: detail.history,
        outcomes: detail.outcomes,
    }))
}

/// Why a dispatch is recalled.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallRequest {
    /// The reason, e.g. "Salah cetak nama".
    pub reason: String,
}

/// Recalls a dispatch (e.g. a misprint).
#[utoipa::path(post, path = "/api/v1/dispatches/{code}/recall", tag = "dispatches", request_body = RecallRequest,
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, description = "The updated record"), (status = 404, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn recall(
    State(state): State<AppState>,
    operator: Operator,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<RecallRequest>,
) -> Result<ApiJson<DispatchRecord>, AppError> {
    operator.require(Role::Operator)?;
    Ok(ApiJson(
        dispatch::recall(
            &state.store,
            &operator.who(),
            parse_code(&code)?,
            &req.reason,
        )
        .await?,
    ))
}

/// A manifest to create.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ManifestRequest {
    /// The courier's name.
    pub courier: String,
    /// The desa.
    pub desa_code: String,
    /// Tracking codes; empty means every dispatch of the desa still at Dukcapil.
    #[serde(default)]
    pub tracking_codes: Vec<String>,
}

/// Creates a manifest for a courier's trip to one desa.
#[utoipa::path(post, path = "/api/v1/manifests", tag = "manifests", request_body = ManifestRequest,
    responses((status = 201, body = Manifest), (status = 422, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn create_manifest(
    State(state): State<AppState>,
    operator: Operator,
    ApiJson(req): ApiJson<ManifestRequest>,
) -> Result<(StatusCode, ApiJson<Manifest>), AppError> {
    operator.require(Role::Operator)?;
    let desa = parse_desa(&req.desa_code)?;
    let selection = if req.tracking_codes.is_empty() {
        Selection::AllIssued
    } else {
        Selection::Codes(
            req.tracking_codes
                .iter()
                .map(|c| parse_code(c))
                .collect::<Result<_, _>>()?,
        )
    };
    let (id, _) =
        manifest::create(&state.store, &operator.who(), &req.courier, desa, selection).await?;
    let manifest = state
        .store
        .manifest(id)
        .await?
        .ok_or_else(|| AppError::internal_message("manifest vanished"))?;
    Ok((StatusCode::CREATED, ApiJson(manifest)))
}

/// A manifest with its items' current status.
#[utoipa::path(get, path = "/api/v1/manifests/{id}", tag = "manifests",
    params(("id" = i64, Path, description = "Manifest number")),
    responses((status = 200, body = Manifest), (status = 400, body = ErrorResponse),
        (status = 404, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn get_manifest(
    State(state): State<AppState>,
    operator: Operator,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<Manifest>, AppError> {
    operator.require(Role::Viewer)?;
    let id = number_in_path(&id)?;
    let manifest = state
        .store
        .manifest(id)
        .await?
        .ok_or_else(|| AppError::not_found("manifest.not_found").arg("id", id))?;
    if let Some(item) = manifest.items.first()
        && let Ok(desa) = antar_shared::region::VillageCode::parse(&item.desa_code)
    {
        operator.2.require(desa)?;
    }
    Ok(ApiJson(manifest))
}

/// A desa to make an enrollment code for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollCodeRequest {
    /// The desa code.
    pub desa_code: String,
}

/// Makes a one-time enrollment code for a desa device (valid three days).
#[utoipa::path(post, path = "/api/v1/enroll-codes", tag = "devices", request_body = EnrollCodeRequest,
    responses((status = 201, body = NewCode), (status = 422, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn enroll_code(
    State(state): State<AppState>,
    operator: Operator,
    ApiJson(req): ApiJson<EnrollCodeRequest>,
) -> Result<(StatusCode, ApiJson<NewCode>), AppError> {
    operator.require(Role::Operator)?;
    let desa = parse_desa(&req.desa_code)?;
    Ok((
        StatusCode::CREATED,
        ApiJson(enrollment::create_code(&state.store, &operator.who(), desa).await?),
    ))
}

/// Device list filter.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeviceQuery {
    /// Only this desa.
    pub desa: Option<String>,
}

/// Lists enrolled devices with their last sync.
#[utoipa::path(get, path = "/api/v1/devices", tag = "devices", params(DeviceQuery),
    responses((status = 200, body = [Device])), security(("operator_token" = [])))]
pub async fn list_devices(
    State(state): State<AppState>,
    operator: Operator,
    ApiQuery(query): ApiQuery<DeviceQuery>,
) -> Result<ApiJson<Vec<Device>>, AppError> {
    operator.require(Role::Viewer)?;
    let desa = query.desa.as_deref().map(parse_desa).transpose()?;
    let devices = state.store.list_devices(desa).await?;
    Ok(ApiJson(
        devices
            .into_iter()
            .filter(|d| operator.2.covers(d.desa))
            .collect(),
    ))
}

/// Revokes a device: its token stops working at once.
#[utoipa::path(post, path = "/api/v1/devices/{id}/revoke", tag = "devices",
    params(("id" = i64, Path, description = "Device id")),
    responses((status = 204), (status = 400, body = ErrorResponse),
        (status = 404, body = ErrorResponse)), security(("operator_token" = [])))]
pub async fn revoke_device(
    State(state): State<AppState>,
    operator: Operator,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    operator.require(Role::Admin)?;
    let id = number_in_path(&id)?;
    crate::enrollment::revoke_device(&state.store, &operator.who(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new account.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Password (at least 10 characters).
    pub password: String,
}

/// Lists accounts.
#[utoipa::path(get, path = "/api/v1/users", tag = "operators", responses((status = 200, body = [User])),
    security(("operator_token" = [])))]
pub async fn list_users(
    State(state): State<AppState>,
    operator: Operator,
) -> Result<ApiJson<Vec<User>>, AppError> {
    operator.require(Role::Admin)?;
    operator.who().scope().require_all()?;
    Ok(ApiJson(state.store.list_users().await?))
}

/// Adds an account.
#[utoipa::path(post, path = "/api/v1/users", tag = "operators", request_body = NewUser,
    responses((status = 201, body = User), (status = 409, body = ErrorResponse)), security(("operator_token" = [])))]
pub async fn add_user(
    State(state): State<AppState>,
    operator: Operator,
    ApiJson(req): ApiJson<NewUser>,
) -> Result<(StatusCode, ApiJson<User>), AppError> {
    operator.require(Role::Admin)?;
    let user = crate::users::add(
        &state.store,
        &operator.who(),
        &req.name,
        req.role,
        &req.password,
    )
    .await?;
    Ok((StatusCode::CREATED, ApiJson(user)))
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("name", &self.name)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("password", &"<redacted>")
            .finish()
    }
}

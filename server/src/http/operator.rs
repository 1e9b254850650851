//! The operator API (Dukcapil staff): login, dispatches, imports, manifests, devices,
//! users. Every route needs a session or API token; writes need the operator role,
//! user and device administration the admin role.

use antar_shared::doc::{Reissue, Status};
use antar_shared::kind::DocumentKind;
use antar_shared::region::VillageCode;
use antar_shared::tracking::TrackingCode;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::auth::Operator;
use super::error::{ApiJson, ApiQuery, ErrorResponse, too_large};
use crate::dispatch::{self, HistoryEntry};
use crate::enrollment::{self, NewCode};
use crate::error::{AppError, ErrorKind, LineError};
use crate::issuance::DispatchInput;
use crate::issuance::import;
use crate::manifest::{self, Selection};
use crate::store::devices::Device;
use crate::store::dispatches::{DispatchFilter, DispatchRecord, Earlier, OnExisting};
use crate::store::manifests::Manifest;
use crate::store::now;
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
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<ApiJson<LoginResponse>, AppError> {
    let (token, expires_at, user) =
        crate::users::login(&state.store, &req.name, &req.password).await?;
    Ok(ApiJson(LoginResponse {
        token,
        expires_at,
        user,
    }))
}

/// Filters for the dispatch list.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Desa code.
    pub desa: Option<String>,
    /// Kecamatan code (`52.06.03`).
    pub kecamatan: Option<String>,
    /// Status (`issued`, `in_transit`, `at_desa`, `handed_over`, `returned`, `recalled`).
    pub status: Option<String>,
    /// Kind (`kk`, `ktp-el`…).
    pub kind: Option<String>,
    /// Issued at least this many days ago.
    pub min_age_days: Option<i64>,
    /// Only dispatches with a conflict.
    #[serde(default)]
    pub conflict: bool,
    /// Page size (default 50, at most 500).
    pub limit: Option<i64>,
    /// Rows to skip.
    pub offset: Option<i64>,
}

impl ListQuery {
    /// Parses the query into a store filter.
    pub fn filter(&self) -> Result<DispatchFilter, AppError> {
        let bad = |code: &'static str, id: String, en: String| {
            AppError::new(ErrorKind::BadRequest, code, id, en)
        };
        Ok(DispatchFilter {
            desa: self.desa.as_deref().map(parse_desa).transpose()?,
            kecamatan: match self.kecamatan.as_deref() {
                Some(k) => Some(
                    antar_shared::region::DistrictCode::parse(k)
                        .map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))?
                        .to_string(),
                ),
                None => None,
            },
            status: match self.status.as_deref() {
                Some(s) => Some(Status::parse(s).ok_or_else(|| {
                    bad(
                        "dispatch.bad_status",
                        format!("Status {s:?} tidak dikenal"),
                        format!("Unknown status {s:?}"),
                    )
                })?),
                None => None,
            },
            kind: self
                .kind
                .as_deref()
                .map(|k| {
                    DocumentKind::parse(k)
                        .map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))
                })
                .transpose()?,
            min_age_days: self.min_age_days,
            conflict_only: self.conflict,
            flag: None,
            limit: self.limit.unwrap_or(50).clamp(1, 500),
            offset: self.offset.unwrap_or(0).max(0),
        })
    }
}

/// Lists dispatches, newest first, with filters and paging.
#[utoipa::path(get, path = "/api/v1/dispatches", tag = "dispatches", params(ListQuery),
    responses((status = 200, description = "Dispatch records"), (status = 400, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn list_dispatches(
    State(state): State<AppState>,
    operator: Operator,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<ApiJson<Vec<DispatchRecord>>, AppError> {
    operator.require(Role::Viewer)?;
    Ok(ApiJson(
        state.store.list_dispatches(&query.filter()?, now()).await?,
    ))
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
    let issued = dispatch::issue(&state.store, &input).await?;
    state.publish.notify_one();
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
    /// Its events with device and server times.
    pub history: Vec<HistoryEntry>,
    /// Concurrent outcomes, when in conflict.
    pub outcomes: Vec<String>,
}

/// One dispatch, its history and any conflict.
#[utoipa::path(get, path = "/api/v1/dispatches/{code}", tag = "dispatches",
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, body = DispatchView), (status = 404, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn get_dispatch(
    State(state): State<AppState>,
    operator: Operator,
    Path(code): Path<String>,
) -> Result<ApiJson<DispatchView>, AppError> {
    operator.require(Role::Viewer)?;
    let detail = dispatch::show(&state.store, parse_code(&code)?).await?;
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
    Path(code): Path<String>,
    ApiJson(req): ApiJson<RecallRequest>,
) -> Result<ApiJson<DispatchRecord>, AppError> {
    operator.require(Role::Operator)?;
    Ok(ApiJson(
        dispatch::recall(&state.store, parse_code(&code)?, &req.reason).await?,
    ))
}

/// Import options.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Only check; store nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Import the good rows even if some are bad.
    #[serde(default)]
    pub skip_invalid: bool,
    /// Import the other rows when some documents already have an open dispatch
    /// (listed in `existing`); without it such a file is refused with 409.
    #[serde(default)]
    pub skip_existing: bool,
}

/// What an import did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportResult {
    /// Data rows read.
    pub rows: usize,
    /// Rows stored.
    pub imported: usize,
    /// Bad rows (all of them).
    pub errors: Vec<LineError>,
    /// Tracking codes of the stored rows, by line.
    pub tracking_codes: Vec<ImportedLine>,
    /// Rows whose document already has an open dispatch: skipped (or, in a dry run,
    /// found), each with that dispatch's tracking code.
    pub existing: Vec<ExistingLine>,
    /// Rows that reprint a document whose earlier dispatch is closed, with that code.
    pub reprints: Vec<ReprintLine>,
}

/// One imported line.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportedLine {
    /// Line in the file.
    pub line: u64,
    /// Its new tracking code.
    pub tracking_code: String,
}

/// A line whose document already has an open dispatch.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExistingLine {
    /// Line in the file.
    pub line: u64,
    /// The open dispatch's tracking code.
    pub tracking_code: String,
    /// Its status.
    pub status: String,
}

/// A line that reprints a document whose earlier dispatch is closed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReprintLine {
    /// Line in the file.
    pub line: u64,
    /// The earlier (closed) dispatch's tracking code.
    pub reprint_of: String,
}

/// Imports a CSV (`kind,number,holder_name,nik,desa_code,applicant_phone`). Every row is
/// checked first; with any bad row nothing is stored (unless `skip_invalid`). A row
/// whose document (kind and number) already has an open dispatch refuses the whole
/// file with 409 `import.existing`, each such line named with the existing tracking code
/// (unless `skip_existing`). Rows of documents whose earlier dispatch is closed are
/// issued as reprints.
#[utoipa::path(post, path = "/api/v1/imports", tag = "dispatches", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportResult),
        (status = 409, description = "Documents already dispatched, with each line and code", body = ErrorResponse),
        (status = 422, description = "Bad rows, with each line", body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn import_csv(
    State(state): State<AppState>,
    operator: Operator,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<ApiJson<ImportResult>, AppError> {
    operator.require(Role::Operator)?;
    let body = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            AppError::internal(r)
        }
    })?;
    let checked = tokio::task::spawn_blocking(move || import::check(body.as_ref(), |_| {}))
        .await
        .map_err(AppError::internal)??;
    if !checked.errors.is_empty() && !query.skip_invalid && !query.dry_run {
        return Err(import::bad_rows(&checked));
    }
    let items: Vec<_> = checked.valid.iter().map(|(_, d)| d.clone()).collect();
    let lines: Vec<u64> = checked.valid.iter().map(|(line, _)| *line).collect();
    let mut result = ImportResult {
        rows: checked.rows,
        imported: 0,
        errors: checked.errors,
        tracking_codes: Vec::new(),
        existing: Vec::new(),
        reprints: Vec::new(),
    };
    let (precedents, codes) = if query.dry_run {
        (state.store.precedents(&items).await?, Vec::new())
    } else {
        let on_existing = if query.skip_existing {
            OnExisting::Skip
        } else {
            OnExisting::Refuse
        };
        let report = state
            .store
            .issue_dispatches(&items, on_existing, now())
            .await?;
        // Refused: nothing was stored.
        if !query.skip_existing && report.existing().next().is_some() {
            let rows: Vec<(u64, Earlier)> = report
                .existing()
                .map(|(i, earlier)| (lines[i], earlier))
                .collect();
            return Err(import::existing_rows(
                &rows,
                (
                    "Kirim lagi dengan skip_existing=true untuk mengimpor sisanya.",
                    "Send it again with skip_existing=true to import the rest.",
                ),
            ));
        }
        if report.stored() > 0 {
            state.publish.notify_one();
        }
        (report.precedents, report.codes)
    };
    for (i, precedent) in precedents.iter().enumerate() {
        let line = lines[i];
        if let Some(earlier) = precedent.open.first() {
            result.existing.push(ExistingLine {
                line,
                tracking_code: earlier.tracking_code.to_string(),
                status: earlier.status.code().to_owned(),
            });
        } else if let Some(earlier) = precedent.reprint_of() {
            result.reprints.push(ReprintLine {
                line,
                reprint_of: earlier.to_string(),
            });
        }
        if let Some(Some(code)) = codes.get(i) {
            result.tracking_codes.push(ImportedLine {
                line,
                tracking_code: code.to_string(),
            });
        }
    }
    result.imported = result.tracking_codes.len();
    Ok(ApiJson(result))
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
    let (id, _) = manifest::create(&state.store, &req.courier, desa, selection).await?;
    let manifest = state
        .store
        .manifest(id)
        .await?
        .ok_or_else(|| AppError::internal("manifest vanished"))?;
    Ok((StatusCode::CREATED, ApiJson(manifest)))
}

/// A manifest with its items' current status.
#[utoipa::path(get, path = "/api/v1/manifests/{id}", tag = "manifests",
    params(("id" = i64, Path, description = "Manifest number")),
    responses((status = 200, body = Manifest), (status = 404, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn get_manifest(
    State(state): State<AppState>,
    operator: Operator,
    Path(id): Path<i64>,
) -> Result<ApiJson<Manifest>, AppError> {
    operator.require(Role::Viewer)?;
    state.store.manifest(id).await?.map(ApiJson).ok_or_else(|| {
        AppError::not_found(
            "manifest.not_found",
            format!("Manifes {id} tidak ditemukan"),
            format!("Manifest {id} not found"),
        )
    })
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
        ApiJson(enrollment::create_code(&state.store, desa).await?),
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
    Ok(ApiJson(state.store.list_devices(desa).await?))
}

/// Revokes a device: its token stops working at once.
#[utoipa::path(post, path = "/api/v1/devices/{id}/revoke", tag = "devices",
    params(("id" = i64, Path, description = "Device id")),
    responses((status = 204), (status = 404, body = ErrorResponse)), security(("operator_token" = [])))]
pub async fn revoke_device(
    State(state): State<AppState>,
    operator: Operator,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    operator.require(Role::Admin)?;
    if state.store.revoke_device(id, now()).await? {
        tracing::info!(device = id, by = %operator.0.name, "device revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found(
            "device.not_found",
            format!("Perangkat {id} tidak ada"),
            format!("No device {id}"),
        ))
    }
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
    let user = crate::users::add(&state.store, &req.name, req.role, &req.password).await?;
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

//! `POST /api/v1/dispatches/{code}/{receive,handover,return,resolve}`: Dukcapil records
//! what a desa did when its PC cannot (see `crate::custody`), and settles conflicts.
//! Operators only; every op passes the custody rules and shows as Dukcapil's, on the
//! desa's behalf.

use antar_shared::doc::{Condition, IdDocument, Relation};
use antar_shared::tracking::TrackingCode;
use axum::extract::State;
use serde::Deserialize;

use super::auth::Operator;
use super::error::{ApiJson, ApiPath, ErrorResponse};
use crate::custody::{self, Receipt, Settle};
use crate::error::{AppError, ErrorKind};
use crate::state::AppState;
use crate::store::dispatches::DispatchRecord;
use crate::store::users::Role;
use antar_shared::doc::HandoverEntry;

fn parse_code(code: &str) -> Result<TrackingCode, AppError> {
    TrackingCode::parse(code).map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))
}

/// A receipt recorded for a desa.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveRequest {
    /// `ok` (default), `damaged` or `missing`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub condition: Option<Condition>,
    /// It turned up after being reported missing.
    #[serde(default)]
    pub found: bool,
}

/// Records a desa's receipt on its behalf (its PC cannot).
#[utoipa::path(post, path = "/api/v1/dispatches/{code}/receive", tag = "custody", request_body = ReceiveRequest,
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, description = "The updated record"), (status = 409, description = "Refused by the custody rules", body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn receive(
    State(state): State<AppState>,
    operator: Operator,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<ReceiveRequest>,
) -> Result<ApiJson<DispatchRecord>, AppError> {
    operator.require(Role::Operator)?;
    let receipt = Receipt {
        condition: req.condition.unwrap_or(Condition::Ok),
        found: req.found,
    };
    Ok(ApiJson(
        custody::receive(&state.store, &operator.who(), parse_code(&code)?, &receipt).await?,
    ))
}

/// A handover recorded for a desa.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverRequest {
    /// Who took it.
    pub recipient: String,
    /// `holder`, `family` or `proxy`.
    #[schema(value_type = String)]
    pub relation: Relation,
    /// `ktp-el`, `kk`, `kia`, `surat-kuasa` or `lainnya`.
    #[schema(value_type = String)]
    pub id_shown: IdDocument,
    /// The holder's NIK, checked against the record (never stored again).
    #[serde(default)]
    pub nik: Option<String>,
    /// The desa clerk who handed it over.
    pub clerk: String,
    /// Received and handed over at once.
    #[serde(default)]
    pub receive: bool,
    /// Corrects an earlier handover or return, with why (the NIK is then required).
    #[serde(default)]
    pub correction: Option<String>,
}

/// Records a handover on a desa's behalf.
#[utoipa::path(post, path = "/api/v1/dispatches/{code}/handover", tag = "custody", request_body = HandoverRequest,
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, description = "The updated record"), (status = 409, description = "Refused by the custody rules", body = ErrorResponse), (status = 422, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn handover(
    State(state): State<AppState>,
    operator: Operator,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<HandoverRequest>,
) -> Result<ApiJson<DispatchRecord>, AppError> {
    operator.require(Role::Operator)?;
    let input = HandoverEntry {
        recipient: req.recipient,
        relation: req.relation,
        id_shown: req.id_shown,
        nik: req.nik,
        clerk: req.clerk,
        receive_first: req.receive,
        correction: req.correction,
    };
    Ok(ApiJson(
        custody::handover(&state.store, &operator.who(), parse_code(&code)?, &input).await?,
    ))
}

/// A return recorded for a desa.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnRequest {
    /// Why it went back.
    pub reason: String,
}

/// Records that a desa sent a document back, on its behalf.
#[utoipa::path(post, path = "/api/v1/dispatches/{code}/return", tag = "custody", request_body = ReturnRequest,
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, description = "The updated record"), (status = 409, description = "Refused by the custody rules", body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn send_back(
    State(state): State<AppState>,
    operator: Operator,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<ReturnRequest>,
) -> Result<ApiJson<DispatchRecord>, AppError> {
    operator.require(Role::Operator)?;
    Ok(ApiJson(
        custody::send_back(
            &state.store,
            &operator.who(),
            parse_code(&code)?,
            &req.reason,
        )
        .await?,
    ))
}

/// How to settle a conflict: exactly one of the fields.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// Keep the n-th (from 1) of the competing outcomes, as the dispatch's page lists them.
    #[serde(default)]
    pub keep: Option<usize>,
    /// None of them happened: the document is where its arrival says.
    #[serde(default)]
    pub clear: bool,
    /// The real condition on arrival: `ok`, `damaged` or `missing`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub condition: Option<Condition>,
}

/// Settles a conflict.
#[utoipa::path(post, path = "/api/v1/dispatches/{code}/resolve", tag = "custody", request_body = ResolveRequest,
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, description = "The updated record"), (status = 409, description = "Refused by the custody rules", body = ErrorResponse), (status = 422, body = ErrorResponse)),
    security(("operator_token" = [])))]
pub async fn resolve(
    State(state): State<AppState>,
    operator: Operator,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<ResolveRequest>,
) -> Result<ApiJson<DispatchRecord>, AppError> {
    operator.require(Role::Operator)?;
    let settle = match (req.keep, req.clear, req.condition) {
        (Some(n), false, None) => Settle::Keep(n),
        (None, true, None) => Settle::Clear,
        (None, false, Some(c)) => Settle::Arrival(c),
        _ => {
            return Err(AppError::new(
                ErrorKind::Unprocessable,
                "resolve.choose_one",
            ));
        }
    };
    Ok(ApiJson(
        custody::resolve(&state.store, &operator.who(), parse_code(&code)?, &settle).await?,
    ))
}

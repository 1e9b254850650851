//! Acting for a desa from its dispatch's page: recording a receipt, a handover or a
//! return when the desa's PC cannot (marked "Dukcapil on the desa's behalf" in every
//! history), and settling a conflict. The rules are the clerk's (see `crate::custody`).

use antar_shared::doc::Condition;
use antar_shared::tracking::TrackingCode;
use antar_shared::web::HandoverFields;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Staff;
use crate::custody::{self, Receipt, Settle};
use crate::error::{AppError, ErrorKind};
use crate::state::AppState;
use crate::store::dispatches::DispatchRecord;
use crate::store::users::Role;
use crate::web::extract::{Form, Path};

fn back(code: TrackingCode) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, format!("/dasbor/kiriman/{code}"))],
    )
        .into_response()
}

/// Runs an action for an operator and goes back to the dispatch's page.
async fn act<F>(s: &Staff, code: &str, action: impl FnOnce(TrackingCode) -> F) -> Response
where
    F: std::future::Future<Output = Result<DispatchRecord, AppError>>,
{
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    let code = match TrackingCode::parse(code) {
        Ok(c) => c,
        Err(e) => return s.error(&AppError::from_localized(ErrorKind::BadRequest, &e)),
    };
    match action(code).await {
        Ok(_) => back(code),
        Err(e) => s.error(&e),
    }
}

/// The receipt form.
#[derive(Debug, Deserialize)]
pub struct ReceiveForm {
    #[serde(default)]
    kondisi: String,
    ditemukan: Option<String>,
}

/// `POST /dasbor/kiriman/{code}/terima`.
pub async fn receive(
    State(state): State<AppState>,
    s: Staff,
    Path(code): Path<String>,
    Form(f): Form<ReceiveForm>,
) -> Response {
    let receipt = Receipt {
        condition: match f.kondisi.as_str() {
            "rusak" => Condition::Damaged,
            "hilang" => Condition::Missing,
            _ => Condition::Ok,
        },
        found: f.ditemukan.is_some(),
    };
    let who = s.who();
    act(&s, &code, |code| async move {
        custody::receive(&state.store, &who, code, &receipt).await
    })
    .await
}

/// `POST /dasbor/kiriman/{code}/serahkan`.
pub async fn handover(
    State(state): State<AppState>,
    s: Staff,
    Path(code): Path<String>,
    Form(f): Form<HandoverFields>,
) -> Response {
    let Some(input) = f.entry() else {
        return s.error(&AppError::new(ErrorKind::BadRequest, "handover.choose"));
    };
    let who = s.who();
    act(&s, &code, |code| async move {
        custody::handover(&state.store, &who, code, &input).await
    })
    .await
}

/// The return form.
#[derive(Debug, Deserialize)]
pub struct ReturnForm {
    #[serde(default)]
    alasan: String,
}

/// `POST /dasbor/kiriman/{code}/kembalikan`.
pub async fn send_back(
    State(state): State<AppState>,
    s: Staff,
    Path(code): Path<String>,
    Form(f): Form<ReturnForm>,
) -> Response {
    let who = s.who();
    act(&s, &code, |code| async move {
        custody::send_back(&state.store, &who, code, &f.alasan).await
    })
    .await
}

/// The conflict's settlement: a version to keep, `batal` (none happened), or the real
/// condition on arrival.
#[derive(Debug, Deserialize)]
pub struct ResolveForm {
    /// The number of the version to keep, as typed (a number the page offers).
    versi: Option<String>,
    batal: Option<String>,
    kondisi: Option<String>,
}

/// `POST /dasbor/kiriman/{code}/selesaikan`.
pub async fn resolve(
    State(state): State<AppState>,
    s: Staff,
    Path(code): Path<String>,
    Form(f): Form<ResolveForm>,
) -> Response {
    // Not a number is no version: the same refusal as choosing none.
    let versi = match f.versi.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(typed) => match typed.parse::<usize>() {
            Ok(n) => Some(n),
            Err(_) => {
                let e = AppError::new(ErrorKind::BadRequest, "resolve.choose_version");
                return s.error(&e);
            }
        },
    };
    let settle = match (versi, f.batal, f.kondisi.as_deref()) {
        (Some(n), None, None) => Settle::Keep(n),
        (None, Some(_), None) => Settle::Clear,
        (None, None, Some("ok")) => Settle::Arrival(Condition::Ok),
        (None, None, Some("damaged")) => Settle::Arrival(Condition::Damaged),
        (None, None, Some("missing")) => Settle::Arrival(Condition::Missing),
        _ => {
            return s.error(&AppError::new(
                ErrorKind::BadRequest,
                "resolve.choose_version",
            ));
        }
    };
    let who = s.who();
    act(&s, &code, |code| async move {
        custody::resolve(&state.store, &who, code, &settle).await
    })
    .await
}

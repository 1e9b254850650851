//! Issuing one dispatch from the dashboard's form; a document already on its way is
//! refused, naming it, unless the operator replaces it with a reason.

use antar_shared::i18n::Tr;
use antar_shared::kind::DocumentKind;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Staff;
use crate::dispatch;
use crate::error::LineError;
use crate::issuance::DispatchInput;
use crate::state::AppState;
use crate::store::users::{Role, User};
use crate::web::extract::Form;

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/issue.html")]
struct IssuePage {
    tr: Tr,
    here: String,
    user: User,
    input: DispatchInput,
    errors: Vec<LineError>,
    error: Option<String>,
    kinds: [DocumentKind; 9],
}

impl IssuePage {
    /// The message for one field, in the reader's language.
    fn field_error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| self.tr.error(e))
    }
}

/// `GET /dasbor/kiriman/baru`.
pub async fn new_form(s: Staff) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    IssuePage {
        tr: s.tr,
        here: s.here,
        user: s.user,
        input: DispatchInput::default(),
        errors: Vec::new(),
        error: None,
        kinds: DocumentKind::ALL,
    }
    .into_response()
}

/// The issue form's fields.
#[derive(Debug, Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    holder_name: String,
    #[serde(default)]
    nik: String,
    #[serde(default)]
    desa_code: String,
    #[serde(default)]
    applicant_phone: String,
    /// The open dispatch of this document that this one replaces (a misprint).
    #[serde(default)]
    replaces: String,
    /// Why the replaced one is recalled.
    #[serde(default)]
    replace_reason: String,
}

/// `POST /dasbor/kiriman/baru`: on success, on to the new dispatch's page. A document
/// that already has an open dispatch is refused, naming it, unless the operator names
/// it as the one replaced, with a reason.
pub async fn issue(State(state): State<AppState>, s: Staff, Form(f): Form<IssueForm>) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    let input = DispatchInput {
        kind: f.kind,
        number: f.number,
        holder_name: f.holder_name,
        nik: f.nik,
        desa_code: f.desa_code,
        applicant_phone: Some(f.applicant_phone),
        replaces: Some(f.replaces),
        replace_reason: Some(f.replace_reason),
    };
    match dispatch::issue(&state.store, &s.who(), &input).await {
        Ok(issued) => {
            state.publish.notify_one();
            state.notices.notify_one();
            (
                StatusCode::SEE_OTHER,
                [(
                    LOCATION,
                    format!("/dasbor/kiriman/{}?baru=1", issued.tracking_code),
                )],
            )
                .into_response()
        }
        Err(e) => {
            let status = e.kind.status();
            let page = IssuePage {
                tr: s.tr,
                here: s.here,
                user: s.user,
                input,
                error: Some(e.message(s.tr.lang)),
                errors: e.details,
                kinds: DocumentKind::ALL,
            };
            (status, page).into_response()
        }
    }
}

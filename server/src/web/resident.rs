//! The residents' status page: `/cek` (a form) and `/cek/{CODE}` (the answer, also the
//! link in the QR on the resident's receipt).
//!
//! Built for a cheap phone on 2G: one request, the CSS inline, no script, no web fonts,
//! a few kilobytes. It shows the status and where to go, never a name or a NIK.
//!
//! The form is sent by POST, so what a resident types never lands in an address, a
//! browser history or a proxy's log; a resident who types a NIK instead of a code is
//! told so and the NIK is not shown back.

use antar_shared::doc::Status;
use antar_shared::i18n::Tr;
use antar_shared::tracking::TrackingCode;
use antar_shared::web::PageLang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::lookup;
use crate::state::AppState;
use crate::web::extract::{Form, Path, Query};

/// The form, a result, or a typo message: one template keeps the page small.
#[derive(Template, WebTemplate)]
#[template(path = "resident/cek.html")]
#[derive(Debug)]
pub struct CekPage {
    tr: Tr,
    here: String,
    /// What the resident typed (kept in the box after a typo).
    typed: String,
    /// A typo or format message.
    error: Option<String>,
    /// The answer, when a valid code was given.
    result: Option<Answer>,
    office_hours: String,
}

/// What the page shows for a valid code.
#[derive(Debug)]
pub struct Answer {
    code: String,
    found: bool,
    status: Option<Status>,
    desa: String,
    kecamatan: String,
    hours: Option<String>,
    /// The kind in words.
    kind: String,
    /// While it waits at the desa: the day it arrived and the last day it is kept.
    waiting: Option<(String, String)>,
}

impl CekPage {
    /// The office's own hours, else the server's default.
    fn hours(&self) -> &str {
        self.result
            .as_ref()
            .and_then(|r| r.hours.as_deref())
            .unwrap_or(&self.office_hours)
    }
}

impl Answer {
    /// The key of the sentence under the big word ("what to do now").
    fn advice_key(&self) -> &'static str {
        match self.status {
            Some(Status::Issued) => "cek-advice-issued",
            Some(Status::InTransit) => "cek-advice-in_transit",
            Some(Status::AtDesa) => "cek-advice-at_desa",
            Some(Status::HandedOver) => "cek-advice-handed_over",
            Some(Status::Returned) | Some(Status::Recalled) => "cek-advice-returned",
            None => "cek-not-found",
        }
    }

    /// Where and when to pick up matters only while the document is on its way or
    /// waiting; after a handover or a return it would mislead.
    fn pickup_applies(&self) -> bool {
        matches!(
            self.status,
            Some(Status::Issued | Status::InTransit | Status::AtDesa)
        )
    }

    fn status_code(&self) -> &'static str {
        self.status.map(Status::code).unwrap_or_default()
    }

    fn status_key(&self) -> String {
        self.status
            .map(|s| format!("status-{}", s.code()))
            .unwrap_or_default()
    }
}

/// What the resident typed: the form's body (`POST /cek`), or the query of an old
/// link (`/cek?kode=…`).
#[derive(Debug, Deserialize)]
pub struct CekQuery {
    kode: Option<String>,
}

fn page(tr: Tr, here: String, office_hours: String) -> CekPage {
    CekPage {
        tr,
        here,
        typed: String::new(),
        error: None,
        result: None,
        office_hours,
    }
}

/// `GET /cek` (the form) and `GET /cek?kode=…` (links made before the form was
/// posted; they still work).
pub async fn form(
    State(state): State<AppState>,
    lang: PageLang,
    Query(query): Query<CekQuery>,
) -> Response {
    answer_typed(&state, lang.tr(), query)
}

/// `POST /cek`: the form. A valid code is sent on to the result's own address, so
/// the address bar shows a link worth sharing (a code, never what else was typed).
pub async fn submit(
    State(state): State<AppState>,
    lang: PageLang,
    Form(typed): Form<CekQuery>,
) -> Response {
    answer_typed(&state, lang.tr(), typed)
}

fn answer_typed(state: &AppState, tr: Tr, query: CekQuery) -> Response {
    let hours = state.site.office_hours(tr);
    match query
        .kode
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        None => page(tr, "/cek".into(), hours).into_response(),
        Some(typed) => match TrackingCode::parse(typed) {
            Ok(code) => {
                (StatusCode::SEE_OTHER, [(LOCATION, format!("/cek/{code}"))]).into_response()
            }
            Err(e) => typo(tr, typed, &e, hours),
        },
    }
}

fn typo(
    tr: Tr,
    typed: &str,
    error: &antar_shared::tracking::TrackingCodeError,
    hours: String,
) -> Response {
    let mut p = page(tr, "/cek".into(), hours);
    if antar_shared::text::nik_shaped(typed) {
        // A NIK is not shown back, and the resident learns where the code is.
        p.error = Some(tr.t("cek-nik-not-code"));
    } else {
        p.typed = typed.chars().take(40).collect();
        p.error = Some(tr.error(error));
    }
    (StatusCode::BAD_REQUEST, p).into_response()
}

/// `GET /cek/{CODE}`: the answer.
pub async fn result(
    State(state): State<AppState>,
    lang: PageLang,
    Path(typed): Path<String>,
) -> Response {
    let tr = lang.tr();
    let hours = state.site.office_hours(tr);
    let code = match TrackingCode::parse(&typed) {
        Ok(code) => code,
        Err(e) => return typo(tr, &typed, &e, hours),
    };
    match lookup::lookup(&state.store, code, tr).await {
        Ok(found) => {
            let status = found.status.as_deref().and_then(Status::parse);
            let p0 = page(tr, format!("/cek/{code}"), hours);
            let mut p = p0;
            p.result = Some(Answer {
                code: code.to_string(),
                found: found.found,
                status,
                desa: found.pickup_desa.unwrap_or_default(),
                kecamatan: found.pickup_kecamatan.unwrap_or_default(),
                hours: found.pickup_hours,
                kind: found.kind_label.unwrap_or_default(),
                waiting: found.arrived_on.zip(found.kept_until),
            });
            p.into_response()
        }
        Err(e) => super::error_page(tr, &e),
    }
}

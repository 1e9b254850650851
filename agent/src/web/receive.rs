//! `/terima`: confirming receipt. A big box takes a typed or scanned code (USB scanners
//! type the code and press Enter; the page comes back empty and focused for the next
//! scan), and the expected manifests list their items to tick, receive, or report
//! missing in one go.

use antar_shared::doc::{Condition, DesaDoc, ManifestId, OpBody, Policy, Status};
use antar_shared::i18n::Tr;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;
use antar_shared::web::PageLang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::{Form, Query};
use super::login::Desk;
use super::view::{Row, clock, parse_scanned};
use super::{Ui, local_path, refused, see_other};
use crate::clerk;
use crate::now;

/// One expected manifest and its items.
#[derive(Debug)]
struct ManifestView {
    id: u32,
    title: String,
    summary: String,
    items: Vec<Row>,
    /// "Terima semua (3)".
    receive_all: String,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/receive.html")]
struct ReceivePage {
    tr: Tr,
    here: String,
    notice: Option<String>,
    error: Option<String>,
    manifests: Vec<ManifestView>,
}

/// Notices after a receipt.
#[derive(Debug, Default, Deserialize)]
pub struct ReceiveQuery {
    ok: Option<String>,
    rusak: Option<String>,
    sudah: Option<String>,
    /// Counts arrive as text: a mangled link shows no notice rather than an error.
    n: Option<String>,
    hilang: Option<String>,
}

fn notice(tr: Tr, q: &ReceiveQuery) -> Option<String> {
    let code = |c: &str| c.chars().take(20).collect::<String>();
    if let Some(c) = &q.ok {
        let key = if q.rusak.is_some() {
            tr.t1("clerk-received-damaged", "code", code(c))
        } else {
            tr.t1("clerk-received-one", "code", code(c))
        };
        return Some(key);
    }
    if let Some(c) = &q.sudah {
        return Some(tr.t1("clerk-received-already", "code", code(c)));
    }
    let count = |v: &Option<String>| v.as_deref().and_then(|n| n.parse::<i64>().ok());
    if let Some(n) = count(&q.n) {
        return Some(tr.n("clerk-received-many", n));
    }
    count(&q.hilang).map(|n| tr.n("clerk-reported-missing", n))
}

/// The manifests with items still on their way, newest first.
fn expected(tr: Tr, doc: &DesaDoc, now: UnixTime, policy: &Policy) -> Vec<ManifestView> {
    let mut out: Vec<ManifestView> = doc
        .ops()
        .filter_map(|op| match &op.body {
            OpBody::Dispatch {
                manifest,
                courier,
                items,
            } => {
                let items: Vec<Row> = items
                    .iter()
                    .filter_map(|id| doc.dispatch(*id))
                    .map(|d| Row::new(tr, d, now, policy))
                    .collect();
                let open = items.iter().filter(|r| r.in_transit()).count();
                (open > 0).then(|| ManifestView {
                    id: manifest.0,
                    title: tr.t2(
                        "clerk-manifest-title",
                        "manifest",
                        manifest.0,
                        "courier",
                        courier.as_str(),
                    ),
                    summary: tr.t2("clerk-manifest-open", "open", open, "sent", clock(op.time)),
                    items,
                    receive_all: tr.n("clerk-receive-all", i64::try_from(open).unwrap_or(i64::MAX)),
                })
            }
            _ => None,
        })
        .collect();
    out.reverse();
    out
}

async fn render(
    ui: &Ui,
    tr: Tr,
    status: StatusCode,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, Response> {
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let manifests = expected(tr, &doc, UnixTime(now()), &ui.options.policy);
    let page = ReceivePage {
        tr,
        here: "/terima".into(),
        notice,
        error,
        manifests,
    };
    Ok((status, page).into_response())
}

/// `GET /terima` (the language switch returns here without the notice: it was said).
pub async fn page(
    State(ui): State<Ui>,
    lang: PageLang,
    Query(query): Query<ReceiveQuery>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    render(&ui, tr, StatusCode::OK, notice(tr, &query), None).await
}

/// The scan box.
#[derive(Debug, Deserialize)]
pub struct ByCode {
    #[serde(default)]
    kode: String,
    rusak: Option<String>,
    /// Reported missing before, here now ("ditemukan").
    ditemukan: Option<String>,
    lanjut: Option<String>,
}

/// `POST /terima`: one typed or scanned code.
pub async fn by_code(
    State(ui): State<Ui>,
    lang: PageLang,
    desk: Desk,
    Form(form): Form<ByCode>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    let typed: String = form.kode.trim().chars().take(200).collect();
    // The box comes back empty (and focused): a scanner types the next code into it
    // alone, not after the refused one. The refused code is named in the error.
    let again = |status, message: String| {
        let ui = ui.clone();
        let message = with_refused_code(tr, message, &typed);
        async move { render(&ui, tr, status, None, Some(message)).await }
    };
    let code = match parse_scanned(&typed) {
        Ok(code) => code,
        Err(e) => return again(StatusCode::BAD_REQUEST, tr.error(&e)).await,
    };
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let state = match clerk::find(&doc, code) {
        Ok(state) => state,
        Err(e) => return again(StatusCode::UNPROCESSABLE_ENTITY, tr.error(&e)).await,
    };
    let condition = if form.rusak.is_some() {
        Condition::Damaged
    } else {
        Condition::Ok
    };
    let next = local_path(form.lanjut.as_deref());
    // A second scan of the same item (scanners repeat, clerks double-check) changes
    // nothing: the arrival already says so.
    let arrivals = state.arrivals();
    if !arrivals.is_empty() && arrivals.iter().all(|a| a.value == condition) {
        return Ok(see_other(next.unwrap_or(&format!("/terima?sudah={code}"))));
    }
    let arrival = clerk::Arrival {
        condition,
        found: form.ditemukan.is_some(),
        correction: None,
    };
    if let Err(e) = clerk::receive(&ui.replica, &me, desk.name(), code, &arrival).await {
        let (status, message) = refused(tr, &e);
        return again(status, message).await;
    }
    let done = match (next, condition) {
        (Some(next), _) => next.to_owned(),
        (None, Condition::Damaged) => format!("/terima?ok={code}&rusak=1"),
        (None, _) => format!("/terima?ok={code}"),
    };
    Ok(see_other(&done))
}

/// The error of a refused scan, naming what was read (cut short: a scanner may have
/// run two codes together).
pub(super) fn with_refused_code(tr: Tr, message: String, typed: &str) -> String {
    if typed.is_empty() {
        return message;
    }
    let shown: String = typed.chars().take(40).collect();
    format!("{message} {}", tr.t1("clerk-scan-refused", "code", shown))
}

/// `POST /terima/manifest`: ticked items (`kode`, repeated) of one manifest, and what
/// to do with them (`aksi`: `terima`, `rusak`, `hilang`, or `semua` for every item still
/// on its way).
pub async fn by_manifest(
    State(ui): State<Ui>,
    lang: PageLang,
    desk: Desk,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let action = field("aksi").unwrap_or("terima");
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let again = |status, message: String| {
        let ui = ui.clone();
        async move { render(&ui, tr, status, None, Some(message)).await }
    };
    let mut codes: Vec<TrackingCode> = Vec::new();
    if action == "semua" {
        let manifest = field("manifest")
            .and_then(|m| m.parse().ok())
            .map(ManifestId);
        let now = UnixTime(now());
        for op in doc.ops() {
            if let OpBody::Dispatch {
                manifest: m, items, ..
            } = &op.body
                && Some(*m) == manifest
            {
                // Not an item a device reported missing: receiving that one is an
                // explicit "found", ticked on its own.
                codes.extend(
                    items
                        .iter()
                        .filter_map(|id| doc.dispatch(*id))
                        .filter(|d| d.status(now, &ui.options.policy).0 == Status::InTransit)
                        .filter(|d| !d.reported_missing())
                        .map(|d| d.issue.tracking),
                );
            }
        }
    } else {
        for (_, typed) in fields.iter().filter(|(k, _)| k == "kode") {
            match clerk::parse_code(typed) {
                Ok(code) if !codes.contains(&code) => codes.push(code),
                Ok(_) => {}
                Err(e) => return again(StatusCode::BAD_REQUEST, tr.error(&e)).await,
            }
        }
    }
    if codes.is_empty() {
        return again(StatusCode::BAD_REQUEST, tr.t("clerk-tick-first")).await;
    }
    let condition = match action {
        "rusak" => Condition::Damaged,
        "hilang" => Condition::Missing,
        _ => Condition::Ok,
    };
    let arrival = clerk::Arrival {
        condition,
        found: action == "ditemukan",
        correction: None,
    };
    match clerk::receive_many(&ui.replica, &me, desk.name(), &codes, &arrival).await {
        Ok(ops) if condition == Condition::Missing => {
            Ok(see_other(&format!("/terima?hilang={}", ops.len())))
        }
        Ok(ops) => Ok(see_other(&format!("/terima?n={}", ops.len()))),
        Err(e) => {
            let (status, message) = refused(tr, &e);
            again(status, message).await
        }
    }
}

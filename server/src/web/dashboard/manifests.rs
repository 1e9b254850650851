//! Manifests: create one for a courier and a desa, see what the desa confirmed, and
//! print it on A4 with each item's QR code (the resident's status link, which the
//! desa's scanner also reads as the tracking code).

use antar_shared::doc::Status;
use antar_shared::i18n::Tr;
use antar_shared::region;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header::{HOST, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Staff, non_empty};
use crate::error::{AppError, ErrorKind, LineError};
use crate::manifest::{self, Selection};
use crate::state::AppState;
use crate::store::now;
use crate::store::reports::ManifestRow;
use crate::store::users::{Role, User};
use crate::web::extract::{Form, Path};

/// A manifest in the list, ready to show.
#[derive(Debug)]
pub struct ListRow {
    row: ManifestRow,
    desa: String,
    created: String,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/manifests.html")]
struct ListPage {
    tr: Tr,
    here: String,
    user: User,
    rows: Vec<ListRow>,
    error: Option<String>,
    courier: String,
    desa: String,
    codes: String,
}

async fn list_page(state: &AppState, s: &Staff) -> Result<ListPage, AppError> {
    let rows = state
        .store
        .list_manifests(200)
        .await?
        .into_iter()
        .filter(|row| s.scope.covers_kecamatan(kecamatan_of(&row.desa_code)))
        .map(|row| ListRow {
            desa: antar_shared::region::VillageCode::parse(&row.desa_code)
                .ok()
                .and_then(region::lookup)
                .map(|r| r.name.to_owned())
                .unwrap_or_default(),
            created: UnixTime(row.created_at).wita(),
            row,
        })
        .collect();
    Ok(ListPage {
        tr: s.tr,
        here: "/dasbor/manifes".into(),
        user: s.user.clone(),
        rows,
        error: None,
        courier: String::new(),
        desa: String::new(),
        codes: String::new(),
    })
}

/// `GET /dasbor/manifes`: the list and the form for a new one.
pub async fn list(State(state): State<AppState>, s: Staff) -> Response {
    match list_page(&state, &s).await {
        Ok(page) => page.into_response(),
        Err(e) => s.error(&e),
    }
}

/// The new-manifest form.
#[derive(Debug, Deserialize)]
pub struct NewManifest {
    #[serde(default)]
    courier: String,
    #[serde(default)]
    desa: String,
    /// Tracking codes, one per line or separated by spaces/commas; empty means every
    /// dispatch of the desa still at Dukcapil.
    kode: Option<String>,
}

fn parse_codes(text: &str) -> Result<Vec<TrackingCode>, AppError> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| {
            TrackingCode::parse(t).map_err(|e| {
                // The code as typed, so the page can say which one.
                let mut err = AppError::from_localized(ErrorKind::Unprocessable, &e);
                err.details.push(LineError::from_localized(0, t, &e));
                err
            })
        })
        .collect()
}

/// `POST /dasbor/manifes`: creates it and opens it.
pub async fn create(
    State(state): State<AppState>,
    s: Staff,
    Form(f): Form<NewManifest>,
) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    let result = async {
        let desa = super::dispatches::desa_typed(&f.desa, "manifest.desa")?;
        let selection = match non_empty(&f.kode) {
            None => Selection::AllIssued,
            Some(text) => Selection::Codes(parse_codes(text)?),
        };
        manifest::create(&state.store, &s.who(), &f.courier, desa, selection).await
    }
    .await;
    match result {
        Ok((id, _)) => (
            StatusCode::SEE_OTHER,
            [(LOCATION, format!("/dasbor/manifes/{id}"))],
        )
            .into_response(),
        Err(e) => match list_page(&state, &s).await {
            Ok(mut page) => {
                page.error = Some(match e.details.first() {
                    Some(typed) => format!("{}: {}", typed.field, s.tr.error(typed)),
                    None => e.message(s.tr.lang),
                });
                page.courier = f.courier;
                page.desa = f.desa;
                page.codes = f.kode.unwrap_or_default();
                (e.kind.status(), page).into_response()
            }
            Err(e2) => s.error(&e2),
        },
    }
}

/// One item with what the desa reported.
#[derive(Debug)]
pub struct Item {
    code: String,
    kind: String,
    holder: String,
    status: Status,
    damaged: bool,
    missing: bool,
    qr: String,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/manifest.html")]
struct ManifestPage {
    tr: Tr,
    here: String,
    user: User,
    id: i64,
    courier: String,
    created: String,
    desa: String,
    desa_code: String,
    items: Vec<Item>,
    received: usize,
    missing: usize,
    damaged: usize,
    waiting: usize,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/manifest_print.html")]
struct PrintPage {
    tr: Tr,
    here: String,
    user: User,
    m: ManifestPage,
}

async fn load(
    state: &AppState,
    s: &Staff,
    id: &str,
    headers: &HeaderMap,
    with_qr: bool,
) -> Result<ManifestPage, AppError> {
    let not_found = || AppError::not_found("manifest.not_found").arg("id", id);
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    let manifest = state.store.manifest(id).await?.ok_or_else(not_found)?;
    if let Some(item) = manifest.items.first() {
        s.scope.require_kecamatan(kecamatan_of(&item.desa_code))?;
    }
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    let base = state.site.base_url(host);
    let now = now();
    let mut items = Vec::new();
    for item in &manifest.items {
        let Ok(code) = TrackingCode::parse(&item.tracking_code) else {
            continue;
        };
        let Some(r) = state.store.dispatch_by_tracking(code, now).await? else {
            continue;
        };
        items.push(Item {
            code: item.tracking_code.clone(),
            kind: s.tr.kind(r.kind),
            holder: item.holder_name.clone(),
            status: r.status,
            damaged: r.damaged,
            missing: r.missing,
            qr: if with_qr {
                crate::qr::svg(&format!("{base}/cek/{code}"), 120)
            } else {
                String::new()
            },
        });
    }
    let desa_code = manifest
        .items
        .first()
        .map(|i| i.desa_code.clone())
        .unwrap_or_default();
    // Confirmed arrivals, whatever happened after (a returned item still arrived).
    let received = usize::try_from(manifest.received).unwrap_or(0);
    Ok(ManifestPage {
        tr: s.tr,
        here: s.here.clone(),
        user: s.user.clone(),
        id: manifest.id,
        courier: manifest.courier,
        created: UnixTime(manifest.created_at).wita(),
        desa: antar_shared::region::VillageCode::parse(&desa_code)
            .ok()
            .and_then(region::lookup)
            .map(|r| r.name.to_owned())
            .unwrap_or_default(),
        desa_code,
        received,
        missing: items.iter().filter(|i| i.missing).count(),
        damaged: items.iter().filter(|i| i.damaged).count(),
        waiting: items
            .iter()
            .filter(|i| i.status == Status::InTransit && !i.missing)
            .count(),
        items,
    })
}

/// `GET /dasbor/manifes/{id}`: the items and the desa's confirmations.
pub async fn show(
    State(state): State<AppState>,
    s: Staff,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    match load(&state, &s, &id, &headers, false).await {
        Ok(page) => page.into_response(),
        Err(e) => s.error(&e),
    }
}

/// `GET /dasbor/manifes/{id}/cetak`: the A4 print page with QR codes.
pub async fn print(
    State(state): State<AppState>,
    s: Staff,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    match load(&state, &s, &id, &headers, true).await {
        Ok(m) => PrintPage {
            tr: s.tr,
            here: s.here.clone(),
            user: s.user.clone(),
            m,
        }
        .into_response(),
        Err(e) => s.error(&e),
    }
}

/// The kecamatan of a dotted desa code (`52.06.03.2012` → `52.06.03`).
fn kecamatan_of(desa: &str) -> &str {
    desa.rsplit_once('.').map_or(desa, |(k, _)| k)
}

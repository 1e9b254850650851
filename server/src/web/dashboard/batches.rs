//! What was issued together (a batch: one import, or one dispatch): its residents'
//! slips to print and its codes as CSV, offered right after issuing. A kecamatan
//! account sees the part of a batch in its kecamatan only.

use antar_shared::region;
use antar_shared::text::spreadsheet_safe;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::Staff;
use crate::error::{AppError, ErrorKind};
use crate::slips::{self, NameShown};
use crate::state::AppState;
use crate::store::dispatches::DispatchRecord;
use crate::store::now;
use crate::web::extract::{Path, Query};

/// The slip sheet's choice of name: `?nama=inisial|lengkap|tanpa`.
#[derive(Debug, Default, Deserialize)]
pub struct SlipQuery {
    nama: Option<String>,
}

impl SlipQuery {
    fn names(&self) -> Result<NameShown, AppError> {
        NameShown::parse(self.nama.as_deref().unwrap_or_default())
            .ok_or_else(|| AppError::new(ErrorKind::BadRequest, "slip.bad_name_choice"))
    }
}

/// A batch's dispatches that this account covers, or not found.
async fn batch_records(
    state: &AppState,
    s: &Staff,
    id: &str,
) -> Result<(crate::store::batches::Batch, Vec<DispatchRecord>), AppError> {
    let not_found = || AppError::not_found("batch.not_found").arg("id", id.trim());
    let number: i64 = id.trim().parse().map_err(|_| not_found())?;
    let batch = state.store.batch(number).await?.ok_or_else(not_found)?;
    let records: Vec<DispatchRecord> = state
        .store
        .batch_dispatches(number, now())
        .await?
        .into_iter()
        .filter(|r| s.scope.covers(r.desa_code))
        .collect();
    if records.is_empty() {
        return Err(not_found());
    }
    Ok((batch, records))
}

/// The sheet for these records, with a way back to `back`.
async fn sheet_page(
    state: &AppState,
    s: &Staff,
    headers: &HeaderMap,
    records: &[DispatchRecord],
    names: NameShown,
    title: String,
    back: String,
) -> Response {
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    let base = state.site.base_url(host);
    let hours = state.site.office_hours(s.tr);
    let sheet = slips::sheet(&state.store, records, &base, &hours, names, s.tr, title).await;
    match sheet.and_then(|sheet| sheet.with_back(back).html()) {
        Ok(html) => Html(html).into_response(),
        Err(e) => s.error(&e),
    }
}

/// `GET /dasbor/terbitan/{id}/slip`: the residents' slips of a batch, to print.
pub async fn slips(
    State(state): State<AppState>,
    s: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<SlipQuery>,
) -> Response {
    let result = match q.names() {
        Ok(names) => batch_records(&state, &s, &id).await.map(|b| (names, b)),
        Err(e) => Err(e),
    };
    let (names, (batch, records)) = match result {
        Ok(found) => found,
        Err(e) => return s.error(&e),
    };
    let title = if batch.file.is_empty() {
        s.tr.t1("dash-batch-title", "id", batch.id)
    } else {
        s.tr.t2("dash-batch-file-title", "id", batch.id, "file", &batch.file)
    };
    let event = crate::audit::Event::new("print_slips", batch.id)
        .detail(serde_json::json!({"slips": records.len(), "names": names.code()}));
    crate::audit::record(&state.store, &s.who(), event).await;
    sheet_page(
        &state,
        &s,
        &headers,
        &records,
        names,
        title,
        "/dasbor/kiriman".into(),
    )
    .await
}

/// `GET /dasbor/kiriman/{code}/slip`: one dispatch's slip (a resident who lost theirs).
pub async fn one_slip(
    State(state): State<AppState>,
    s: Staff,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<SlipQuery>,
) -> Response {
    let found = async {
        let names = q.names()?;
        let code = TrackingCode::parse(&code)
            .map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))?;
        let detail = crate::dispatch::show(&state.store, &s.who(), code, s.tr).await?;
        Ok::<_, AppError>((names, detail.record))
    }
    .await;
    let (names, record) = match found {
        Ok(found) => found,
        Err(e) => return s.error(&e),
    };
    let code = record.tracking_code;
    let event = crate::audit::Event::new("print_slips", code)
        .desa(record.desa_code)
        .detail(serde_json::json!({"slips": 1, "names": names.code()}));
    crate::audit::record(&state.store, &s.who(), event).await;
    let back = format!("/dasbor/kiriman/{code}");
    sheet_page(
        &state,
        &s,
        &headers,
        &[record],
        names,
        code.to_string(),
        back,
    )
    .await
}

/// `GET /dasbor/terbitan/{id}/kode.csv`: a batch's tracking codes, to mail-merge or
/// send on (names and numbers as the dashboard shows them; no NIK).
pub async fn codes_csv(
    State(state): State<AppState>,
    s: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (batch, records) = match batch_records(&state, &s, &id).await {
        Ok(found) => found,
        Err(e) => return s.error(&e),
    };
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    let base = state.site.base_url(host);
    let event = crate::audit::Event::new("export", format!("terbitan-{}.csv", batch.id))
        .detail(serde_json::json!({"rows": records.len()}));
    crate::audit::record(&state.store, &s.who(), event).await;
    let header = [
        "tracking_code",
        "kind",
        "number",
        "holder_name",
        "desa_code",
        "desa_name",
        "cek_url",
    ];
    let rows = records.iter().map(|r| {
        vec![
            r.tracking_code.to_string(),
            r.kind.code().to_owned(),
            spreadsheet_safe(&r.number).into_owned(),
            spreadsheet_safe(&r.holder_name).into_owned(),
            r.desa_code.to_string(),
            region::lookup(r.desa_code)
                .map(|d| d.name.to_owned())
                .unwrap_or_default(),
            format!("{base}/cek/{}", r.tracking_code),
        ]
    });
    let name = format!(
        "kode-terbitan-{}-{}.csv",
        batch.id,
        UnixTime(batch.created_at).wita_date()
    );
    super::csv_file::download(&name, &header, rows).unwrap_or_else(|e| s.error(&e))
}

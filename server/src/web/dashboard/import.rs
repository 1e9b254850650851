//! CSV import with a preview: the file is checked first and every bad line is shown
//! with its reason; nothing is saved until the operator confirms a clean file.
//!
//! The preview also lists the rows whose document (kind and number) already has an open
//! dispatch, with its tracking code, and the rows that reprint a document whose earlier
//! dispatch is closed. Confirming saves the new rows only if the operator chose to skip
//! the existing ones; otherwise it refuses, naming them (and the preview stays).
//!
//! Between preview and confirmation the checked rows wait in memory
//! ([`crate::issuance::staging`]), keyed by a random token and tied to the account that
//! uploaded them.

use std::collections::HashMap;

use antar_shared::i18n::Tr;
use antar_shared::region;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::Staff;
use crate::error::{AppError, ErrorKind, LineError};
use crate::issuance::import;
use crate::issuance::staging::{self, Staged};
use crate::state::AppState;
use crate::store::dispatches::{NewDispatch, OnExisting, Precedent};
use crate::store::now;
use crate::store::users::{Role, User};
use crate::web::extract::Path;

/// The largest file accepted (a 200,000-row CSV is about 20 MB).
pub const MAX_UPLOAD: usize = 32 * 1024 * 1024;
/// Line errors shown on the page (the rest are counted): a file of 200,000 bad rows
/// must not become a page of 200,000 table rows.
const SHOWN_ERRORS: usize = 200;
/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 20;
/// Rows of documents already dispatched (or reprinted) shown in the preview (the rest
/// are counted).
const SHOWN_MATCHES: usize = 200;

/// A line of the preview.
#[derive(Debug)]
pub struct PreviewRow {
    line: u64,
    kind: String,
    number: String,
    holder: String,
    desa: String,
}

/// A line whose document was dispatched before: the earlier dispatch's code and status.
#[derive(Debug)]
pub struct MatchRow {
    line: u64,
    kind: String,
    number: String,
    holder: String,
    code: String,
    status: String,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/import.html")]
struct ImportPage {
    tr: Tr,
    here: String,
    user: User,
    file: String,
    error: Option<String>,
    rows: usize,
    errors: Vec<LineError>,
    more_errors: usize,
    bad_lines: usize,
    preview: Vec<PreviewRow>,
    by_desa: Vec<(String, usize)>,
    /// Rows whose document already has an open dispatch (the first ones).
    existing: Vec<MatchRow>,
    /// How many rows have one.
    existing_count: usize,
    /// Rows that reprint a document whose earlier dispatch is closed (the first ones).
    reprints: Vec<MatchRow>,
    /// How many rows are reprints.
    reprint_count: usize,
    token: Option<String>,
    imported: Option<usize>,
    /// The batch of what was just stored: its slips and codes.
    batch: Option<i64>,
    /// Rows left out on saving because their document already had an open dispatch.
    skipped: usize,
}

impl ImportPage {
    fn new(s: &Staff) -> Self {
        ImportPage {
            tr: s.tr,
            here: "/dasbor/impor".into(),
            user: s.user.clone(),
            file: String::new(),
            error: None,
            rows: 0,
            errors: Vec::new(),
            more_errors: 0,
            bad_lines: 0,
            preview: Vec::new(),
            by_desa: Vec::new(),
            existing: Vec::new(),
            existing_count: 0,
            reprints: Vec::new(),
            reprint_count: 0,
            token: None,
            imported: None,
            batch: None,
            skipped: 0,
        }
    }

    /// Rows the confirmation saves when the existing ones are skipped.
    fn new_rows(&self) -> i64 {
        i64::try_from(self.rows.saturating_sub(self.existing_count)).unwrap_or(i64::MAX)
    }

    /// The preview of checked rows: per desa, the first rows, and the rows whose
    /// document was dispatched before.
    fn fill_preview(&mut self, rows: &[(u64, NewDispatch)], precedents: &[Precedent]) {
        let tr = self.tr;
        self.preview = rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|(line, d)| PreviewRow {
                line: *line,
                kind: tr.kind(d.kind),
                number: d.kind.shown_number(d.number.as_str()),
                holder: d.holder.as_str().to_owned(),
                desa: region::lookup(d.desa)
                    .map(|r| r.name.to_owned())
                    .unwrap_or_default(),
            })
            .collect();
        let mut by_desa: HashMap<String, usize> = HashMap::new();
        for (_, d) in rows {
            let name = region::lookup(d.desa).map(|r| r.name).unwrap_or_default();
            *by_desa.entry(format!("{name} ({})", d.desa)).or_default() += 1;
        }
        let mut by_desa: Vec<_> = by_desa.into_iter().collect();
        by_desa.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        self.by_desa = by_desa;
        let matched =
            |line: u64, d: &NewDispatch, earlier: &crate::store::dispatches::Earlier| MatchRow {
                line,
                kind: tr.kind(d.kind),
                number: d.kind.shown_number(d.number.as_str()),
                holder: d.holder.as_str().to_owned(),
                code: earlier.tracking_code.to_string(),
                status: tr.status(earlier.status),
            };
        self.existing.clear();
        self.reprints.clear();
        self.existing_count = 0;
        self.reprint_count = 0;
        for ((line, d), precedent) in rows.iter().zip(precedents) {
            if let Some(earlier) = precedent.open.first() {
                self.existing_count += 1;
                if self.existing.len() < SHOWN_MATCHES {
                    self.existing.push(matched(*line, d, earlier));
                }
            } else if let (Some(_), Some(earlier)) = (precedent.reprint_of(), &precedent.closed) {
                self.reprint_count += 1;
                if self.reprints.len() < SHOWN_MATCHES {
                    self.reprints.push(matched(*line, d, earlier));
                }
            }
        }
    }

    fn message(&self, e: &LineError) -> String {
        self.tr.error(e)
    }
}

/// `GET /dasbor/impor`.
pub async fn form(s: Staff) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    ImportPage::new(&s).into_response()
}

/// Reads the uploaded file from the form (`berkas`).
async fn read_file(multipart: &mut Multipart) -> Result<(String, Vec<u8>), AppError> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::too_large()
        } else {
            AppError::new(ErrorKind::BadRequest, "import.upload").caused_by(e)
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() == Some("berkas") {
            let name = field
                .file_name()
                .unwrap_or("kiriman.csv")
                .chars()
                .take(80)
                .collect();
            let bytes = field.bytes().await.map_err(unreadable)?;
            if bytes.is_empty() {
                break;
            }
            return Ok((name, bytes.to_vec()));
        }
    }
    Err(AppError::new(ErrorKind::BadRequest, "import.no_file"))
}

/// `POST /dasbor/impor`: check the file and show the preview (nothing is saved).
pub async fn upload(
    State(state): State<AppState>,
    s: Staff,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    let mut page = ImportPage::new(&s);
    let refuse = |mut page: ImportPage, e: AppError| {
        e.log_cause();
        page.error = Some(e.message(s.tr.lang));
        (e.kind.status(), page).into_response()
    };
    // Not an upload at all (no multipart body): axum's words go to the log.
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(e) => {
            let e = AppError::new(ErrorKind::BadRequest, "import.upload").caused_by(e);
            return refuse(page, e);
        }
    };
    let (file, bytes) = match read_file(&mut multipart).await {
        Ok(f) => f,
        Err(e) => return refuse(page, e),
    };
    page.file = file.clone();
    let checking = tokio::task::spawn_blocking(move || {
        let checked = import::check(bytes.as_slice(), |_| {});
        (bytes, checked)
    });
    let (csv, mut checked) = match checking.await {
        Ok((csv, Ok(c))) => (csv, c),
        Ok((_, Err(e))) => return refuse(page, e),
        Err(e) => return refuse(page, AppError::internal(e)),
    };
    checked.keep_in_scope(&s.scope);
    page.rows = checked.rows;
    if !checked.errors.is_empty() {
        let lines: std::collections::BTreeSet<u64> =
            checked.errors.iter().map(|e| e.line).collect();
        page.bad_lines = lines.len();
        page.more_errors = checked.errors.len().saturating_sub(SHOWN_ERRORS);
        page.errors = checked.errors;
        page.errors.truncate(SHOWN_ERRORS);
        return (StatusCode::UNPROCESSABLE_ENTITY, page).into_response();
    }
    let staged = Staged {
        user: s.user.id,
        file,
        csv,
        rows: checked.valid,
    };
    stage_and_preview(&state, page, staged, StatusCode::OK).await
}

/// Looks up which rows were dispatched before, stages the rows for confirmation and
/// shows the preview with `status`.
async fn stage_and_preview(
    state: &AppState,
    mut page: ImportPage,
    staged: Staged,
    status: StatusCode,
) -> Response {
    let lang = page.tr.lang;
    let refuse = |mut page: ImportPage, e: AppError| {
        page.error = Some(e.message(lang));
        (e.kind.status(), page).into_response()
    };
    let items: Vec<NewDispatch> = staged.rows.iter().map(|(_, d)| d.clone()).collect();
    let precedents = match state.store.precedents(&items).await {
        Ok(p) => p,
        Err(e) => return refuse(page, e.into()),
    };
    page.rows = staged.rows.len();
    page.fill_preview(&staged.rows, &precedents);
    match staging::put(&state.store, &staged).await {
        Ok(token) => page.token = Some(token),
        Err(e) => return refuse(page, e),
    }
    (status, page).into_response()
}

/// The confirmation's choice.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ConfirmForm {
    /// Present (a ticked box) when rows whose document already has an open dispatch
    /// are to be left out and the rest saved.
    #[serde(default)]
    lewati: Option<String>,
}

/// `POST /dasbor/impor/{token}`: save a previewed, clean file. Rows whose document
/// already has an open dispatch (checked again now) are left out if the operator chose
/// so; otherwise nothing is saved and the preview is shown again, naming them.
pub async fn confirm(
    State(state): State<AppState>,
    s: Staff,
    Path(token): Path<String>,
    form: Result<Form<ConfirmForm>, FormRejection>,
) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    // No form (or an unreadable one) chooses nothing: existing rows are then refused.
    let skip = form
        .map(|Form(f)| f.lewati.is_some_and(|v| !v.is_empty()))
        .unwrap_or(false);
    let mut page = ImportPage::new(&s);
    let staged = match staging::take(&state.store, &token, s.user.id, &s.scope).await {
        Ok(Some(staged)) => staged,
        Ok(None) => {
            let e = AppError::new(ErrorKind::Gone, "import.expired");
            page.error = Some(e.message(s.tr.lang));
            return (e.kind.status(), page).into_response();
        }
        Err(e) => return s.error(&e),
    };
    let items: Vec<NewDispatch> = staged.rows.iter().map(|(_, d)| d.clone()).collect();
    let on_existing = if skip {
        OnExisting::Skip
    } else {
        OnExisting::Refuse
    };
    let report = match state
        .store
        .issue_dispatches(&items, on_existing, now())
        .await
    {
        Ok(report) => report,
        Err(e) => return s.error(&e.into()),
    };
    page.batch = import::record(
        &state.store,
        &s.who(),
        &staged.file,
        items.len(),
        &report,
        skip,
    )
    .await;
    if !skip && report.existing().next().is_some() {
        // Nothing was saved: say which rows and codes, and offer the preview again.
        let rows: Vec<(u64, crate::store::dispatches::Earlier)> = report
            .existing()
            .filter_map(|(i, earlier)| staged.rows.get(i).map(|(line, _)| (*line, earlier)))
            .collect();
        let e = import::existing_rows(&rows, "page");
        let named: Vec<String> = rows
            .iter()
            .take(SHOWN_MATCHES)
            .map(|(line, earlier)| {
                s.tr.t2(
                    "dash-line-code",
                    "line",
                    line,
                    "code",
                    earlier.tracking_code,
                )
            })
            .collect();
        page.error = Some(format!("{} ({})", e.message(s.tr.lang), named.join(", ")));
        page.file = staged.file.clone();
        return stage_and_preview(&state, page, staged, e.kind.status()).await;
    }
    if report.stored() > 0 {
        state.publish.notify_one();
        state.notices.notify_one();
    }
    page.file = staged.file;
    page.imported = Some(report.stored());
    page.skipped = report.existing().count();
    page.reprint_count = report
        .precedents
        .iter()
        .zip(&report.codes)
        .filter(|(p, code)| code.is_some() && p.reprint_of().is_some())
        .count();
    page.into_response()
}

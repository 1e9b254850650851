//! CSV imports through the API: every row checked first, documents already on their
//! way named per line, the new tracking codes returned by line.

use antar_shared::i18n::Tr;
use antar_shared::web::PageLang;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use serde::{Deserialize, Serialize};

use super::auth::Operator;
use super::error::{ApiJson, ApiQuery, ErrorResponse, LineDetail, body_refused};
use crate::error::AppError;
use crate::issuance::import;
use crate::state::AppState;
use crate::store::dispatches::{Earlier, OnExisting};
use crate::store::now;
use crate::store::users::Role;

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
    /// Bad rows (all of them), in the request's language.
    pub errors: Vec<LineDetail>,
    /// Tracking codes of the stored rows, by line.
    pub tracking_codes: Vec<ImportedLine>,
    /// Rows whose document already has an open dispatch: skipped (or, in a dry run,
    /// found), each with that dispatch's tracking code.
    pub existing: Vec<ExistingLine>,
    /// Rows that reprint a document whose earlier dispatch is closed, with that code.
    pub reprints: Vec<ReprintLine>,
    /// The batch of the stored rows, when any were stored: its residents' slips are at
    /// `/dasbor/terbitan/{batch}/slip`, its codes at `/dasbor/terbitan/{batch}/kode.csv`.
    pub batch: Option<i64>,
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
    PageLang(lang): PageLang,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<ApiJson<ImportResult>, AppError> {
    operator.require(Role::Operator)?;
    let body = body.map_err(body_refused)?;
    let mut checked = tokio::task::spawn_blocking(move || import::check(body.as_ref(), |_| {}))
        .await
        .map_err(AppError::internal)??;
    checked.keep_in_scope(&operator.2);
    if !checked.errors.is_empty() && !query.skip_invalid && !query.dry_run {
        return Err(import::bad_rows(&checked));
    }
    let items: Vec<_> = checked.valid.iter().map(|(_, d)| d.clone()).collect();
    let lines: Vec<u64> = checked.valid.iter().map(|(line, _)| *line).collect();
    let mut result = ImportResult {
        rows: checked.rows,
        imported: 0,
        errors: checked
            .errors
            .iter()
            .map(|e| LineDetail::new(e, Tr::new(lang)))
            .collect(),
        tracking_codes: Vec::new(),
        existing: Vec::new(),
        reprints: Vec::new(),
        batch: None,
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
        let who = operator.who();
        result.batch = import::record(
            &state.store,
            &who,
            "api",
            items.len(),
            &report,
            query.skip_existing,
        )
        .await;
        // Refused: nothing was stored.
        if !query.skip_existing && report.existing().next().is_some() {
            let rows: Vec<(u64, Earlier)> = report
                .existing()
                .map(|(i, earlier)| (lines[i], earlier))
                .collect();
            return Err(import::existing_rows(&rows, "api"));
        }
        if report.stored() > 0 {
            state.publish.notify_one();
            state.notices.notify_one();
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

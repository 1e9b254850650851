//! CSV imports through the API: every row checked first, documents already on their
//! way named per line, the new tracking codes returned by line.

use antar_shared::i18n::Tr;
use antar_shared::tracking::TrackingCode;
use antar_shared::web::PageLang;
use axum::body::Body;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::auth::Operator;
use super::error::{ApiQuery, ErrorResponse, LineDetail, SizedJson};
use crate::error::AppError;
use crate::issuance::{import, spool};
use crate::state::AppState;
use crate::store::dispatches::{Earlier, OnExisting, Precedent};
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
    /// Bad rows' problems, in the request's language: those of the first 1,000 bad
    /// lines (a file of more bad lines is counted whole in the refusal's message).
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
    /// Its new tracking code (eight bytes here, a string on the wire: an import's
    /// answer holds one per row).
    #[schema(value_type = String)]
    pub tracking_code: TrackingCode,
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
    body: Body,
) -> Result<SizedJson<ImportResult>, AppError> {
    operator.require(Role::Operator)?;
    let spooled = spool::spool(body, super::IMPORT_BODY_LIMIT).await?;
    let scope = operator.2.clone();
    let (spooled, scan) = tokio::task::spawn_blocking(move || {
        let scan = spool::scan(&spooled, &scope);
        (spooled, scan)
    })
    .await
    .map_err(AppError::internal)?;
    let scan = scan?;
    if scan.bad_lines > 0 && !query.skip_invalid && !query.dry_run {
        return Err(scan.refusal());
    }
    let mut result = ImportResult {
        rows: scan.rows,
        imported: 0,
        errors: scan
            .errors
            .iter()
            .map(|e| LineDetail::new(e, Tr::new(lang)))
            .collect(),
        tracking_codes: Vec::new(),
        existing: Vec::new(),
        reprints: Vec::new(),
        batch: None,
    };
    let mut parts = spool::good_rows(spooled, operator.2.clone());
    if query.dry_run {
        while let Some(part) = parts.recv().await {
            let (lines, items) = part?.into_iter().unzip::<_, _, Vec<u64>, Vec<_>>();
            let precedents = state.store.precedents(&items).await?;
            result.note(&lines, &precedents, &[]);
        }
        return Ok(SizedJson(result));
    }
    let on_existing = if query.skip_existing {
        OnExisting::Skip
    } else {
        OnExisting::Refuse
    };
    let mut issuing = state.store.begin_issuing(on_existing, now()).await?;
    let mut refused: Vec<(u64, Earlier)> = Vec::new();
    while let Some(part) = parts.recv().await {
        let (lines, items) = part?.into_iter().unzip::<_, _, Vec<u64>, Vec<_>>();
        let report = issuing.add(&items).await?;
        refused.extend(report.existing().map(|(i, earlier)| (lines[i], earlier)));
        result.note(&lines, &report.precedents, &report.codes);
    }
    let stored = issuing.finish().await?;
    let codes: Vec<TrackingCode> = result
        .tracking_codes
        .iter()
        .map(|l| l.tracking_code)
        .collect();
    let outcome = import::Outcome {
        file: "api",
        rows: scan.valid,
        stored: if stored { &codes } else { &[] },
        existing: refused.len(),
        skip_existing: query.skip_existing,
    };
    result.batch = import::record_outcome(&state.store, &operator.who(), &outcome).await;
    if !stored {
        // Refused: nothing was stored.
        return Err(import::existing_rows(&refused, "api"));
    }
    if !codes.is_empty() {
        state.publish.notify_one();
        state.notices.notify_one();
    }
    result.imported = result.tracking_codes.len();
    Ok(SizedJson(result))
}

impl ImportResult {
    /// Adds what became of one part's lines: already on their way, reprints, and (when
    /// stored) their new codes.
    fn note(&mut self, lines: &[u64], precedents: &[Precedent], codes: &[Option<TrackingCode>]) {
        for (i, precedent) in precedents.iter().enumerate() {
            let line = lines[i];
            if let Some(earlier) = precedent.open.first() {
                self.existing.push(ExistingLine {
                    line,
                    tracking_code: earlier.tracking_code.to_string(),
                    status: earlier.status.code().to_owned(),
                });
            } else if let Some(earlier) = precedent.reprint_of() {
                self.reprints.push(ReprintLine {
                    line,
                    reprint_of: earlier.to_string(),
                });
            }
            if let Some(Some(code)) = codes.get(i) {
                self.tracking_codes.push(ImportedLine {
                    line,
                    tracking_code: *code,
                });
            }
        }
    }
}

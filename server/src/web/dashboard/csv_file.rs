//! A CSV file to download, as every dashboard export makes it: a header, one row per
//! record (cells that a spreadsheet would run are defused by the callers), and the
//! headers that make the browser save it under `name`.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// The file, or an internal error when it cannot be written.
pub fn download<R, C>(name: &str, header: &[&str], rows: R) -> Result<Response, AppError>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<[u8]>,
{
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).map_err(AppError::internal)?;
    for row in rows {
        out.write_record(row).map_err(AppError::internal)?;
    }
    let body = out.into_inner().map_err(AppError::internal)?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

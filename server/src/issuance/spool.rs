//! A CSV upload read with bounded memory. The body goes to an unnamed temporary file as
//! it arrives (never whole in memory: a 31 MB file once cost the server 130 MB it did
//! not give back), then the file is read twice, a row at a time: once to check every
//! row, once to store the good ones a few hundred at a time into one transaction
//! (`Store::begin_issuing`). What stays in memory is a digest per row (for duplicates)
//! and the answer's tracking codes.
//!
//! The file holds NIKs: it has no name (deleted when closed, or when the process dies)
//! and only the server's user can read it.

use std::io::{BufReader, Seek, SeekFrom};

use axum::body::Body;
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;

use super::import::{Row, Rows, outside_scope};
use crate::error::{AppError, ErrorKind, LineError};
use crate::scope::Scope;
use crate::store::dispatches::NewDispatch;

/// Rows stored per part of the transaction.
pub const PART_ROWS: usize = 500;

/// Bad lines whose problems are listed in full; beyond them only the count is kept,
/// so a file of 200,000 bad rows answers with a bounded list.
pub const MAX_DETAILED_LINES: usize = 1_000;

/// An upload, in its temporary file.
#[derive(Debug)]
pub struct Spooled {
    file: std::fs::File,
}

/// Writes the body to a temporary file as it arrives, refusing it once it passes
/// `limit` bytes (counted after any `Content-Encoding` is undone, so a gzip bomb is
/// refused too). A body cut off mid-way, or gzip that is not gzip, is the client's 400.
pub async fn spool(body: Body, limit: usize) -> Result<Spooled, AppError> {
    let file = tempfile::tempfile().map_err(AppError::internal)?;
    let mut file = tokio::fs::File::from_std(file);
    let mut stream = body.into_data_stream();
    let mut bytes = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::new(ErrorKind::BadRequest, "request.body_unreadable").caused_by(e)
        })?;
        bytes += chunk.len();
        if bytes > limit {
            return Err(AppError::too_large());
        }
        file.write_all(&chunk).await.map_err(AppError::internal)?;
    }
    file.flush().await.map_err(AppError::internal)?;
    Ok(Spooled {
        file: file.into_std().await,
    })
}

impl Spooled {
    /// The file from its start, read through a buffer.
    fn rows(&self) -> Result<Rows<BufReader<std::fs::File>>, AppError> {
        let mut file = self.file.try_clone().map_err(AppError::internal)?;
        file.seek(SeekFrom::Start(0)).map_err(AppError::internal)?;
        Rows::new(BufReader::new(file))
    }
}

/// What the first reading found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Data rows.
    pub rows: usize,
    /// Rows that will be stored (good, and in the account's kecamatan).
    pub valid: usize,
    /// Lines with at least one problem.
    pub bad_lines: usize,
    /// The problems of the first [`MAX_DETAILED_LINES`] bad lines.
    pub errors: Vec<LineError>,
}

impl Scan {
    /// The error for a file with bad rows (nothing imported).
    pub fn refusal(&self) -> AppError {
        let mut error = AppError::new(ErrorKind::Unprocessable, "import.invalid_rows")
            .arg("rows", self.bad_lines);
        error.details = self.errors.clone();
        error
    }

    fn bad(&mut self, errors: Vec<LineError>) {
        self.bad_lines += 1;
        if self.bad_lines <= MAX_DETAILED_LINES {
            self.errors.extend(errors);
        }
    }
}

/// Checks every row (blocking: call it off the async threads).
pub fn scan(spooled: &Spooled, scope: &Scope) -> Result<Scan, AppError> {
    let mut rows = spooled.rows()?;
    let mut scan = Scan::default();
    while let Some(row) = rows.next_row()? {
        match row {
            Row::Valid(_, dispatch) if scope.covers(dispatch.desa) => scan.valid += 1,
            Row::Valid(line, dispatch) => scan.bad(vec![outside_scope(line, &dispatch, scope)]),
            Row::Invalid(errors) => scan.bad(errors),
        }
    }
    scan.rows = rows.count();
    Ok(scan)
}

/// A part of the good rows, with their lines.
pub type Part = Vec<(u64, NewDispatch)>;

/// Reads the good rows again, [`PART_ROWS`] at a time, on a blocking thread; at most
/// two parts wait in the channel, so memory stays bounded whatever the file's size.
/// The reading stops when the receiver is dropped.
pub fn good_rows(spooled: Spooled, scope: Scope) -> mpsc::Receiver<Result<Part, AppError>> {
    let (tx, rx) = mpsc::channel(2);
    tokio::task::spawn_blocking(move || {
        let result = (|| {
            let mut rows = spooled.rows()?;
            let mut part = Vec::with_capacity(PART_ROWS);
            while let Some(row) = rows.next_row()? {
                if let Row::Valid(line, dispatch) = row
                    && scope.covers(dispatch.desa)
                {
                    part.push((line, *dispatch));
                }
                if part.len() == PART_ROWS {
                    let full = std::mem::replace(&mut part, Vec::with_capacity(PART_ROWS));
                    if tx.blocking_send(Ok(full)).is_err() {
                        return Ok(());
                    }
                }
            }
            if !part.is_empty() {
                let _ = tx.blocking_send(Ok(part));
            }
            Ok(())
        })();
        if let Err(e) = result {
            let _ = tx.blocking_send(Err(e));
        }
    });
    rx
}

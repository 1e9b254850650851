//! CSV import of a batch of dispatches.
//!
//! Columns `kind,number,holder_name,nik,desa_code,applicant_phone` (any order, the phone
//! column optional). Every row is validated before anything is stored; a bad row is
//! reported with its line number and reason, and then nothing is imported unless the
//! caller asked to skip invalid rows.

use std::collections::HashMap;
use std::io::Read;

use crate::audit::Event;
use crate::error::{AppError, ErrorKind, LineError};
use antar_shared::tracking::TrackingCode;

use crate::store::dispatches::{Earlier, IssueReport, NewDispatch};

use super::DispatchInput;

/// The most rows one import may hold.
pub const MAX_ROWS: usize = 200_000;

const REQUIRED: [&str; 5] = ["kind", "number", "holder_name", "nik", "desa_code"];
const OPTIONAL: [&str; 1] = ["applicant_phone"];

/// A validated CSV: the good rows (with their line numbers) and the bad ones.
#[derive(Debug, Default)]
pub struct Checked {
    /// Rows that passed, with their line numbers.
    pub valid: Vec<(u64, NewDispatch)>,
    /// Problems, per line and field.
    pub errors: Vec<LineError>,
    /// Data rows read.
    pub rows: usize,
}

impl Checked {
    /// Moves rows for a desa outside `scope` to the errors (`scope.outside`, per line):
    /// a kecamatan operator's file cannot issue for another kecamatan.
    pub fn keep_in_scope(&mut self, scope: &crate::scope::Scope) {
        let (inside, outside): (Vec<_>, Vec<_>) = std::mem::take(&mut self.valid)
            .into_iter()
            .partition(|(_, d)| scope.covers(d.desa));
        self.valid = inside;
        for (line, d) in outside {
            self.errors.push(outside_scope(line, &d, scope));
        }
        self.errors.sort_by_key(|e| e.line);
    }
}

/// A row for a desa the account does not cover.
pub fn outside_scope(line: u64, dispatch: &NewDispatch, scope: &crate::scope::Scope) -> LineError {
    LineError {
        line,
        field: "desa_code".into(),
        code: "scope.outside",
        args: vec![
            ("kecamatan", dispatch.desa.district().to_string()),
            ("covered", scope.joined().unwrap_or_default()),
        ],
    }
}

fn file_error(code: &'static str) -> AppError {
    AppError::new(ErrorKind::Unprocessable, code)
}

/// The file cannot be read as CSV text at the header or at a line: which line, and
/// whether it is the text's encoding (`utf8`) or `other`; the reader's words go to the
/// log.
fn unreadable(e: csv::Error, at: &str) -> AppError {
    let line = e.position().map_or(1, |p| p.record() + 1);
    let why = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "utf8",
        _ => "other",
    };
    file_error("import.unreadable")
        .arg("at", at)
        .arg("line", line)
        .arg("why", why)
        .caused_by(e)
}

/// Reads and validates a CSV. `progress` is called with the number of rows read.
pub fn check(input: impl Read, mut progress: impl FnMut(usize)) -> Result<Checked, AppError> {
    let mut rows = Rows::new(input)?;
    let mut checked = Checked::default();
    while let Some(row) = rows.next_row()? {
        match row {
            Row::Valid(line, dispatch) => checked.valid.push((line, *dispatch)),
            Row::Invalid(errors) => checked.errors.extend(errors),
        }
        if rows.count() % 1000 == 0 {
            progress(rows.count());
        }
    }
    checked.rows = rows.count();
    progress(checked.rows);
    Ok(checked)
}

/// One data row of the file, checked.
#[derive(Debug)]
pub enum Row {
    /// A good row and its line.
    Valid(u64, Box<NewDispatch>),
    /// A bad row's problems (at least one), each naming its line and field.
    Invalid(Vec<LineError>),
}

/// A CSV read and validated one row at a time, so a large file need not be held whole
/// (`issuance::spool` reads an upload twice this way: once to check, once to store).
#[derive(Debug)]
pub struct Rows<R> {
    reader: csv::Reader<R>,
    columns: HashMap<String, usize>,
    record: csv::StringRecord,
    /// Each document (kind and number) seen so far, by a digest of its key, and its
    /// first line: 24 bytes a row however long the number, for a file's duplicates.
    seen: HashMap<u128, u64>,
    rows: usize,
}

impl<R: Read> Rows<R> {
    /// Reads the header: every required column present and no unknown one.
    pub fn new(input: R) -> Result<Self, AppError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(input);
        let headers = reader.headers().map_err(|e| unreadable(e, "header"))?;
        let columns = columns(headers)?;
        Ok(Rows {
            reader,
            columns,
            record: csv::StringRecord::new(),
            seen: HashMap::new(),
            rows: 0,
        })
    }

    /// The next data row, checked; `None` at the end (an error for a file with no
    /// rows, or with more than [`MAX_ROWS`]).
    pub fn next_row(&mut self) -> Result<Option<Row>, AppError> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| unreadable(e, "line"))?;
        if !more {
            if self.rows == 0 {
                return Err(file_error("import.empty"));
            }
            return Ok(None);
        }
        self.rows += 1;
        if self.rows > MAX_ROWS {
            return Err(file_error("import.too_many_rows").arg("max", MAX_ROWS));
        }
        Ok(Some(check_row(&self.record, &self.columns, &mut self.seen)))
    }

    /// Data rows read so far.
    pub fn count(&self) -> usize {
        self.rows
    }
}

/// Where each column is, by its (lower-case) name; every required column present and
/// no unknown one.
fn columns(headers: &csv::StringRecord) -> Result<HashMap<String, usize>, AppError> {
    let mut columns = HashMap::new();
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}').to_ascii_lowercase();
        if !REQUIRED.contains(&name.as_str()) && !OPTIONAL.contains(&name.as_str()) {
            return Err(file_error("import.unknown_column")
                .arg("column", format!("{name:?}"))
                .arg("columns", [&REQUIRED[..], &OPTIONAL[..]].concat().join(",")));
        }
        columns.insert(name, i);
    }
    if let Some(missing) = REQUIRED.iter().find(|c| !columns.contains_key(**c)) {
        return Err(file_error("import.missing_column").arg("column", format!("{missing:?}")));
    }
    Ok(columns)
}

/// Validates one row: a good row, or its problems (also a document that an earlier
/// line of the file already holds).
fn check_row(
    record: &csv::StringRecord,
    columns: &HashMap<String, usize>,
    seen: &mut HashMap<u128, u64>,
) -> Row {
    // The row as a spreadsheet numbers it (the header is row 1): the reader's line count
    // knows only `\n`, so a file with carriage returns alone was all "line 1".
    let line = record.position().map(|p| p.record() + 1).unwrap_or(0);
    let field = |name: &str| {
        columns
            .get(name)
            .and_then(|i| record.get(*i))
            .unwrap_or_default()
            .to_owned()
    };
    let input = DispatchInput {
        kind: field("kind"),
        number: field("number"),
        holder_name: field("holder_name"),
        nik: field("nik"),
        desa_code: field("desa_code"),
        applicant_phone: Some(field("applicant_phone")),
        ..Default::default()
    };
    match input.validate(line) {
        Ok(dispatch) => {
            let key = document_key(dispatch.kind.code(), dispatch.number.as_str());
            match seen.insert(key, line) {
                Some(first) => Row::Invalid(vec![LineError {
                    line,
                    field: "number".into(),
                    code: "import.duplicate",
                    args: vec![("first", first.to_string())],
                }]),
                None => Row::Valid(line, Box::new(dispatch)),
            }
        }
        Err(errors) => Row::Invalid(errors),
    }
}

/// A document's key (kind and number) as 128 bits of its SHA-256: two different
/// documents sharing one is beyond any file's reach (2^-64 for 2^32 rows).
fn document_key(kind: &str, number: &str) -> u128 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(kind.as_bytes())
        .chain_update([0])
        .chain_update(number.as_bytes())
        .finalize();
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    u128::from_le_bytes(first)
}

/// The error for a file with bad rows (nothing imported).
pub fn bad_rows(checked: &Checked) -> AppError {
    let lines: std::collections::BTreeSet<u64> = checked.errors.iter().map(|e| e.line).collect();
    let mut error =
        AppError::new(ErrorKind::Unprocessable, "import.invalid_rows").arg("rows", lines.len());
    error.details = checked.errors.clone();
    error
}

/// A row whose document already has an open dispatch, naming that dispatch and its
/// status (a status code the message turns into words).
pub fn existing_line(line: u64, earlier: &Earlier) -> LineError {
    LineError {
        line,
        field: "number".into(),
        code: "dispatch.exists",
        args: vec![
            ("at", "line".to_owned()),
            ("code", earlier.tracking_code.to_string()),
            ("status", earlier.status.code().to_owned()),
        ],
    }
}

/// The error for a file with rows whose documents already have an open dispatch
/// (nothing imported): each row with its line and the existing tracking code. `from`
/// says where the file came (`api`, `cli` or `page`), so the message says how to import
/// the rest from there.
pub fn existing_rows(rows: &[(u64, Earlier)], from: &'static str) -> AppError {
    let mut error = AppError::new(ErrorKind::Conflict, "import.existing")
        .arg("rows", rows.len())
        .arg("from", from);
    error.details = rows
        .iter()
        .map(|(line, earlier)| existing_line(*line, earlier))
        .collect();
    error
}

/// After an import ran: its audit entry, and the batch of what it stored (who issued
/// each, shown on their Issue ops; the slips and codes to print). The batch's number,
/// when it stored anything; a failure to note it is logged, not returned (the
/// dispatches are issued either way).
pub async fn record(
    store: &crate::store::Store,
    who: &crate::audit::Who,
    file: &str,
    rows: usize,
    report: &IssueReport,
    skip_existing: bool,
) -> Option<i64> {
    let codes: Vec<_> = report.codes.iter().flatten().copied().collect();
    let outcome = Outcome {
        file,
        rows,
        stored: &codes,
        existing: report.existing().count(),
        skip_existing,
    };
    record_outcome(store, who, &outcome).await
}

/// What an import did, for its audit entry and batch.
#[derive(Debug)]
pub struct Outcome<'a> {
    /// Where the file came from (its name, or `api`).
    pub file: &'a str,
    /// Rows offered.
    pub rows: usize,
    /// The tracking codes stored (ignored when refused).
    pub stored: &'a [TrackingCode],
    /// Rows whose document already had an open dispatch.
    pub existing: usize,
    /// Whether those rows were skipped (else the whole file was refused).
    pub skip_existing: bool,
}

impl Outcome<'_> {
    fn refused(&self) -> bool {
        !self.skip_existing && self.existing > 0
    }
}

/// [`record`] for an import whose parts were issued one at a time.
pub async fn record_outcome(
    store: &crate::store::Store,
    who: &crate::audit::Who,
    outcome: &Outcome<'_>,
) -> Option<i64> {
    crate::audit::record(store, who, audit_event(outcome)).await;
    if outcome.stored.is_empty() || outcome.refused() {
        return None;
    }
    match store
        .record_batch(
            outcome.stored,
            who.name(),
            outcome.file,
            crate::store::now(),
        )
        .await
    {
        Ok(batch) => Some(batch),
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "an import's batch not recorded");
            None
        }
    }
}

/// The audit log's entry for an import that ran: the file, how many rows were offered,
/// and what became of them (stored, or refused because some already had an open
/// dispatch).
fn audit_event(outcome: &Outcome<'_>) -> Event {
    let refused = outcome.refused();
    Event::new("import", outcome.file).detail(serde_json::json!({
        "rows": outcome.rows,
        "stored": if refused { 0 } else { outcome.stored.len() },
        "existing": outcome.existing,
        "result": if refused { "refused" } else { "stored" },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "kind,number,holder_name,nik,desa_code,applicant_phone\n\
        kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,081234567890\n\
        Akta Kelahiran,5206-LT-12032024-0042,Muhammad Saleh,5206030101200003,5206032012,\n";

    #[test]
    fn reads_good_rows() {
        let checked = check(GOOD.as_bytes(), |_| {}).unwrap();
        assert_eq!(checked.rows, 2);
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        assert_eq!(checked.valid[1].0, 3);
        assert_eq!(checked.valid[0].1.phone.as_deref(), Some("6281234567890"));
        assert_eq!(checked.valid[1].1.phone, None);
    }

    #[test]
    fn names_each_bad_line_and_field() {
        let csv = format!(
            "{GOOD}paspor,1,Budi,5206034507900001,52.06.03.2012,\n\
             kk,2,Budi,12345,52.06.03.2099,0812\n"
        );
        let checked = check(csv.as_bytes(), |_| {}).unwrap();
        let found: Vec<(u64, &str)> = checked
            .errors
            .iter()
            .map(|e| (e.line, e.field.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (4, "kind"),
                (5, "nik"),
                (5, "desa_code"),
                (5, "applicant_phone")
            ]
        );
        let err = bad_rows(&checked);
        assert_eq!(err.code, "import.invalid_rows");
        assert!(err.message(antar_shared::Lang::Id).starts_with("2 baris"));
        assert!(
            err.message(antar_shared::Lang::En)
                .starts_with("2 invalid rows")
        );
    }

    /// A file saved with carriage returns only (Excel for Mac's "CSV (Macintosh)")
    /// names each bad row by its own row number, as the spreadsheet shows it; the
    /// reader's line count saw one line and named every row "line 1" (found by the
    /// `csv_import` fuzzer).
    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them_whatever_the_line_endings() {
        let csv = "kind,number,holder_name,nik,desa_code\r\
            kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012\r\
            kk,2,Budi,12345,52.06.03.2012\r\
            paspor,3,Budi,5206034507900001,52.06.03.2012\r";
        let checked = check(csv.as_bytes(), |_| {}).unwrap();
        assert_eq!(checked.valid[0].0, 2);
        let lines: Vec<u64> = checked.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4]);
        // A quoted field over two lines is still one row: the name with a line break
        // is row 2's problem, and the next row is row 3 (the text's line 4).
        let csv = "kind,number,holder_name,nik,desa_code\n\
            kk,5206031203240001,\"Siti\nAminah\",5206034507900001,52.06.03.2012\n\
            kk,2,Budi,12345,52.06.03.2012\n";
        let checked = check(csv.as_bytes(), |_| {}).unwrap();
        let lines: Vec<u64> = checked.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3]);
    }

    #[test]
    fn refuses_unknown_and_missing_columns_and_duplicates() {
        assert_eq!(
            check("kind,number,holder,nik,desa_code\n".as_bytes(), |_| {})
                .unwrap_err()
                .code,
            "import.unknown_column"
        );
        assert_eq!(
            check("kind,number,nik,desa_code\n".as_bytes(), |_| {})
                .unwrap_err()
                .code,
            "import.missing_column"
        );
        assert_eq!(
            check("kind,number,holder_name,nik,desa_code\n".as_bytes(), |_| {})
                .unwrap_err()
                .code,
            "import.empty"
        );
        let twice =
            format!("{GOOD}kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,\n");
        let checked = check(twice.as_bytes(), |_| {}).unwrap();
        assert_eq!(checked.errors[0].code, "import.duplicate");
        assert_eq!(checked.errors[0].line, 4);
    }

    /// A file that is not UTF-8 text (saved as "CSV" in a legacy code page) names the
    /// line and what to do; the CSV reader's English goes to the log only.
    #[test]
    fn a_line_that_is_not_utf8_names_the_line_and_the_remedy() {
        let mut csv = GOOD.as_bytes().to_vec();
        csv.extend_from_slice(b"kk,5206031203240009,Nurd\xe9n,5206034507900001,52.06.03.2012,\n");
        let e = check(csv.as_slice(), |_| {}).unwrap_err();
        assert_eq!(e.code, "import.unreadable");
        let id = e.message(antar_shared::Lang::Id);
        assert!(
            id.starts_with("Baris 4 tidak bisa dibaca: bukan teks UTF-8"),
            "{id}"
        );
        let en = e.message(antar_shared::Lang::En);
        assert!(en.contains("save the file again as \"CSV UTF-8\""), "{en}");
        assert!(e.chain().is_some_and(|c| c.to_string().contains("UTF-8")));
        for text in [&id, &en] {
            assert!(!text.contains("invalid utf-8"), "{text}");
        }
    }
}

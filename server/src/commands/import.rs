//! `import FILE`: dispatches from a CSV file. Every row is checked first; bad rows and
//! documents already on their way are named per line on stderr, and the new tracking
//! codes are written as CSV on stdout (or `--output`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use antar_shared::Lang;
use antar_shared::i18n::Tr;
use indicatif::{ProgressBar, ProgressStyle};

use super::spinner;
use crate::error::{AppError, ErrorKind};
use crate::issuance::import::{self, Checked};
use crate::store::dispatches::{Earlier, IssueReport, NewDispatch, OnExisting};
use crate::store::{Store, now};
use antar_shared::i18n::io_why;
use antar_shared::text::spreadsheet_safe;

/// Options of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Berkas CSV / the CSV file.
    pub file: PathBuf,
    /// Hanya periksa, jangan simpan / check only, store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Impor baris yang benar walau ada yang salah / import the good rows anyway.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Lewati baris yang dokumennya (jenis dan nomor) sudah punya kiriman yang masih
    /// berjalan; kode lacaknya dicetak ke stderr / skip rows whose document (kind and
    /// number) already has an open dispatch; their codes are printed on stderr.
    #[arg(long)]
    pub skip_existing: bool,
    /// Tulis kode lacak ke berkas ini / write tracking codes to this file.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Checks the file, then stores its rows (or, with `--dry-run`, only says what it
/// would do). Bad rows refuse the whole file unless `--skip-invalid`, in a dry run too.
pub async fn run(store: &Store, args: ImportArgs, lang: Lang) -> Result<(), AppError> {
    let checked = check_file(&args.file, lang)?;
    let tr = Tr::new(lang);
    for e in &checked.errors {
        let line = tr.t3(
            "srv-import-bad-field",
            ("line", &e.line),
            ("column", &e.field),
            ("message", &tr.error(e)),
        );
        eprintln!("{line}");
    }
    let refused = !checked.errors.is_empty() && !args.skip_invalid;
    if refused && !args.dry_run {
        return Err(import::bad_rows(&checked));
    }
    let items: Vec<_> = checked.valid.iter().map(|(_, d)| d.clone()).collect();
    let lines: Vec<u64> = checked.valid.iter().map(|(line, _)| *line).collect();
    if args.dry_run {
        dry_run(store, &checked, &items, &lines, lang).await?;
        if refused {
            // The rows are named above; the error says nothing was (or would be) stored.
            let mut error = import::bad_rows(&checked);
            error.details.clear();
            return Err(error);
        }
        return Ok(());
    }
    let report = issue(store, &items, &lines, args.skip_existing, lang).await;
    let mut batch = None;
    if let Ok(report) = &report {
        let file = args.file.display().to_string();
        let who = crate::audit::Who::command();
        batch = import::record(store, &who, &file, items.len(), report, args.skip_existing).await;
    }
    let report = report?;
    let reprinted = write_codes(&args, &checked, &report, lang)?;
    print_summary(&checked, &report, reprinted, lang);
    if let Some(batch) = batch {
        eprintln!("{}", Tr::new(lang).t1("srv-batch", "id", batch));
    }
    Ok(())
}

/// Opens and checks the file, with a progress bar on a terminal.
fn check_file(path: &Path, lang: Lang) -> Result<Checked, AppError> {
    let file = std::fs::File::open(path).map_err(|e| {
        AppError::new(ErrorKind::BadRequest, "import.open")
            .arg("file", path.display())
            .arg("why", io_why(&e))
            .caused_by(e)
    })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(size)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(Tr::new(lang).t("srv-import-checking"));
    let reader = bar.wrap_read(file);
    let checked = import::check(reader, |_| {})?;
    bar.finish_and_clear();
    Ok(checked)
}

/// `--dry-run`: names the rows whose documents are already on their way or would be
/// reprints, and counts everything. Stores nothing.
async fn dry_run(
    store: &Store,
    checked: &Checked,
    items: &[NewDispatch],
    lines: &[u64],
    lang: Lang,
) -> Result<(), AppError> {
    let precedents = store.precedents(items).await?;
    let mut existing = 0;
    let mut reprints = 0;
    for (line, precedent) in lines.iter().zip(&precedents) {
        if let Some(earlier) = precedent.open.first() {
            existing += 1;
            eprintln!("{}", existing_line(lang, *line, earlier, false));
        } else if let Some(earlier) = &precedent.closed {
            reprints += 1;
            eprintln!("{}", reprint_line(lang, *line, earlier));
        }
    }
    let invalid = checked.rows - checked.valid.len();
    let done = Tr::new(lang).with(
        "srv-import-dry-run-done",
        &[
            ("rows", checked.rows.to_string()),
            ("valid", checked.valid.len().to_string()),
            ("invalid", invalid.to_string()),
            ("existing", existing.to_string()),
            ("reprints", reprints.to_string()),
        ],
    );
    eprintln!("{done}");
    Ok(())
}

/// Issues the good rows. Rows whose documents are already on their way are named;
/// without `--skip-existing` they refuse the whole file (nothing stored).
async fn issue(
    store: &Store,
    items: &[NewDispatch],
    lines: &[u64],
    skip_existing: bool,
    lang: Lang,
) -> Result<IssueReport, AppError> {
    let on_existing = if skip_existing {
        OnExisting::Skip
    } else {
        OnExisting::Refuse
    };
    let saving = spinner(Tr::new(lang).t("srv-import-saving"));
    let report = store.issue_dispatches(items, on_existing, now()).await?;
    saving.finish_and_clear();
    let existing: Vec<(u64, Earlier)> = report
        .existing()
        .map(|(i, earlier)| (lines[i], earlier))
        .collect();
    for (line, earlier) in &existing {
        eprintln!("{}", existing_line(lang, *line, earlier, skip_existing));
    }
    if !skip_existing && !existing.is_empty() {
        // Nothing was stored. Every line is named above; the error says what to do.
        let mut error = import::existing_rows(&existing, "cli");
        error.details.clear();
        return Err(error);
    }
    Ok(report)
}

/// Writes one CSV line per stored row (line, new tracking code, the document, what it
/// reprints) to stdout or `--output`, naming reprints on stderr. Returns how many rows
/// were reprints.
fn write_codes(
    args: &ImportArgs,
    checked: &Checked,
    report: &IssueReport,
    lang: Lang,
) -> Result<usize, AppError> {
    let target = args
        .output
        .as_ref()
        .map_or_else(|| "stdout".to_owned(), |p| p.display().to_string());
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| output_error(&target, e))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let failed = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => output_error(&target, io),
        other => AppError::internal_message(format!("writing the codes: {other:?}")),
    };
    let mut csv = csv::Writer::from_writer(&mut out);
    csv.write_record([
        "line",
        "tracking_code",
        "kind",
        "number",
        "holder_name",
        "desa_code",
        "reprint_of",
    ])
    .map_err(failed)?;
    let mut reprinted = 0;
    for (((line, d), code), precedent) in checked
        .valid
        .iter()
        .zip(&report.codes)
        .zip(&report.precedents)
    {
        let Some(code) = code else { continue };
        let reprint_of = precedent.reprint_of();
        if let (Some(_), Some(earlier)) = (reprint_of, &precedent.closed) {
            reprinted += 1;
            eprintln!("{}", reprint_line(lang, *line, earlier));
        }
        let record = [
            line.to_string(),
            code.to_string(),
            d.kind.code().to_owned(),
            d.kind.shown_number(d.number.as_str()),
            d.holder.to_string(),
            d.desa.to_string(),
            reprint_of.map(|c| c.to_string()).unwrap_or_default(),
        ];
        // Names and numbers come from a file someone else wrote: no cell may run as a
        // formula in the spreadsheet this output is opened in.
        csv.write_record(
            record
                .iter()
                .map(|cell| spreadsheet_safe(cell).into_owned()),
        )
        .map_err(failed)?;
    }
    csv.flush().map_err(|e| output_error(&target, e))?;
    Ok(reprinted)
}

/// The codes cannot be written (to `--output` or stdout), after the dispatches were
/// stored: the message says so, and why in words a person can act on.
fn output_error(target: &str, e: std::io::Error) -> AppError {
    AppError::new(ErrorKind::BadRequest, "import.output")
        .arg("file", target)
        .arg("why", io_why(&e))
        .caused_by(e)
}

/// What was imported and what was left out, on stderr.
fn print_summary(checked: &Checked, report: &IssueReport, reprinted: usize, lang: Lang) {
    let tr = Tr::new(lang);
    let invalid = checked.rows - checked.valid.len();
    let existing = report.existing().count();
    let mut parts = vec![tr.t1("srv-import-imported", "n", report.stored())];
    for (n, key) in [
        (invalid, "srv-import-invalid-skipped"),
        (existing, "srv-import-existing-skipped"),
        (reprinted, "srv-import-reprinted"),
    ] {
        if n > 0 {
            parts.push(tr.t1(key, "n", n));
        }
    }
    eprintln!(
        "{}",
        tr.t1("srv-import-summary", "summary", parts.join("; "))
    );
}

/// A row whose document already has an open dispatch, for stderr.
fn existing_line(lang: Lang, line: u64, earlier: &Earlier, skipped: bool) -> String {
    let tr = Tr::new(lang);
    let key = if skipped {
        "srv-import-existing-skipped-line"
    } else {
        "srv-import-existing-line"
    };
    tr.t3(
        key,
        ("line", &line),
        ("code", &earlier.tracking_code),
        ("status", &tr.status(earlier.status)),
    )
}

/// A row that reprints a document whose earlier dispatch is closed, for stderr.
fn reprint_line(lang: Lang, line: u64, earlier: &Earlier) -> String {
    let tr = Tr::new(lang);
    tr.t3(
        "srv-import-reprint-line",
        ("line", &line),
        ("code", &earlier.tracking_code),
        ("status", &tr.status(earlier.status)),
    )
}

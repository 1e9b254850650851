//! `antar-bench import` and `publish`: the real `antar-server import` and `publish`
//! commands on generated CSV files of Bima dispatches, timed, with their peak memory.

use std::process::Command;

use antar_shared::sample::{Sampler, bima_desa, printed_number};
use serde_json::{Value, json};

use crate::backend::Backend;
use crate::process::{binary, memory_mb, run_measured};
use crate::report::{Context, Failure, Table, num};

/// Options of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Backends to run, in turn.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres")]
    backend: Vec<String>,
    /// Rows per file, one run each.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
    rows: Vec<usize>,
}

/// Options of `publish`.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// Backends to run, in turn.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres")]
    backend: Vec<String>,
    /// Rows imported and then published, one run each (each row costs one Argon2id;
    /// the serving process's run includes the import).
    #[arg(long, value_delimiter = ',', default_value = "2000")]
    rows: Vec<usize>,
}

/// The most rows `antar-server import` takes in one file.
const MAX_ROWS: usize = 200_000;

/// A CSV file of `n` realistic rows over Bima's desa (`part` seeds it, so the files of
/// one run hold different documents).
fn csv_file(n: usize, part: u64) -> Result<tempfile::NamedTempFile, Failure> {
    use std::io::Write;
    let desa = bima_desa();
    let mut sampler = Sampler::new(99 + part);
    let mut file = tempfile::NamedTempFile::new().context("temporary file")?;
    let mut w = std::io::BufWriter::new(file.as_file_mut());
    writeln!(w, "kind,number,holder_name,nik,desa_code,applicant_phone").context("write")?;
    for i in 0..n {
        let d = desa[i % desa.len()];
        let (issue, nik) = sampler.issue(d, false);
        writeln!(
            w,
            "{},{},{},{},{},0812{:08}",
            issue.kind.code(),
            printed_number(&issue, &nik),
            issue.holder,
            nik.expose(),
            d,
            i
        )
        .context("write")?;
    }
    drop(w);
    Ok(file)
}

fn server(backend: &Backend, args: &[&str]) -> Result<Command, Failure> {
    let mut cmd = Command::new(binary("antar-server")?);
    cmd.args(backend.args()).args(args).env("ANTAR_LANG", "en");
    Ok(cmd)
}

/// Imports each size into a fresh store.
pub async fn run_import(args: ImportArgs) -> Result<Value, Failure> {
    let mut table = Table::new(
        "CSV import through `antar-server import` (validation, then one transaction)",
        &["backend", "rows", "seconds", "rows/s", "peak MB", "db MB"],
    );
    for kind in &args.backend {
        for &rows in &args.rows {
            // One import takes at most MAX_ROWS rows: larger runs are several files,
            // as an operator would split them, timed together.
            let files = (0..rows.div_ceil(MAX_ROWS))
                .map(|i| csv_file(MAX_ROWS.min(rows - i * MAX_ROWS), i as u64))
                .collect::<Result<Vec<_>, _>>()?;
            let backend = Backend::fresh(kind).await?;
            let result = async {
                run_measured(server(&backend, &["init"])?)?;
                let (mut secs, mut peak) = (0.0, 0.0_f64);
                for file in &files {
                    let path = file.path().display().to_string();
                    // Files of one run come from different samplers: a document number
                    // drawn twice is skipped, as an operator's re-sent row would be.
                    let (s, p, _) = run_measured(server(
                        &backend,
                        &["import", &path, "--skip-existing", "--output", "/dev/null"],
                    )?)?;
                    secs += s;
                    peak = peak.max(p);
                }
                table.row(vec![
                    json!(backend.name()),
                    json!(rows),
                    num(secs),
                    num(rows as f64 / secs),
                    num(peak),
                    num(backend.size_mb().await.unwrap_or_default()),
                ]);
                Ok::<_, Failure>(())
            }
            .await;
            backend.drop_database().await;
            result?;
        }
    }
    Ok(json!({ "import": table.json() }))
}

/// Imports, then publishes: with the `publish` command, and by a serving process's
/// background publisher (time until every row is in its desa document, and the
/// server's memory before, at its peak and after).
pub async fn run_publish(args: PublishArgs) -> Result<Value, Failure> {
    let mut table = Table::new(
        "publishing Issue ops (one Argon2id NIK check each)",
        &[
            "backend",
            "how",
            "rows",
            "seconds",
            "rows/s",
            "peak MB",
            "before MB",
            "after MB",
        ],
    );
    for kind in &args.backend {
        for &rows in &args.rows {
            let file = csv_file(rows, 0)?;
            let path = file.path().display().to_string();
            let backend = Backend::fresh(kind).await?;
            let result = async {
                run_measured(server(&backend, &["init"])?)?;
                run_measured(server(
                    &backend,
                    &["import", &path, "--output", "/dev/null"],
                )?)?;
                let (secs, peak, _) = run_measured(server(&backend, &["publish"])?)?;
                table.row(vec![
                    json!(backend.name()),
                    json!("command"),
                    json!(rows),
                    num(secs),
                    num(rows as f64 / secs),
                    num(peak),
                    json!("-"),
                    json!("-"),
                ]);
                Ok::<_, Failure>(())
            }
            .await;
            backend.drop_database().await;
            result?;

            let backend = Backend::fresh(kind).await?;
            let result = async {
                let server_process = crate::process::Server::start(&backend.args(), &[])?;
                let store = backend.open().await?;
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                let (before, _) = memory_mb(server_process.pid()).unwrap_or_default();
                let started = std::time::Instant::now();
                run_measured(server(
                    &backend,
                    &["import", &path, "--output", "/dev/null"],
                )?)?;
                loop {
                    let left = store
                        .pending_issues(None, 1)
                        .await
                        .context("cannot count pending records")?;
                    if left.is_empty() {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                }
                let secs = started.elapsed().as_secs_f64();
                // What the process keeps once the work is done.
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                let (after, peak) = memory_mb(server_process.pid()).unwrap_or_default();
                store.pool().close().await;
                server_process.stop();
                table.row(vec![
                    json!(backend.name()),
                    json!("serve"),
                    json!(rows),
                    num(secs),
                    num(rows as f64 / secs),
                    num(peak),
                    num(before),
                    num(after),
                ]);
                Ok::<_, Failure>(())
            }
            .await;
            backend.drop_database().await;
            result?;
        }
    }
    Ok(json!({ "publish": table.json() }))
}

/// Options of `import-serve`.
#[derive(Debug, clap::Args)]
pub struct ImportServeArgs {
    /// Backends to run, in turn.
    #[arg(long, value_delimiter = ',', default_value = "sqlite")]
    backend: Vec<String>,
    /// Rows in the file (at most 200,000, one import's limit).
    #[arg(long, default_value_t = MAX_ROWS)]
    rows: usize,
    /// Characters added to each holder's name, to make the file as large as an
    /// operator's biggest (32 MB is the upload limit).
    #[arg(long, default_value_t = 60)]
    pad: usize,
    /// Only write the file here (for a profiler run by hand), and stop.
    #[arg(long)]
    write_csv: Option<std::path::PathBuf>,
}

/// One large CSV through `POST /api/v1/imports` of a serving process: the server's
/// resident memory before, at its peak, and 5 s after the answer (what it keeps).
pub async fn run_import_serve(args: ImportServeArgs) -> Result<Value, Failure> {
    let mut table = Table::new(
        "one CSV upload to a serving process (POST /api/v1/imports)",
        &[
            "backend",
            "rows",
            "file MB",
            "seconds",
            "before MB",
            "peak MB",
            "after MB",
            "kept MB",
        ],
    );
    let file = padded(csv_file(args.rows.min(MAX_ROWS), 0)?, args.pad)?;
    if let Some(path) = &args.write_csv {
        std::fs::copy(&file, path).context("cannot write the CSV")?;
        return Ok(json!({ "csv": path.display().to_string() }));
    }
    for kind in &args.backend {
        let backend = Backend::fresh(kind).await?;
        let result = async {
            let server = crate::process::Server::start(&backend.args(), &[])?;
            let token = admin_token(&backend).await?;
            // A server in use: a small import first, published, so "before" includes
            // what any working server holds (the NIK-check workers' Argon2id memory).
            let small = std::fs::read(csv_file(20, 7)?.path()).context("cannot read the CSV")?;
            upload(&server.base, &token, small).await?;
            let store = backend.open().await?;
            while !store
                .pending_issues(None, 1)
                .await
                .context("cannot count pending records")?
                .is_empty()
            {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            store.pool().close().await;
            let body = std::fs::read(&file).context("cannot read the CSV")?;
            let file_mb = body.len() as f64 / 1e6;
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            let (before, _) = memory_mb(server.pid()).unwrap_or_default();
            let started = std::time::Instant::now();
            upload(&server.base, &token, body).await?;
            let secs = started.elapsed().as_secs_f64();
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            let (after, peak) = memory_mb(server.pid()).unwrap_or_default();
            server.stop();
            table.row(vec![
                json!(backend.name()),
                json!(args.rows),
                num(file_mb),
                num(secs),
                num(before),
                num(peak),
                num(after),
                num(after - before),
            ]);
            Ok::<_, Failure>(())
        }
        .await;
        backend.drop_database().await;
        result?;
    }
    Ok(json!({ "import_serve": table.json() }))
}

/// The file with `pad` letters added to every holder's name (a long family name).
fn padded(file: tempfile::NamedTempFile, pad: usize) -> Result<tempfile::TempPath, Failure> {
    use std::io::Write;
    let text = std::fs::read_to_string(file.path()).context("cannot read the CSV")?;
    let mut out = tempfile::NamedTempFile::new().context("temporary file")?;
    let extra = " Binti Abdullah".repeat(pad.div_ceil(15));
    let extra = &extra[..pad.min(extra.len())];
    let mut w = std::io::BufWriter::new(out.as_file_mut());
    for (i, line) in text.lines().enumerate() {
        let mut cells: Vec<&str> = line.split(',').collect();
        let name;
        if i > 0 && cells.len() > 2 {
            name = format!("{}{}", cells[2], extra.trim_end());
            cells[2] = &name;
        }
        writeln!(w, "{}", cells.join(",")).context("write")?;
    }
    drop(w);
    Ok(out.into_temp_path())
}

/// An administrator's token, made in the store as `user add` and logging in would.
async fn admin_token(backend: &Backend) -> Result<String, Failure> {
    let store = backend.open().await?;
    let token = crate::seed::admin_token(&store, "bench-import").await?;
    store.pool().close().await;
    Ok(token)
}

/// `POST /api/v1/imports` (skipping documents already on their way).
async fn upload(base: &str, token: &str, body: Vec<u8>) -> Result<(), Failure> {
    let answer = reqwest::Client::new()
        .post(format!("{base}/api/v1/imports?skip_existing=true"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .context("the upload failed")?;
    let status = answer.status();
    let text = answer.text().await.context("no answer")?;
    if !status.is_success() {
        return Err(Failure::from(format!(
            "import refused: {status} {text:.300}"
        )));
    }
    Ok(())
}

//! `antar-bench import` and `publish`: the real `antar-server import` and `publish`
//! commands on generated CSV files of Bima dispatches, timed, with their peak memory.

use std::process::Command;

use antar_shared::sample::{Sampler, bima_desa, printed_number};
use serde_json::{Value, json};

use crate::backend::Backend;
use crate::process::{binary, run_measured};
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
    /// Rows imported and then published, one run each (each row costs one Argon2id).
    #[arg(long, value_delimiter = ',', default_value = "2000")]
    rows: Vec<usize>,
}

/// A CSV file of `n` realistic rows over Bima's desa.
fn csv_file(n: usize) -> Result<tempfile::NamedTempFile, Failure> {
    use std::io::Write;
    let desa = bima_desa();
    let mut sampler = Sampler::new(99);
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
            let file = csv_file(rows)?;
            let backend = Backend::fresh(kind).await?;
            let result = async {
                run_measured(server(&backend, &["init"])?)?;
                let path = file.path().display().to_string();
                let (secs, peak, _) = run_measured(server(
                    &backend,
                    &["import", &path, "--output", "/dev/null"],
                )?)?;
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

/// Imports, then publishes with `antar-server publish`.
pub async fn run_publish(args: PublishArgs) -> Result<Value, Failure> {
    let mut table = Table::new(
        "publishing Issue ops through `antar-server publish` (one Argon2id NIK check each)",
        &["backend", "rows", "seconds", "rows/s", "peak MB"],
    );
    for kind in &args.backend {
        for &rows in &args.rows {
            let file = csv_file(rows)?;
            let backend = Backend::fresh(kind).await?;
            let result = async {
                run_measured(server(&backend, &["init"])?)?;
                let path = file.path().display().to_string();
                run_measured(server(
                    &backend,
                    &["import", &path, "--output", "/dev/null"],
                )?)?;
                let (secs, peak, _) = run_measured(server(&backend, &["publish"])?)?;
                table.row(vec![
                    json!(backend.name()),
                    json!(rows),
                    num(secs),
                    num(rows as f64 / secs),
                    num(peak),
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

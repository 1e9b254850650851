//! `antar-agent receipt`: the resident's handover receipt, as a page to print (58 mm
//! thermal or A6) and as its text on stdout (what the QR holds, for a message).

use std::path::PathBuf;

use antar_shared::i18n::Tr;
use antar_shared::i18n::io_why;
use askama::Template;

use super::output::{Out, note};
use super::replica_failure;
use crate::clerk;
use crate::failure::Failure;
use crate::receipt::{self, Layout, page::ReceiptPage};
use crate::replica::Replica;

/// The arguments of `receipt`.
#[derive(Debug, clap::Args)]
pub struct ReceiptArgs {
    /// Kode lacak dokumen yang sudah diserahkan / tracking code of a handed-over document.
    pub tracking_code: String,
    /// Ukuran kertas: 58mm (printer termal) atau a6 / paper: 58mm (thermal) or a6.
    #[arg(long, default_value = "58mm", value_parser = ["58mm", "a6"])]
    pub layout: String,
    /// Berkas HTML untuk dicetak (bawaan: tanda-terima-KODE.html) / the HTML file to
    /// print (default: tanda-terima-CODE.html).
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Writes the page and prints the receipt's text.
pub async fn run(replica: &Replica, tr: Tr, args: ReceiptArgs) -> Result<(), Failure> {
    let me = replica
        .require_enrollment()
        .await
        .map_err(replica_failure(replica.dir()))?;
    let code = clerk::parse_code(&args.tracking_code)?;
    let printed = receipt::make(replica, &me, code).await?;
    let layout = Layout::parse(&args.layout).unwrap_or_default();
    let html = ReceiptPage::new(tr, &printed, layout, &me.server, false)
        .render()
        .map_err(|e| {
            Failure::new("command.output")
                .arg("why", "other")
                .caused_by(e)
        })?;
    let file = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("tanda-terima-{}.html", code.compact())));
    std::fs::write(&file, html).map_err(|e| {
        Failure::new("receipt.write")
            .arg("file", file.display())
            .arg("why", io_why(&e))
            .caused_by(e)
    })?;
    Out::stdout().line(&printed.text)?;
    note(tr.with(
        "agent-receipt-written",
        &[
            ("file", file.display().to_string()),
            ("layout", layout.code().to_owned()),
            ("chars", printed.text.len().to_string()),
            ("version", printed.qr_version.to_string()),
        ],
    ));
    Ok(())
}

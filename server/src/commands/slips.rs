//! `slips BATCH`: the residents' slips of a batch (an import, or one dispatch) as an
//! A4 page to print, written to a file; `import` and `dispatch issue` say their batch.

use std::io::Write;
use std::path::PathBuf;

use antar_shared::Lang;
use antar_shared::i18n::{Tr, io_why};

use crate::error::{AppError, ErrorKind};
use crate::slips::{self, NameShown};
use crate::store::{Store, now};

/// Options of `slips`.
#[derive(Debug, clap::Args)]
pub struct SlipsArgs {
    /// Nomor terbitan, yang disebut `import` atau `dispatch issue` / the batch number
    /// that `import` or `dispatch issue` printed.
    pub batch: i64,
    /// Tulis halaman HTML ke berkas ini (buka di peramban, lalu cetak A4) / write the
    /// HTML page to this file (open it in a browser and print on A4).
    #[arg(long, short)]
    pub output: PathBuf,
    /// Nama pemilik di slip: inisial, lengkap, atau tanpa / the holder's name on the
    /// slips: inisial (initials), lengkap (full) or tanpa (none).
    #[arg(long, default_value = "inisial")]
    pub names: String,
    /// Alamat publik server untuk kode QR (https://antar.contoh.go.id) / the server's
    /// public address for the QR codes.
    #[arg(long, env = "ANTAR_PUBLIC_URL")]
    pub public_url: String,
    /// Jam layanan bawaan untuk kantor desa yang belum punya / default opening hours
    /// for desa offices that have none recorded.
    #[arg(long, env = "ANTAR_OFFICE_HOURS")]
    pub office_hours: Option<String>,
}

/// Writes the sheet; the count on stderr.
pub async fn run(store: &Store, args: SlipsArgs, lang: Lang) -> Result<(), AppError> {
    let tr = Tr::new(lang);
    let names = NameShown::parse(&args.names)
        .ok_or_else(|| AppError::new(ErrorKind::BadRequest, "slip.bad_name_choice"))?;
    let site = crate::state::Site::new(args.office_hours, Some(&args.public_url));
    let Some(base) = site.public_url.clone() else {
        return Err(AppError::new(ErrorKind::BadRequest, "slip.bad_public_url")
            .arg("url", format!("{:?}", args.public_url)));
    };
    let not_found = || AppError::not_found("batch.not_found").arg("id", args.batch);
    let batch = store.batch(args.batch).await?.ok_or_else(not_found)?;
    let records = store.batch_dispatches(batch.id, now()).await?;
    let title = if batch.file.is_empty() {
        tr.t1("dash-batch-title", "id", batch.id)
    } else {
        tr.t2("dash-batch-file-title", "id", batch.id, "file", &batch.file)
    };
    let hours = site.office_hours(tr);
    let sheet = slips::sheet(store, &records, &base, &hours, names, tr, title).await?;
    let html = sheet.html()?;
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&args.output)?;
        file.write_all(html.as_bytes())?;
        file.sync_all()
    };
    write().map_err(|e| {
        AppError::new(ErrorKind::BadRequest, "slip.write")
            .arg("file", args.output.display())
            .arg("why", io_why(&e))
            .caused_by(e)
    })?;
    let event = crate::audit::Event::new("print_slips", batch.id)
        .detail(serde_json::json!({"slips": sheet.count, "names": names.code()}));
    crate::audit::record(store, &crate::audit::Who::command(), event).await;
    eprintln!(
        "{}",
        tr.t2(
            "srv-slips-written",
            "n",
            sheet.count,
            "file",
            args.output.display()
        )
    );
    Ok(())
}

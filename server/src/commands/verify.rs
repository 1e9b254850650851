//! `verify` and `public-key`: checking a resident's handover receipt from the command
//! line, with this server's key or, offline and without a database, with the published
//! key alone (`--key`); and printing that key to publish it.

use std::io::Read;
use std::path::PathBuf;

use antar_shared::Lang;
use antar_shared::i18n::{Tr, io_why};
use antar_shared::receipt;
use antar_shared::sync::PublicKey;

use super::{Database, open_store, print_json};
use crate::error::{AppError, ErrorKind};
use crate::receipts::Checked;

/// Options of `verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Teks tanda terima (AR1:…); tanpa ini dibaca dari --file atau stdin / the
    /// receipt's text (AR1:…); without it, read from --file or standard input.
    pub receipt: Option<String>,
    /// Berkas berisi teks tanda terima / a file holding the receipt's text.
    #[arg(long, conflicts_with = "receipt")]
    pub file: Option<PathBuf>,
    /// Kunci publik Dukcapil yang diumumkan (64 digit heks, dari `public-key` atau
    /// /api/v1/public-key): memeriksa tanpa basis data dan tanpa internet / the
    /// published Dukcapil public key (64 hex digits, from `public-key` or
    /// /api/v1/public-key): checks without a database and offline.
    #[arg(long, env = "ANTAR_PUBLIC_KEY")]
    pub key: Option<String>,
    /// Hasil sebagai JSON di stdout / the result as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Checks the receipt; a refusal is an error with its reason (exit status 1).
pub async fn run(db: &Database, args: VerifyArgs, lang: Lang) -> Result<(), AppError> {
    let tr = Tr::new(lang);
    let key = match &args.key {
        Some(hex) => PublicKey::from_hex(hex.trim())
            .ok_or_else(|| AppError::new(ErrorKind::BadRequest, "receipt.bad_public_key"))?,
        None => open_store(db, false).await?.public_key(),
    };
    let text = receipt_text(&args)?;
    let verified = receipt::verify(&text, key)
        .map_err(|why| AppError::from_localized(ErrorKind::Unprocessable, &why))?;
    let checked = Checked::new(&verified, tr);
    if args.json {
        print_json(&checked)?;
    }
    eprintln!("{}", tr.t("srv-verify-valid"));
    for (label, value) in [
        ("srv-verify-code", checked.code.clone()),
        ("srv-verify-kind", checked.kind_label.clone()),
        (
            "srv-verify-desa",
            format!("{} ({})", checked.desa_name, checked.desa_code),
        ),
        ("srv-verify-at", checked.handed_on.clone()),
        ("srv-verify-relation", checked.relation_label.clone()),
        ("srv-verify-clerk", checked.clerk.clone()),
        ("srv-verify-device", checked.device.to_string()),
    ] {
        eprintln!("  {}: {value}", tr.t(label));
    }
    Ok(())
}

/// The receipt from the argument, the file or standard input.
fn receipt_text(args: &VerifyArgs) -> Result<String, AppError> {
    if let Some(text) = &args.receipt {
        return Ok(text.clone());
    }
    let mut text = String::new();
    match &args.file {
        Some(file) => {
            text = std::fs::read_to_string(file).map_err(|e| {
                AppError::new(ErrorKind::BadRequest, "receipt.unreadable_file")
                    .arg("file", file.display())
                    .arg("why", io_why(&e))
                    .caused_by(e)
            })?;
        }
        None => {
            std::io::stdin()
                .take(64 * 1024)
                .read_to_string(&mut text)
                .map_err(AppError::internal)?;
        }
    }
    Ok(text)
}

/// `public-key`: the key that checks this Dukcapil's receipts, on stdout, to publish
/// (on the office's website, a notice board, in `verify --key`).
pub async fn public_key(store: &crate::store::Store, lang: Lang) -> Result<(), AppError> {
    println!("{}", store.public_key().to_hex());
    eprintln!("{}", Tr::new(lang).t("srv-public-key-note"));
    Ok(())
}

//! `dispatch receive | handover | return | resolve`: Dukcapil recording what a desa did
//! when its PC cannot, and settling conflicts (see `crate::custody`).

use antar_shared::Lang;
use antar_shared::doc::{Condition, IdDocument, Relation};
use antar_shared::i18n::Tr;
use antar_shared::tracking::TrackingCode;

use crate::custody::{self, Receipt, Settle};
use crate::error::{AppError, ErrorKind};
use crate::store::Store;
use crate::store::dispatches::DispatchRecord;
use antar_shared::doc::HandoverEntry;

/// Options of `dispatch receive`: a receipt recorded for a desa.
#[derive(Debug, clap::Args)]
pub struct ReceiveArgs {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Diterima rusak / received damaged.
    #[arg(long, conflicts_with = "missing")]
    pub damaged: bool,
    /// Tidak ada dalam kiriman / missing from the delivery.
    #[arg(long)]
    pub missing: bool,
    /// Ditemukan setelah dilaporkan tidak ada / found after being reported missing.
    #[arg(long, conflicts_with = "missing")]
    pub found: bool,
}

/// Options of `dispatch handover`: a handover recorded for a desa.
#[derive(Debug, clap::Args)]
pub struct HandoverArgs {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Nama penerima / recipient's name.
    #[arg(long)]
    pub recipient: String,
    /// Hubungan: holder, family, proxy / relation to the holder.
    #[arg(long)]
    pub relation: String,
    /// Identitas yang diperiksa: ktp-el, kk, kia, surat-kuasa, lainnya / ID checked.
    #[arg(long, default_value = "ktp-el")]
    pub id_shown: String,
    /// Cocokkan NIK pemilik, dibaca dari masukan standar (diketik saat diminta atau
    /// disalurkan), tidak pernah di baris perintah / check the holder's NIK, read from
    /// standard input (typed at the prompt or piped), never on the command line.
    #[arg(long)]
    pub nik_stdin: bool,
    /// Petugas desa yang menyerahkan (wajib) / the desa clerk who handed it over.
    #[arg(long)]
    pub clerk: String,
    /// Terima dan serahkan sekaligus / receive and hand over at once.
    #[arg(long)]
    pub receive: bool,
    /// Membetulkan catatan yang salah, dengan alasan (NIK wajib) / corrects a wrong
    /// record, with the reason (NIK required).
    #[arg(long, value_name = "ALASAN")]
    pub correction: Option<String>,
}

/// Options of `dispatch return`.
#[derive(Debug, clap::Args)]
pub struct ReturnArgs {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Alasan / reason.
    #[arg(long)]
    pub reason: String,
}

/// Options of `dispatch resolve`.
#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Pertahankan versi ke-N / keep version N.
    #[arg(long, conflicts_with_all = ["clear", "condition"])]
    pub keep: Option<usize>,
    /// Tidak ada yang terjadi (juga membatalkan penarikan) / none happened (also sets
    /// aside a recall).
    #[arg(long, conflicts_with = "condition")]
    pub clear: bool,
    /// Kondisi sebenarnya saat tiba: ok, damaged, missing / the real condition on
    /// arrival.
    #[arg(long)]
    pub condition: Option<String>,
}

fn code(typed: &str) -> Result<TrackingCode, AppError> {
    TrackingCode::parse(typed).map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))
}

fn choice_error(field: &str, typed: &str, allowed: &str) -> AppError {
    AppError::new(ErrorKind::BadRequest, "cli.bad_choice")
        .arg("field", field)
        .arg("typed", format!("{typed:?}"))
        .arg("allowed", allowed)
}

fn relation(typed: &str) -> Result<Relation, AppError> {
    Relation::parse(&typed.to_ascii_lowercase()).ok_or_else(|| {
        let allowed: Vec<&str> = Relation::ALL.iter().map(|r| r.code()).collect();
        choice_error("relation", typed, &allowed.join(", "))
    })
}

fn id_shown(typed: &str) -> Result<IdDocument, AppError> {
    IdDocument::parse(&typed.to_ascii_lowercase()).ok_or_else(|| {
        let allowed: Vec<&str> = IdDocument::ALL.iter().map(|i| i.code()).collect();
        choice_error("id-shown", typed, &allowed.join(", "))
    })
}

fn condition(typed: &str) -> Result<Condition, AppError> {
    match typed.trim().to_ascii_lowercase().as_str() {
        "ok" => Ok(Condition::Ok),
        "damaged" => Ok(Condition::Damaged),
        "missing" => Ok(Condition::Missing),
        _ => Err(choice_error("condition", typed, "ok, damaged, missing")),
    }
}

/// `dispatch receive`: a receipt recorded for the desa.
pub async fn receive(store: &Store, args: ReceiveArgs, lang: Lang) -> Result<(), AppError> {
    let receipt = Receipt {
        condition: if args.damaged {
            Condition::Damaged
        } else if args.missing {
            Condition::Missing
        } else {
            Condition::Ok
        },
        found: args.found,
    };
    let record = custody::receive(
        store,
        &crate::audit::Who::command(),
        code(&args.tracking_code)?,
        &receipt,
    )
    .await?;
    saved(&record, lang);
    Ok(())
}

/// `dispatch handover`: a handover recorded for the desa.
pub async fn handover(store: &Store, args: HandoverArgs, lang: Lang) -> Result<(), AppError> {
    let input = HandoverEntry {
        recipient: args.recipient,
        relation: relation(&args.relation)?,
        id_shown: id_shown(&args.id_shown)?,
        nik: if args.nik_stdin {
            Some(super::read_nik(Tr::new(lang).t("srv-nik-prompt"))?)
        } else {
            None
        },
        clerk: args.clerk,
        receive_first: args.receive,
        correction: args.correction,
    };
    let record = custody::handover(
        store,
        &crate::audit::Who::command(),
        code(&args.tracking_code)?,
        &input,
    )
    .await?;
    saved(&record, lang);
    Ok(())
}

/// `dispatch return`: a return recorded for the desa.
pub async fn send_back(store: &Store, args: ReturnArgs, lang: Lang) -> Result<(), AppError> {
    let ReturnArgs {
        tracking_code,
        reason,
    } = args;
    let record = custody::send_back(
        store,
        &crate::audit::Who::command(),
        code(&tracking_code)?,
        &reason,
    )
    .await?;
    saved(&record, lang);
    Ok(())
}

/// `dispatch resolve`: settles a conflict; without a choice, lists the versions.
pub async fn resolve(store: &Store, args: ResolveArgs, lang: Lang) -> Result<(), AppError> {
    let ResolveArgs {
        tracking_code,
        keep,
        clear,
        condition: chosen,
    } = args;
    let code = code(&tracking_code)?;
    let settle = match (keep, clear, chosen) {
        (Some(n), _, _) => Settle::Keep(n),
        (None, true, _) => Settle::Clear,
        (None, false, Some(c)) => Settle::Arrival(condition(&c)?),
        (None, false, None) => {
            let detail =
                crate::dispatch::show(store, &crate::audit::Who::command(), code, Tr::new(lang))
                    .await?;
            for (i, version) in detail.outcomes.iter().enumerate() {
                println!("{}. {version}", i + 1);
            }
            eprintln!("{}", Tr::new(lang).t("srv-custody-choose"));
            return Ok(());
        }
    };
    let record = custody::resolve(store, &crate::audit::Who::command(), code, &settle).await?;
    saved(&record, lang);
    Ok(())
}

/// Says what was done, and prints the new status (stdout).
fn saved(record: &DispatchRecord, lang: Lang) {
    eprintln!("{}", Tr::new(lang).t("srv-custody-saved"));
    println!("{} {}", record.tracking_code, record.status.code());
}

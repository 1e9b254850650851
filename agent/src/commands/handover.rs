//! `antar-agent handover`: records that a resident took a document.

use antar_shared::doc::{IdDocument, Relation};
use antar_shared::i18n::Tr;
use clap::ValueEnum;

use super::output::note;
use super::replica_failure;
use crate::clerk::{self, NikMatch};
use crate::failure::Failure;
use crate::replica::Replica;
use antar_shared::doc::HandoverEntry;

/// The arguments of `handover`.
#[derive(Debug, clap::Args)]
pub struct HandoverArgs {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Nama penerima / recipient's name.
    #[arg(long)]
    pub recipient: String,
    /// Hubungan dengan pemilik / relation to the holder.
    #[arg(long, value_enum)]
    pub relation: RelationArg,
    /// Periksa NIK pemilik (tidak disimpan): NIK dibaca dari masukan standar, diketik
    /// saat diminta atau disalurkan (`echo … |`), tidak pernah dari baris perintah agar
    /// tidak tercatat di riwayat shell / check the holder's NIK (not stored): read from
    /// standard input, typed at the prompt or piped, never from the command line, so it
    /// stays out of the shell history and the process list.
    #[arg(long)]
    pub nik_stdin: bool,
    /// Identitas yang diperiksa / ID document checked.
    #[arg(long, value_enum, default_value = "ktp-el")]
    pub id_shown: IdArg,
    /// Nama petugas yang menyerahkan (wajib) / the clerk handing it over (required).
    #[arg(long, env = "ANTAR_CLERK")]
    pub clerk: String,
    /// Terima dan serahkan sekaligus: dokumen diserahkan saat tiba / receive and hand
    /// over at once, for a document handed over as it arrives.
    #[arg(long)]
    pub receive: bool,
    /// Membetulkan penyerahan atau pengembalian yang salah dicatat, dengan alasan (NIK
    /// wajib) / corrects a wrongly recorded handover or return, with the reason (NIK
    /// required).
    #[arg(long, value_name = "ALASAN")]
    pub correction: Option<String>,
}

/// Relation of the recipient to the holder.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RelationArg {
    /// Pemilik dokumen sendiri / the holder.
    Holder,
    /// Anggota keluarga satu KK / family on the same KK.
    Family,
    /// Kuasa dengan surat kuasa / proxy with written authorisation.
    Proxy,
}

impl From<RelationArg> for Relation {
    fn from(arg: RelationArg) -> Self {
        match arg {
            RelationArg::Holder => Relation::Holder,
            RelationArg::Family => Relation::Family,
            RelationArg::Proxy => Relation::Proxy,
        }
    }
}

/// Which ID document was checked.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum IdArg {
    /// KTP-el.
    KtpEl,
    /// Kartu Keluarga.
    Kk,
    /// Kartu Identitas Anak.
    Kia,
    /// Surat kuasa.
    SuratKuasa,
    /// Lainnya / other.
    Lainnya,
}

impl From<IdArg> for IdDocument {
    fn from(arg: IdArg) -> Self {
        match arg {
            IdArg::KtpEl => IdDocument::KtpEl,
            IdArg::Kk => IdDocument::Kk,
            IdArg::Kia => IdDocument::Kia,
            IdArg::SuratKuasa => IdDocument::SuratKuasa,
            IdArg::Lainnya => IdDocument::Lainnya,
        }
    }
}

/// Records the handover, saying whether the NIK matched the holder's.
pub async fn run(replica: &Replica, tr: Tr, args: HandoverArgs) -> Result<(), Failure> {
    let me = replica
        .require_enrollment()
        .await
        .map_err(replica_failure(replica.dir()))?;
    let code = clerk::parse_code(&args.tracking_code)?;
    let nik = if args.nik_stdin {
        Some(read_nik(tr)?)
    } else {
        None
    };
    let form = HandoverEntry {
        recipient: args.recipient,
        relation: args.relation.into(),
        id_shown: args.id_shown.into(),
        nik,
        clerk: args.clerk,
        receive_first: args.receive,
        correction: args.correction,
    };
    let (_, matched) = clerk::handover(replica, &me, None, code, &form, None).await?;
    if matched == NikMatch::Matches {
        note(tr.t("agent-nik-matches"));
    }
    note(tr.t1("agent-handover-saved", "code", code));
    note(tr.t1("agent-receipt-hint", "code", code));
    Ok(())
}

/// The NIK, typed at a prompt on a terminal or piped.
fn read_nik(tr: Tr) -> Result<String, Failure> {
    antar_shared::nik::read_from_stdin(&tr.t("agent-nik-prompt")).map_err(|e| {
        let failure = Failure::of(&e);
        match e {
            antar_shared::nik::NikInputError::Unreadable(io) => failure.caused_by(io),
            antar_shared::nik::NikInputError::Empty => failure,
        }
    })
}

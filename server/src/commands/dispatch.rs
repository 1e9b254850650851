//! `dispatch issue | show | list | recall`: Dukcapil's own dispatch commands (what a
//! desa records for itself is in [`super::custody`]).

use antar_shared::Lang;
use antar_shared::doc::Reissue;
use antar_shared::i18n::Tr;
use antar_shared::region;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;

use super::{bad_code, print_json};
use crate::dispatch::{self, DispatchDetail};
use crate::error::{AppError, ErrorKind};
use crate::issuance::DispatchInput;
use crate::store::Store;
use crate::store::dispatches::{FilterQuery, MAX_PAGE};

/// Options of `dispatch issue`.
#[derive(Debug, clap::Args)]
pub struct IssueArgs {
    /// Jenis / kind: kk, ktp-el, kia, akta-kelahiran… (atau nama resmi / or the official name).
    #[arg(long)]
    pub kind: String,
    /// Nomor dokumen / document number.
    #[arg(long)]
    pub number: String,
    /// Nama pemilik / holder's name.
    #[arg(long)]
    pub holder_name: String,
    /// Baca NIK pemilik (16 angka) dari masukan standar: diketik saat diminta atau
    /// disalurkan, tidak pernah di baris perintah (riwayat shell, daftar proses) / read
    /// the holder's NIK (16 digits) from standard input: typed at the prompt or piped,
    /// never on the command line (shell history, process list).
    #[arg(long, required = true)]
    pub nik_stdin: bool,
    /// Kode desa tujuan / destination desa code, e.g. 52.06.03.2012.
    #[arg(long)]
    pub desa: String,
    /// WhatsApp pemohon / applicant's WhatsApp number (08… or 628…).
    #[arg(long)]
    pub phone: Option<String>,
    /// Kode lacak kiriman yang masih berjalan yang diganti (ditarik) / tracking code of
    /// the open dispatch this one replaces (it is recalled).
    #[arg(long, requires = "reason")]
    pub replaces: Option<String>,
    /// Alasan penggantian / why the replaced dispatch is recalled.
    #[arg(long, requires = "replaces")]
    pub reason: Option<String>,
}

/// Options of `dispatch show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Keluaran JSON / JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Options of `dispatch list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Kode desa / desa code.
    #[arg(long)]
    pub desa: Option<String>,
    /// Kode kecamatan / district code (52.06.03).
    #[arg(long)]
    pub kecamatan: Option<String>,
    /// Status: issued, in_transit, at_desa, handed_over, returned, recalled.
    #[arg(long)]
    pub status: Option<String>,
    /// Jenis / kind (kk, ktp-el…).
    #[arg(long)]
    pub kind: Option<String>,
    /// Hanya yang konflik / only conflicts.
    #[arg(long)]
    pub conflict: bool,
    /// Cari: kode lacak, atau sebagian nama pemegang atau nomor dokumen (NIK dengan
    /// --nik-stdin) / search: a tracking code, or part of a holder's name or a document
    /// number (a NIK with --nik-stdin).
    #[arg(long, value_name = "TEKS", conflicts_with = "nik_stdin")]
    pub search: Option<String>,
    /// Cari menurut NIK (tepat; dicatat di log audit), dibaca dari masukan standar /
    /// search by NIK (exact; written in the audit log), read from standard input.
    #[arg(long)]
    pub nik_stdin: bool,
    /// Paling banyak sekian baris (1–500; bawaan 100, atau semua dengan --json);
    /// selebihnya dengan --offset / at most this many rows (1–500; default 100, or all
    /// with --json); the rest with --offset.
    #[arg(long)]
    pub limit: Option<i64>,
    /// Lewati sekian baris pertama / skip this many rows first.
    #[arg(long)]
    pub offset: Option<i64>,
    /// Keluaran JSON / JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Options of `dispatch recall`.
#[derive(Debug, clap::Args)]
pub struct RecallArgs {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Alasan / reason.
    #[arg(long)]
    pub reason: String,
}

/// `dispatch issue`: one dispatch; its tracking code on stdout.
pub async fn issue(store: &Store, args: IssueArgs, lang: Lang) -> Result<(), AppError> {
    let tr = Tr::new(lang);
    let input = DispatchInput {
        kind: args.kind,
        number: args.number,
        holder_name: args.holder_name,
        nik: super::read_nik(tr.t("srv-nik-prompt"))?,
        desa_code: args.desa,
        applicant_phone: args.phone,
        replaces: args.replaces,
        replace_reason: args.reason,
    };
    let issued = match dispatch::issue(store, &crate::audit::Who::command(), &input).await {
        Ok(issued) => issued,
        Err(e) => return Err(explain_refusal(store, &input, e).await),
    };
    let tr = Tr::new(lang);
    let note = match issued.reissue {
        Some(Reissue::Reprint(earlier)) => tr.t1("srv-issued-reprint", "earlier", earlier),
        Some(Reissue::Replaces(earlier)) => tr.t1("srv-issued-replaces", "earlier", earlier),
        None => tr.t("srv-issued"),
    };
    eprintln!("{note}");
    if let Some(batch) = issued.batch {
        eprintln!("{}", tr.t1("srv-batch", "id", batch));
    }
    println!("{}", issued.tracking_code);
    Ok(())
}

/// A refused issue in the command line's terms: the options instead of the API's
/// fields, and for a document already on its way, the `--replaces` that would replace it.
async fn explain_refusal(store: &Store, input: &DispatchInput, mut e: AppError) -> AppError {
    for d in &mut e.details {
        d.field = match d.field.as_str() {
            "holder_name" => "--holder-name",
            "desa_code" => "--desa",
            "applicant_phone" => "--phone",
            "replace_reason" => "--reason",
            "replaces" => "--replaces",
            "kind" => "--kind",
            "number" => "--number",
            "nik" => "--nik-stdin",
            other => other,
        }
        .to_owned();
    }
    if e.code == "dispatch.exists" {
        // The existing code, to spell out the option.
        let open = match input.validate(0) {
            Ok(d) => store.precedents(std::slice::from_ref(&d)).await.ok(),
            Err(_) => None,
        };
        if let Some(first) = open
            .and_then(|p| p.into_iter().next())
            .and_then(|p| p.open.first().copied())
        {
            // The message then spells out `--replaces CODE --reason "…"`.
            e.args.retain(|(name, _)| !matches!(*name, "hint" | "code"));
            e = e.arg("hint", "cli").arg("code", first.tracking_code);
        }
        e.details.clear();
    }
    e
}

/// `dispatch show`: status, flags and history (or the whole detail as JSON).
pub async fn show(store: &Store, args: ShowArgs, lang: Lang) -> Result<(), AppError> {
    let code = TrackingCode::parse(&args.tracking_code).map_err(bad_code)?;
    let detail = dispatch::show(store, &crate::audit::Who::command(), code, Tr::new(lang)).await?;
    if args.json {
        return print_json(&detail);
    }
    print_detail(&detail, Tr::new(lang));
    Ok(())
}

/// One dispatch for people: what it is, where it goes, what it reissues, its flags,
/// its conflicting versions and its history.
fn print_detail(detail: &DispatchDetail, tr: Tr) {
    let r = &detail.record;
    let desa = region::lookup(r.desa_code).map(|x| x.name).unwrap_or("?");
    println!("{}  {}", r.tracking_code, tr.status(r.status));
    println!(
        "  {} {} — {} ({})",
        tr.kind(r.kind),
        r.number,
        r.holder_name,
        r.nik_masked
    );
    println!(
        "  {}",
        tr.t2("srv-detail-desa", "name", desa, "code", r.desa_code)
    );
    if let Some(earlier) = r.reprint_of {
        println!("  {}", tr.t1("srv-detail-reprint-of", "earlier", earlier));
    }
    if let Some(earlier) = r.replaces {
        println!("  {}", tr.t1("srv-detail-replaces", "earlier", earlier));
    }
    if let Some(later) = r.reissued_as {
        println!("  {}", tr.t1("srv-detail-reissued-as", "later", later));
    }
    let flags: Vec<String> = [
        (r.conflict, "srv-flag-conflict"),
        (r.missing, "srv-flag-missing"),
        (r.aging, "srv-flag-aging"),
        (r.damaged, "srv-flag-damaged"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, key)| tr.t(key))
    .collect();
    if !flags.is_empty() {
        println!("  {}", tr.t1("srv-detail-flags", "flags", flags.join(", ")));
    }
    for outcome in detail.outcomes.iter().filter(|_| r.conflict) {
        println!("  ! {outcome}");
    }
    for event in &detail.history {
        let line = tr.with(
            "srv-detail-event",
            &[
                ("summary", event.summary.clone()),
                ("by", event.by.clone()),
                ("device_time", UnixTime(event.device_time).wita()),
                ("received_at", UnixTime(event.received_at).wita()),
            ],
        );
        println!("  - {line}");
    }
    if !r.published {
        println!("  {}", tr.t("srv-detail-unpublished"));
    }
}

/// `dispatch list`: one tab-separated line per dispatch (or JSON), the count on stderr.
pub async fn list(store: &Store, args: ListArgs, lang: Lang) -> Result<(), AppError> {
    let tr = Tr::new(lang);
    let q = if args.nik_stdin {
        Some(super::read_nik(tr.t("srv-nik-search-prompt"))?)
    } else {
        args.search
    };
    let query = FilterQuery {
        desa: args.desa,
        kecamatan: args.kecamatan,
        status: args.status,
        kind: args.kind,
        min_age_days: None,
        conflict: args.conflict,
        q,
        limit: Some(args.limit.unwrap_or(100)),
        offset: args.offset,
    };
    if query.searches_nik() && !args.nik_stdin {
        return Err(AppError::new(ErrorKind::BadRequest, "search.nik_in_argv"));
    }
    let mut filter = query.parse()?;
    let who = crate::audit::Who::command();
    // `--json` without a page asked for gives every row: a program never gets a
    // silently cut list.
    let (records, total) = if args.json && args.limit.is_none() && args.offset.is_none() {
        filter.limit = MAX_PAGE;
        dispatch::list_all(store, &who, &filter).await?
    } else {
        dispatch::list(store, &who, &filter).await?
    };
    if args.json {
        print_json(&records)?;
    }
    for r in records.iter().filter(|_| !args.json) {
        let mark = if r.conflict { " !" } else { "" };
        println!(
            "{}\t{}\t{}\t{}\t{}{mark}",
            r.tracking_code,
            r.desa_code,
            r.kind,
            r.status.code(),
            r.holder_name
        );
    }
    let shown = i64::try_from(records.len()).unwrap_or(i64::MAX);
    eprintln!(
        "{}",
        tr.with(
            "srv-list-count",
            &[
                ("shown", tr.count(shown)),
                ("total", tr.count(total)),
                ("from", tr.count(filter.offset + 1)),
                ("more", (filter.offset + shown < total).to_string()),
            ]
        )
    );
    Ok(())
}

/// `dispatch recall`: the new status on stdout.
pub async fn recall(store: &Store, args: RecallArgs, lang: Lang) -> Result<(), AppError> {
    let code = TrackingCode::parse(&args.tracking_code).map_err(bad_code)?;
    let record = dispatch::recall(store, &crate::audit::Who::command(), code, &args.reason).await?;
    eprintln!("{}", Tr::new(lang).t("srv-recalled"));
    println!("{} {}", record.tracking_code, record.status.code());
    Ok(())
}

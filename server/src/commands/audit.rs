//! `audit list` and `audit verify`: the staff actions on record, and whether the
//! record is intact.

use antar_shared::Lang;
use antar_shared::i18n::Tr;
use antar_shared::region::VillageCode;
use antar_shared::time::UnixTime;

use super::{bad_code, print_json};
use crate::audit;
use crate::error::{AppError, ErrorKind};
use crate::store::Store;
use crate::store::audit::AuditFilter;

/// Options of `audit list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Hanya oleh pengguna atau perangkat ini (nama) / only by this user or device (name).
    #[arg(long)]
    pub user: Option<String>,
    /// Hanya tindakan ini, mis. login, dispatch_recall, atau awalannya (dispatch) / only
    /// this action, e.g. login, dispatch_recall, or its prefix (dispatch).
    #[arg(long)]
    pub action: Option<String>,
    /// Hanya tentang desa ini / only about this desa.
    #[arg(long)]
    pub desa: Option<String>,
    /// Sejak tanggal ini (WITA), mis. 2026-11-01 / from this date (WITA).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<String>,
    /// Sampai tanggal ini (WITA, termasuk) / up to this date (WITA, inclusive).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
    /// Paling banyak sekian entri, terbaru dulu / at most this many entries, newest first.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(i64).range(1..=100_000))]
    pub limit: i64,
    /// Keluaran JSON / JSON output.
    #[arg(long)]
    pub json: bool,
}

/// A WITA date (`2026-11-29`) as the Unix time its day starts; `end` gives the next
/// day's start (an inclusive end date).
pub fn wita_day(text: &str, end: bool) -> Result<i64, AppError> {
    let bad = || AppError::new(ErrorKind::BadRequest, "audit.bad_date").arg("date", text);
    let parts: Vec<&str> = text.trim().split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let (y, m, d): (i64, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    let start =
        UnixTime::from_civil(y, m, d, antar_shared::time::WITA_OFFSET_SECS).ok_or_else(bad)?;
    Ok(start.0 + if end { 86_400 } else { 0 })
}

/// `audit list`: one tab-separated line per entry (time WITA, who, address, action,
/// target, desa), newest first; `--json` for programs.
pub async fn list(store: &Store, args: ListArgs, lang: Lang) -> Result<(), AppError> {
    let desa = args
        .desa
        .as_deref()
        .map(|d| {
            VillageCode::parse(d)
                .map(|c| c.to_string())
                .map_err(bad_code)
        })
        .transpose()?;
    let filter = AuditFilter {
        within: None,
        who: args.user,
        action: args.action,
        desa,
        since: args
            .since
            .as_deref()
            .map(|d| wita_day(d, false))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|d| wita_day(d, true))
            .transpose()?,
        limit: args.limit,
    };
    let entries = store.audit_entries(&filter).await?;
    if args.json {
        return print_json(&entries);
    }
    for e in &entries {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            UnixTime(e.at).wita(),
            e.who_name,
            e.address.as_deref().unwrap_or("-"),
            e.action,
            e.target,
            e.desa_code.as_deref().unwrap_or("-"),
        );
    }
    eprintln!(
        "{}",
        Tr::new(lang).t1("srv-audit-list-summary", "n", entries.len())
    );
    Ok(())
}

/// `audit verify`: recomputes every entry's hash and link; exits non-zero at the first
/// entry that was changed, removed or cut off.
pub async fn verify(store: &Store, lang: Lang) -> Result<(), AppError> {
    let (rows, head_seq, head_hash) = store.audit_chain().await?;
    let n = audit::verify(&rows, head_seq, &head_hash)
        .map_err(|fault| AppError::from_localized(ErrorKind::Conflict, &fault))?;
    eprintln!("{}", Tr::new(lang).t1("srv-audit-verified", "n", n));
    Ok(())
}

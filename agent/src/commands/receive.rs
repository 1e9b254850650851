//! `antar-agent receive`: confirms the arrival of documents, typed or scanned.

use antar_shared::Lang;
use antar_shared::doc::Condition;

use super::output::{note, tell};
use super::replica_failure;
use crate::clerk;
use crate::failure::Failure;
use crate::replica::Replica;

/// The arguments of `receive`.
#[derive(Debug, clap::Args)]
pub struct ReceiveArgs {
    /// Kode lacak / tracking codes.
    #[arg(required = true)]
    pub tracking_codes: Vec<String>,
    /// Diterima rusak / received damaged.
    #[arg(long, conflicts_with = "missing")]
    pub damaged: bool,
    /// Tidak ada dalam kiriman / missing from the delivery.
    #[arg(long)]
    pub missing: bool,
    /// Ditemukan: dulu dilaporkan tidak ada, sekarang ada / found: reported missing
    /// before, here now.
    #[arg(long, conflicts_with = "missing")]
    pub found: bool,
    /// Membetulkan catatan penerimaan yang salah, dengan alasan / corrects a wrong
    /// record of the arrival, with the reason.
    #[arg(long, value_name = "ALASAN")]
    pub correction: Option<String>,
}

/// Records each code's arrival; a code that fails does not stop the others.
pub async fn run(replica: &Replica, lang: Lang, args: ReceiveArgs) -> Result<(), Failure> {
    let me = replica
        .require_enrollment()
        .await
        .map_err(replica_failure(replica.dir()))?;
    let condition = if args.damaged {
        Condition::Damaged
    } else if args.missing {
        Condition::Missing
    } else {
        Condition::Ok
    };
    let arrival = clerk::Arrival {
        condition,
        found: args.found,
        correction: args.correction,
    };
    let (saved_id, saved_en) = if args.missing {
        (
            "laporan tidak ada dalam kiriman tersimpan",
            "missing report saved",
        )
    } else if arrival.correction.is_some() {
        ("koreksi penerimaan tersimpan", "corrected receipt saved")
    } else {
        ("penerimaan tersimpan", "receipt saved")
    };
    let mut failed = 0;
    for typed in &args.tracking_codes {
        let result = match clerk::parse_code(typed) {
            Ok(code) => clerk::receive(replica, &me, code, &arrival)
                .await
                .map(|_| code),
            Err(e) => Err(e),
        };
        match result {
            Ok(code) => tell(
                lang,
                &format!("{code}: {saved_id}."),
                &format!("{code}: {saved_en}."),
            ),
            Err(e) => {
                failed += 1;
                note(format_args!("{typed}: {}", e.message(lang)));
            }
        }
    }
    if failed > 0 {
        return Err(Failure::new(
            format!("{failed} kode tidak dicatat"),
            format!("{failed} codes were not recorded"),
        ));
    }
    Ok(())
}

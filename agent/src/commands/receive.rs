//! `antar-agent receive`: confirms the arrival of documents, typed or scanned.

use antar_shared::doc::Condition;
use antar_shared::i18n::Tr;

use super::output::note;
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
pub async fn run(replica: &Replica, tr: Tr, args: ReceiveArgs) -> Result<(), Failure> {
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
    // A missing report is not a receipt: it never says "penerimaan tersimpan".
    let saved = if args.missing {
        "agent-missing-saved"
    } else if arrival.correction.is_some() {
        "agent-correction-saved"
    } else {
        "agent-receipt-saved"
    };
    let mut failed = 0;
    for typed in &args.tracking_codes {
        let result = match clerk::parse_code(typed) {
            Ok(code) => clerk::receive(replica, &me, None, code, &arrival)
                .await
                .map(|_| code),
            Err(e) => Err(e),
        };
        match result {
            Ok(code) => note(tr.t1(saved, "code", code)),
            Err(e) => {
                failed += 1;
                let failure = Failure::from(e);
                failure.log();
                note(format_args!("{typed}: {}", failure.text(tr)));
            }
        }
    }
    if failed > 0 {
        return Err(Failure::new("command.not_recorded").arg("n", failed));
    }
    Ok(())
}

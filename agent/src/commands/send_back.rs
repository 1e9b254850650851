//! `antar-agent return`: records a document sent back to Dukcapil.

use antar_shared::i18n::Tr;

use super::output::note;
use super::replica_failure;
use crate::clerk;
use crate::failure::Failure;
use crate::replica::Replica;

/// The arguments of `return`.
#[derive(Debug, clap::Args)]
pub struct ReturnArgs {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Alasan / reason.
    #[arg(long)]
    pub reason: String,
    /// Membetulkan penyerahan yang salah dicatat, dengan alasan / corrects a wrongly
    /// recorded handover, with the reason.
    #[arg(long, value_name = "ALASAN")]
    pub correction: Option<String>,
}

/// Records the return.
pub async fn run(replica: &Replica, tr: Tr, args: ReturnArgs) -> Result<(), Failure> {
    let me = replica
        .require_enrollment()
        .await
        .map_err(replica_failure(replica.dir()))?;
    let code = clerk::parse_code(&args.tracking_code)?;
    clerk::send_back(
        replica,
        &me,
        None,
        code,
        &args.reason,
        args.correction.as_deref(),
    )
    .await?;
    note(tr.t1("agent-return-saved", "code", code));
    Ok(())
}

//! `antar-agent return`: records a document sent back to Dukcapil.

use antar_shared::Lang;

use super::output::tell;
use super::replica_failure;
use crate::clerk;
use crate::failure::{Failure, clerk_failure};
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
pub async fn run(replica: &Replica, lang: Lang, args: ReturnArgs) -> Result<(), Failure> {
    let me = replica
        .require_enrollment()
        .await
        .map_err(replica_failure(replica.dir()))?;
    let code = clerk::parse_code(&args.tracking_code).map_err(clerk_failure)?;
    clerk::send_back(replica, &me, code, &args.reason, args.correction.as_deref())
        .await
        .map_err(clerk_failure)?;
    tell(
        lang,
        &format!("{code}: pengembalian tersimpan."),
        &format!("{code}: return saved."),
    );
    Ok(())
}

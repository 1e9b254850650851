//! `antar-agent enroll`: enrolls this device with a one-time code from Dukcapil.

use antar_shared::i18n::Tr;

use super::output::{note, skew_warning};
use crate::failure::Failure;
use crate::replica::Replica;

/// The arguments of `enroll`.
#[derive(Debug, clap::Args)]
pub struct EnrollArgs {
    /// Alamat server Dukcapil / the Dukcapil server URL.
    #[arg(long)]
    pub server: String,
    /// Kode pendaftaran dari Dukcapil / the enrollment code from Dukcapil.
    #[arg(long)]
    pub code: String,
    /// Nama perangkat / a name for this device.
    #[arg(long, default_value = "Komputer kantor desa")]
    pub name: String,
}

/// Enrolls the device (retrying a failed connection a few times).
pub async fn run(replica: &Replica, tr: Tr, args: EnrollArgs) -> Result<(), Failure> {
    let request = crate::enroll::Request {
        server: &args.server,
        code: &args.code,
        name: &args.name,
    };
    let done = crate::enroll::enroll(replica, &request, 6, || {
        note(tr.t("agent-enroll-retry"));
    })
    .await?;
    let me = &done.enrollment;
    note(tr.t3(
        "agent-enrolled",
        ("name", &done.desa_name),
        ("desa", &me.desa),
        ("n", &me.actor.0),
    ));
    if let Some(skew) = done.skew {
        note(skew_warning(tr, skew));
    }
    Ok(())
}

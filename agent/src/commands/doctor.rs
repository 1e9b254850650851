//! `antar-agent doctor`: checks and repairs the data file, then fetches again from the
//! server what was set aside.

use std::path::Path;

use antar_shared::i18n::Tr;

use super::output::Out;
use super::replica_failure;
use crate::failure::Failure;
use crate::replica::doctor::Doctor;
use crate::sync::SyncError;
use crate::transport::Http;

/// The arguments of `doctor`.
#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Tanpa sinkron / without syncing.
    #[arg(long)]
    pub offline: bool,
    /// Keluaran JSON / JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Examines and repairs the replica of `dir` (which may not open), prints the report,
/// and fails when the salvaged replica lost its enrollment.
pub async fn run(dir: &Path, tr: Tr, args: DoctorArgs) -> Result<(), Failure> {
    let fail = replica_failure(dir);
    let mut doctor = Doctor::examine(dir).await.map_err(fail)?;
    let server = doctor.enrollment().map(|me| me.server.clone());
    if let (false, Some(server)) = (args.offline, server) {
        match Http::new(&server) {
            Ok(http) => doctor.refetch(&http).await,
            Err(e) => doctor.sync_not_started(&Failure::from(SyncError::Transport(e))),
        }
    }
    let (_, report) = doctor.finish().await.map_err(fail)?;
    let mut out = Out::stdout();
    if args.json {
        out.json(&report)?;
    } else {
        for line in report.lines(tr.lang) {
            out.line(line)?;
        }
    }
    if report.salvaged.is_some() && !report.enrolled {
        return Err(Failure::new("command.enrollment_lost"));
    }
    Ok(())
}

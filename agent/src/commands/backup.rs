//! `antar-agent backup` and `antar-agent restore`: a copy of the data file, and the
//! way back from one.

use std::path::{Path, PathBuf};

use antar_shared::i18n::Tr;

use super::output::note;
use super::replica_failure;
use crate::failure::Failure;
use crate::replica::{self, Replica};

/// The arguments of `backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// File tujuan / the backup file.
    pub file: PathBuf,
}

/// The arguments of `restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// File salinan cadangan / the backup file.
    pub file: PathBuf,
}

/// Writes a backup of the open replica.
pub async fn backup(replica: &Replica, tr: Tr, args: BackupArgs) -> Result<(), Failure> {
    let path = replica
        .backup(&args.file)
        .await
        .map_err(replica_failure(replica.dir()))?;
    note(tr.t1("agent-backup-saved", "file", path.display()));
    Ok(())
}

/// Puts a checked backup in place of the replica of `dir` (which may not open).
pub async fn restore(dir: &Path, tr: Tr, args: RestoreArgs) -> Result<(), Failure> {
    let done = replica::restore(dir, &args.file)
        .await
        .map_err(replica_failure(dir))?;
    note(tr.with(
        "agent-restored",
        &[
            ("file", done.from.display().to_string()),
            ("ops", done.ops.to_string()),
            ("dispatches", done.dispatches.to_string()),
            ("desa", antar_shared::region::named(&done.desa)),
            ("device", done.device_name.clone()),
        ],
    ));
    if let Some(kept) = &done.kept {
        note(tr.t1("agent-restore-kept", "file", kept.display()));
    }
    note(tr.t("agent-restore-sync-first"));
    Ok(())
}

//! `antar-agent backup` and `antar-agent restore`: a copy of the data file, and the
//! way back from one.

use std::path::{Path, PathBuf};

use antar_shared::Lang;

use super::output::tell;
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
pub async fn backup(replica: &Replica, lang: Lang, args: BackupArgs) -> Result<(), Failure> {
    let path = replica
        .backup(&args.file)
        .await
        .map_err(replica_failure(replica.dir()))?;
    tell(
        lang,
        &format!("Salinan cadangan tersimpan: {}", path.display()),
        &format!("Backup saved: {}", path.display()),
    );
    Ok(())
}

/// Puts a checked backup in place of the replica of `dir` (which may not open).
pub async fn restore(dir: &Path, lang: Lang, args: RestoreArgs) -> Result<(), Failure> {
    let done = replica::restore(dir, &args.file)
        .await
        .map_err(replica_failure(dir))?;
    tell(
        lang,
        &format!(
            "Dipulihkan dari {}: {} perubahan, {} kiriman (desa {}, perangkat {}).",
            done.from.display(),
            done.ops,
            done.dispatches,
            done.desa,
            done.device
        ),
        &format!(
            "Restored from {}: {} changes, {} dispatches (desa {}, device {}).",
            done.from.display(),
            done.ops,
            done.dispatches,
            done.desa,
            done.device
        ),
    );
    if let Some(kept) = &done.kept {
        tell(
            lang,
            &format!("File data sebelumnya disimpan sebagai {}.", kept.display()),
            &format!("The previous data file is kept as {}.", kept.display()),
        );
    }
    tell(
        lang,
        "Jalankan `antar-agent sync` sebelum mencatat yang baru: perubahan perangkat ini yang dibuat sesudah salinan ini diambil lagi dari server (yang belum sempat disinkronkan tidak ada di salinan).",
        "Run `antar-agent sync` before recording anything new: this device's changes made after this backup are fetched again from the server (those never synced are not in the backup).",
    );
    Ok(())
}

//! The replica's errors in the clerk's language (the `Display` text is Indonesian).

use antar_shared::Lang;
use antar_shared::lang::Localized;

use super::{FILE, ReplicaError};

impl ReplicaError {
    /// The message in a language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::Id {
            return self.to_string();
        }
        let backup_or = |b: &Option<std::path::PathBuf>| {
            b.as_ref()
                .map_or_else(|| "FILE".to_owned(), |b| b.display().to_string())
        };
        match self {
            ReplicaError::DataDir { dir, source } => {
                format!("cannot create the data folder {dir}: {source}")
            }
            ReplicaError::Database(e) => format!("local database: {e}"),
            ReplicaError::Migrate(e) => format!("the local database cannot be prepared: {e}"),
            ReplicaError::Damaged { detail, backup } => format!(
                "the data file {FILE} is damaged ({detail}); run `antar-agent doctor` to repair it, or restore the newest backup: `antar-agent restore {}`",
                backup_or(backup)
            ),
            ReplicaError::Emptied { file, backup } => format!(
                "the data file {} is empty or missing; the last backup is {}: restore it with `antar-agent restore {}`",
                file.display(),
                backup.display(),
                backup.display()
            ),
            ReplicaError::NewerVersion => {
                "this data file was written by a newer antar-agent; use that version".into()
            }
            ReplicaError::Io { what, source } => format!("{what}: {source}"),
            ReplicaError::NotAReplica { file, why_en, .. } => format!(
                "{} is not a usable Antar replica backup: {why_en}",
                file.display()
            ),
            ReplicaError::Unsalvageable { detail, backup } => format!(
                "the data file {FILE} is damaged beyond salvage ({detail}); {}",
                backup.as_ref().map_or_else(
                    || "no backup is known: enroll this device again in a new data folder (`antar-agent --data-dir NEW_FOLDER enroll ...`)".to_owned(),
                    |b| format!("restore the newest backup: `antar-agent restore {}`", b.display())
                )
            ),
            ReplicaError::NotEnrolled => {
                "this device is not enrolled yet; run `antar-agent enroll --server URL --code CODE` first".into()
            }
            ReplicaError::UnreadableOp { op, reason } => format!(
                "stored change {op} cannot be read ({}); run `antar-agent doctor` to set it aside and fetch it again from the server",
                reason.message(Lang::En)
            ),
            ReplicaError::OpDoesNotFit { op, reason } => format!(
                "stored change {op} does not fit the data before it ({}); run `antar-agent doctor`",
                reason.message(Lang::En)
            ),
            ReplicaError::Corrupt(what) => format!("the agent's data is damaged: {what}"),
            ReplicaError::Entropy(e) => format!("the system's random source failed: {e}"),
            ReplicaError::BadSeal(op) => format!("the server's seal does not match for change {op}"),
            ReplicaError::Apply(e) => e.message(Lang::En),
        }
    }
}

//! The replica's errors as a person reads them: a code and its arguments (the words
//! are in `errors.ftl`). What SQLite or the system said stays in the error's `Display`,
//! for the log; the person reads what is wrong and what to run.

use antar_shared::lang::Localized;

use super::{FILE, ReplicaError};
use antar_shared::i18n::io_why;

/// A file operation of backup, restore or repair (the `$action` of `replica.file`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileAction {
    /// Adding a line to the list of backups.
    Record,
    /// Making a path absolute.
    Resolve,
    /// Creating a file or folder.
    Create,
    /// Writing a file.
    Write,
    /// Putting the restored file in place.
    Install,
    /// Reading a file.
    Read,
    /// Copying a file.
    Copy,
    /// Keeping the replaced replica aside.
    Keep,
    /// Moving the damaged replica aside.
    Move,
}

impl FileAction {
    /// The selector in the message.
    pub fn code(self) -> &'static str {
        match self {
            FileAction::Record => "record",
            FileAction::Resolve => "resolve",
            FileAction::Create => "create",
            FileAction::Write => "write",
            FileAction::Install => "install",
            FileAction::Read => "read",
            FileAction::Copy => "copy",
            FileAction::Keep => "keep",
            FileAction::Move => "move",
        }
    }
}

/// Why a file offered to `restore` is not a usable replica (the `$why` of
/// `replica.not_a_replica`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotReplica {
    /// It is the live data file itself.
    Live,
    /// It belongs to another device or desa than this folder.
    OtherDevice {
        /// Its device's name.
        device: String,
        /// Its desa.
        desa: String,
        /// This folder's device.
        this_device: String,
        /// This folder's desa.
        this_desa: String,
    },
    /// SQLite does not read it as a database.
    NotADatabase,
    /// SQLite's integrity check found damage.
    CheckFailed,
    /// It holds no device enrollment.
    NoEnrollment,
    /// One of its ops does not read.
    UnreadableOp(String),
    /// One of its ops does not fit those before it.
    OpDoesNotFit(String),
}

impl NotReplica {
    /// Why a file whose document did not load is not usable (without the advice to run
    /// doctor, which is about the live replica, not this file).
    pub(super) fn unreadable(e: &ReplicaError) -> NotReplica {
        match e {
            ReplicaError::UnreadableOp { op, .. } => NotReplica::UnreadableOp(op.clone()),
            ReplicaError::OpDoesNotFit { op, .. } => NotReplica::OpDoesNotFit(op.clone()),
            _ => NotReplica::NotADatabase,
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        let why = |w: &str| ("why", w.to_owned());
        match self {
            NotReplica::Live => vec![why("live")],
            NotReplica::OtherDevice {
                device,
                desa,
                this_device,
                this_desa,
            } => vec![
                why("other_device"),
                ("device", device.clone()),
                ("desa", antar_shared::region::named(desa)),
                ("this_device", this_device.clone()),
                ("this_desa", antar_shared::region::named(this_desa)),
            ],
            NotReplica::NotADatabase => vec![why("not_database")],
            NotReplica::CheckFailed => vec![why("check_failed")],
            NotReplica::NoEnrollment => vec![why("no_enrollment")],
            NotReplica::UnreadableOp(op) => vec![why("unreadable_op"), ("op", op.clone())],
            NotReplica::OpDoesNotFit(op) => vec![why("op_does_not_fit"), ("op", op.clone())],
        }
    }
}

impl ReplicaError {
    /// Whether the error holds words the person does not read (SQLite's, the system's,
    /// a decoder's): then they go to the log where the error is shown.
    pub fn has_details(&self) -> bool {
        !matches!(
            self,
            ReplicaError::NotEnrolled
                | ReplicaError::DiskFull
                | ReplicaError::NewerVersion
                | ReplicaError::Emptied { .. }
                | ReplicaError::BackupOntoItself(_)
                | ReplicaError::PathUnusable(_)
        )
    }
}

fn path(p: &std::path::Path) -> String {
    p.display().to_string()
}

impl Localized for ReplicaError {
    fn code(&self) -> &'static str {
        match self {
            ReplicaError::DataDir { .. } => "replica.data_dir",
            ReplicaError::Database(_) => "replica.database",
            ReplicaError::DiskFull => "replica.disk_full",
            ReplicaError::Migrate(_) => "replica.migrate",
            ReplicaError::Damaged { .. } => "replica.damaged",
            ReplicaError::Emptied { .. } => "replica.emptied",
            ReplicaError::NewerVersion => "replica.newer_version",
            ReplicaError::Io { .. } => "replica.file",
            ReplicaError::BackupOntoItself(_) => "replica.backup_onto_itself",
            ReplicaError::PathUnusable(_) => "replica.path_unusable",
            ReplicaError::NotAReplica { .. } => "replica.not_a_replica",
            ReplicaError::Unsalvageable { .. } => "replica.unsalvageable",
            ReplicaError::NotEnrolled => "replica.not_enrolled",
            ReplicaError::UnreadableOp { .. } => "replica.unreadable_op",
            ReplicaError::OpDoesNotFit { .. } => "replica.op_does_not_fit",
            ReplicaError::Corrupt(_) => "replica.corrupt",
            ReplicaError::Entropy(_) => "replica.entropy",
            ReplicaError::BadSeal(_) => "replica.bad_seal",
            ReplicaError::Apply(e) => e.code(),
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ReplicaError::DataDir { dir, source } => {
                vec![("dir", dir.clone()), ("why", io_why(source).to_owned())]
            }
            ReplicaError::Damaged { backup, .. } => vec![
                ("file", FILE.to_owned()),
                (
                    "has_backup",
                    if backup.is_some() { "yes" } else { "no" }.into(),
                ),
                ("backup", backup.as_deref().map(path).unwrap_or_default()),
            ],
            ReplicaError::Emptied { file, backup } => {
                vec![("file", path(file)), ("backup", path(backup))]
            }
            ReplicaError::Io {
                action,
                path: p,
                source,
            } => vec![
                ("action", action.code().to_owned()),
                ("path", path(p)),
                ("why", io_why(source).to_owned()),
            ],
            ReplicaError::BackupOntoItself(p) => vec![("file", path(p))],
            ReplicaError::PathUnusable(p) => vec![("path", path(p))],
            ReplicaError::NotAReplica { file, why, .. } => {
                let mut args = vec![("file", path(file))];
                args.extend(why.args());
                args
            }
            ReplicaError::Unsalvageable { backup, .. } => vec![
                ("file", FILE.to_owned()),
                (
                    "has_backup",
                    if backup.is_some() { "yes" } else { "no" }.into(),
                ),
                ("backup", backup.as_deref().map(path).unwrap_or_default()),
            ],
            ReplicaError::UnreadableOp { op, .. } | ReplicaError::OpDoesNotFit { op, .. } => {
                vec![("op", op.clone())]
            }
            ReplicaError::BadSeal(op) => vec![("op", op.clone())],
            ReplicaError::Apply(e) => e.args(),
            ReplicaError::Database(_)
            | ReplicaError::DiskFull
            | ReplicaError::Migrate(_)
            | ReplicaError::NewerVersion
            | ReplicaError::NotEnrolled
            | ReplicaError::Corrupt(_)
            | ReplicaError::Entropy(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use antar_shared::Lang;
    use antar_shared::i18n::Tr;

    use super::*;

    #[test]
    fn damage_without_a_known_backup_names_no_english_placeholder() {
        let none = ReplicaError::Damaged {
            detail: "database disk image is malformed".into(),
            backup: None,
        };
        let id = Tr::new(Lang::Id).error(&none);
        assert!(id.contains("`antar-agent restore FILE_CADANGAN`"), "{id}");
        assert!(!id.contains("malformed"), "{id}");
        let en = Tr::new(Lang::En).error(&none);
        assert!(en.contains("`antar-agent restore BACKUP_FILE`"), "{en}");
        let known = ReplicaError::Damaged {
            detail: String::new(),
            backup: Some("/cadangan/antar-2026.db".into()),
        };
        let id = Tr::new(Lang::Id).error(&known);
        assert!(
            id.contains("salinan cadangan terbaru: `antar-agent restore /cadangan/antar-2026.db`"),
            "{id}"
        );
    }
}

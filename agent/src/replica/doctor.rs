//! `antar-agent doctor`: make a damaged replica usable again without losing what can
//! be saved, and say plainly what could not.
//!
//! Three steps, so the command line and tests drive the same code and only the middle
//! one needs the network: [`Doctor::examine`] checks the file (salvaging it when SQLite
//! reports damage) and sets damaged ops aside; [`Doctor::refetch`] syncs, so the server
//! sends back what was set aside; [`Doctor::finish`] counts what is still missing —
//! above all this device's own ops that the server never acknowledged, which nobody
//! can give back.

use std::path::Path;

use serde::Serialize;

use super::repair::SetAside;
use super::salvage::{Salvaged, salvage};
use super::{Enrollment, FILE, Replica, ReplicaError, make_dir, newest_backup};
use crate::failure::{Failure, Notice};
use crate::transport::Transport;

/// How the sync step went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncStep {
    /// Not tried (`--offline`).
    #[default]
    Offline,
    /// Not tried: the device is not enrolled.
    NotEnrolled,
    /// Done.
    Done {
        /// Ops the server sent.
        received: usize,
    },
    /// Failed; the repair stands and a later sync finishes it.
    Failed {
        /// Why, as a message.
        error: Notice,
    },
}

/// What the file check found, as the report says it (SQLite's own text goes to the
/// log, never to the reader).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileCheck {
    /// `PRAGMA integrity_check` said "ok".
    #[default]
    Sound,
    /// SQLite found the file's structure broken ("database disk image is malformed").
    Malformed,
    /// The file no longer reads as a database at all ("file is not a database").
    NotADatabase,
    /// The integrity check listed faults, or the schema record was altered.
    Faults,
}

impl FileCheck {
    /// What SQLite's complaint (or the integrity check's findings) amounts to.
    fn of(sqlite: &str) -> FileCheck {
        let text = sqlite.to_ascii_lowercase();
        if text.trim() == "ok" {
            FileCheck::Sound
        } else if text.contains("not a database") {
            FileCheck::NotADatabase
        } else if text.contains("malformed") {
            FileCheck::Malformed
        } else {
            FileCheck::Faults
        }
    }

    /// The `$problem` selector of `agent-doctor-salvaged`.
    pub fn code(self) -> &'static str {
        match self {
            FileCheck::Sound => "sound",
            FileCheck::Malformed => "malformed",
            FileCheck::NotADatabase => "not_a_database",
            FileCheck::Faults => "faults",
        }
    }
}

/// What doctor found and did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DoctorReport {
    /// What the file check found.
    pub file: FileCheck,
    /// `PRAGMA integrity_check` (or SQLite's complaint when the file did not open), in
    /// SQLite's words: for the log and tests, never shown (not in `--json` either).
    #[serde(skip)]
    pub integrity: String,
    /// When the file had to be salvaged into a fresh replica.
    pub salvaged: Option<Salvaged>,
    /// Whether the replica holds an enrollment.
    pub enrolled: bool,
    /// Op rows examined.
    pub checked: usize,
    /// Unreadable ops moved to quarantine by this run.
    pub quarantined: Vec<SetAside>,
    /// Readable ops set aside by this run because something before them is missing.
    pub held: Vec<SetAside>,
    /// The sync that asks the server for what was set aside.
    pub sync: SyncStep,
    /// Held ops that are back in the document (sent again by the server, or fitting
    /// again).
    pub restored: usize,
    /// Held ops still waiting.
    pub still_held: usize,
    /// Dispatches in the replica afterwards.
    pub dispatches: usize,
    /// This device's own ops that are gone and that the server never acknowledged (by
    /// counter): lost for good.
    pub own_lost: Vec<u64>,
    /// Own ops kept but stuck behind a lost one: the server will never accept them.
    pub own_unsendable: usize,
    /// New work is refused until this device's own ops are back (see `recovery.rs`).
    pub own_blocked: bool,
    /// ... and they cannot come back: the device must be enrolled again.
    pub own_stuck: bool,
    /// The newest known backup, for the advice.
    pub backup: Option<String>,
}

/// A doctor run in progress.
#[derive(Debug)]
pub struct Doctor {
    replica: Replica,
    me: Option<Enrollment>,
    held_after_repair: usize,
    report: DoctorReport,
}

impl Doctor {
    /// Checks the replica of `dir`, salvages it if SQLite reports damage, and sets aside
    /// the ops that cannot be read or no longer fit.
    pub async fn examine(dir: &Path) -> Result<Doctor, ReplicaError> {
        make_dir(dir)?;
        let file = dir.join(FILE);
        let empty = std::fs::metadata(&file).map_or(true, |m| m.len() == 0);
        if empty && let Some(backup) = newest_backup(dir) {
            return Err(ReplicaError::Emptied { file, backup });
        }
        let now = crate::now();
        let mut report = DoctorReport::default();
        let found = match Replica::open_file(dir).await {
            Ok(replica) => match integrity(&replica).await? {
                Ok(ok) if ok == "ok" => Ok((replica, ok)),
                found => {
                    replica.close().await;
                    Err(found.unwrap_or_else(|e| e))
                }
            },
            Err(ReplicaError::Damaged { detail, .. }) => Err(detail),
            Err(e) => return Err(e.naming_backup(dir)),
        };
        let replica = match found {
            Ok((replica, ok)) => {
                report.integrity = ok;
                replica
            }
            Err(sqlite) => {
                tracing::warn!(
                    file = %file.display(),
                    sqlite = %sqlite,
                    "doctor: the data file is damaged; salvaging it"
                );
                report.file = FileCheck::of(&sqlite);
                report.integrity = sqlite;
                let (replica, salvaged) = salvage(dir, now).await?;
                report.salvaged = Some(salvaged);
                replica
            }
        };
        let me = replica.enrollment().await?;
        let repair = replica.repair(me.as_ref(), now).await?;
        report.enrolled = me.is_some();
        report.checked = repair.checked;
        report.quarantined = repair.quarantined;
        report.held = repair.held;
        report.sync = if me.is_some() {
            SyncStep::Offline
        } else {
            SyncStep::NotEnrolled
        };
        let held_after_repair = replica.held_count().await?;
        Ok(Doctor {
            replica,
            me,
            held_after_repair,
            report,
        })
    }

    /// The enrollment, when the replica holds one (the sync step needs its server).
    pub fn enrollment(&self) -> Option<&Enrollment> {
        self.me.as_ref()
    }

    /// Syncs, so the server sends back what was set aside (it sends every op this
    /// device's vector lacks, its own included). A failure is reported, not returned:
    /// the repair stands, and the next sync finishes the job.
    pub async fn refetch(&mut self, transport: &impl Transport) {
        if self.me.is_none() {
            return;
        }
        self.report.sync = match crate::sync::sync_once(&self.replica, transport).await {
            Ok(done) => SyncStep::Done {
                received: done.received,
            },
            Err(e) => {
                let failure = Failure::from(e);
                failure.log();
                let error = failure.notice();
                let _ = self.replica.set_last_error(&error).await;
                SyncStep::Failed { error }
            }
        };
    }

    /// Records a sync step that could not even start (no transport).
    pub fn sync_not_started(&mut self, failure: &Failure) {
        if self.me.is_some() {
            failure.log();
            self.report.sync = SyncStep::Failed {
                error: failure.notice(),
            };
        }
    }

    /// Counts what is still missing and whether this device may write again. The
    /// replica must load now: that is what "usable" means.
    pub async fn finish(self) -> Result<(Replica, DoctorReport), ReplicaError> {
        let Doctor {
            replica,
            me,
            held_after_repair,
            mut report,
        } = self;
        report.backup = newest_backup(replica.dir()).map(|b| b.display().to_string());
        let Some(me) = me else {
            return Ok((replica, report));
        };
        let mut doc = replica.load(me.desa).await?;
        // The sync settles the held ops as it goes; this covers a sync that failed
        // half-way (and costs nothing when nothing is held).
        replica.settle_held(&me, &mut doc).await?;
        report.still_held = replica.held_count().await?;
        report.restored = held_after_repair.saturating_sub(report.still_held);
        report.dispatches = doc.dispatches().count();
        let own = doc.clock().get(&me.actor);
        let acknowledged = replica.server_have().await?.get(&me.actor);
        let floor = replica.own_floor().await?;
        let held = replica.held_own(me.actor).await?;
        // Missing own counters the server never had: nobody can send them back.
        report.own_lost = (own.max(acknowledged) + 1..=floor)
            .filter(|c| !held.contains(c))
            .collect();
        report.own_unsendable = report
            .own_lost
            .first()
            .map_or(0, |first| held.iter().filter(|c| *c > first).count());
        report.own_blocked = replica.own_ops_pending(own).await?;
        // After a sync that went through, the server has sent every own op it holds:
        // whatever is still missing will not come back either.
        let synced = matches!(report.sync, SyncStep::Done { .. });
        report.own_stuck = !report.own_lost.is_empty() || (synced && report.own_blocked);
        Ok((replica, report))
    }
}

/// `PRAGMA integrity_check`, its first few findings joined; `Err` with SQLite's words
/// when damage stops the check itself. Any other failure (a lock, the disk) is no
/// reason to salvage, and is returned as an error.
async fn integrity(replica: &Replica) -> Result<Result<String, String>, ReplicaError> {
    match sqlx::query_scalar::<_, String>("PRAGMA integrity_check(5)")
        .fetch_all(&replica.pool)
        .await
    {
        Ok(rows) => Ok(Ok(rows.join("; "))),
        Err(sqlx::Error::Database(db)) if super::damage::is_corrupt_message(db.as_ref()) => {
            Ok(Err(db.message().to_owned()))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlites_complaints_are_sorted() {
        assert_eq!(FileCheck::of("ok"), FileCheck::Sound);
        assert_eq!(
            FileCheck::of("database disk image is malformed"),
            FileCheck::Malformed
        );
        assert_eq!(
            FileCheck::of("file is not a database"),
            FileCheck::NotADatabase
        );
        assert_eq!(
            FileCheck::of(
                "*** in database main ***\nPage 3: btreeInitPage() returns error code 11"
            ),
            FileCheck::Faults
        );
        assert_eq!(FileCheck::of("schema record altered"), FileCheck::Faults);
    }
}

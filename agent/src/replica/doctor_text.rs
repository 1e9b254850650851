//! Doctor's report in words, in the reader's language (the `agent-doctor-*` keys of
//! `cli.ftl`): what was wrong, what was set aside, what came back, and what is lost for
//! good with what to do about it.

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use super::doctor::{DoctorReport, SyncStep};
use super::repair::SetAside;

/// At most this many ops are listed per kind; the rest are counted.
const LISTED: usize = 20;

fn list(out: &mut Vec<String>, tr: Tr, ops: &[SetAside]) {
    for aside in ops.iter().take(LISTED) {
        let own = if aside.own {
            format!(" ({})", tr.t("agent-doctor-own"))
        } else {
            String::new()
        };
        let about = aside
            .dispatch
            .as_ref()
            .map(|d| format!(" [{d}]"))
            .unwrap_or_default();
        let reason = aside.reason.text(tr);
        out.push(format!("  - {}{own}{about}: {reason}", aside.op));
    }
    if ops.len() > LISTED {
        let more = ops.len() - LISTED;
        out.push(format!("  {}", tr.t1("agent-doctor-more", "n", more)));
    }
}

fn counters(lost: &[u64]) -> String {
    let shown: Vec<String> = lost.iter().take(LISTED).map(u64::to_string).collect();
    let more = if lost.len() > LISTED { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

impl DoctorReport {
    /// The report, line by line.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let tr = Tr::new(lang);
        let mut out = Vec::new();
        out.push(match &self.salvaged {
            None => tr.t("agent-doctor-check-ok"),
            Some(s) => tr.with(
                "agent-doctor-salvaged",
                &[
                    ("problem", self.file.code().to_owned()),
                    ("copied", s.rows_copied.to_string()),
                    ("unreadable", s.rows_unreadable.to_string()),
                    ("file", s.damaged_file.display().to_string()),
                ],
            ),
        });
        out.push(tr.t1("agent-doctor-checked", "n", self.checked));
        out.push(tr.t1("agent-doctor-quarantined", "n", self.quarantined.len()));
        list(&mut out, tr, &self.quarantined);
        out.push(tr.t1("agent-doctor-held", "n", self.held.len()));
        list(&mut out, tr, &self.held);
        self.sync_lines(&mut out, tr);
        self.own_lines(&mut out, tr);
        out.push(if self.enrolled {
            tr.t1("agent-doctor-usable", "n", self.dispatches)
        } else {
            match (&self.salvaged, &self.backup) {
                (Some(_), Some(b)) => tr.t1("agent-doctor-enrollment-lost-backup", "backup", b),
                (Some(_), None) => tr.t("agent-doctor-enrollment-lost"),
                (None, _) => tr.t("agent-doctor-not-enrolled"),
            }
        });
        out
    }

    fn sync_lines(&self, out: &mut Vec<String>, tr: Tr) {
        let pending = self.still_held > 0 || !self.quarantined.is_empty();
        match &self.sync {
            SyncStep::Offline if self.enrolled && pending => {
                out.push(tr.t("agent-doctor-sync-skipped"));
            }
            SyncStep::Offline | SyncStep::NotEnrolled => {}
            SyncStep::Done { received } => out.push(tr.t2(
                "agent-doctor-synced",
                "received",
                received,
                "restored",
                self.restored,
            )),
            SyncStep::Failed { error } => {
                let error = error.text(tr);
                out.push(tr.t1(
                    "agent-doctor-sync-failed",
                    "error",
                    error.trim_end_matches('.'),
                ));
            }
        }
        if self.still_held > 0 {
            out.push(tr.t1("agent-doctor-still-held", "n", self.still_held));
        }
    }

    fn own_lines(&self, out: &mut Vec<String>, tr: Tr) {
        if !self.own_lost.is_empty() {
            // Without a sync that went through, the count is as of the last one.
            let hedge = if matches!(self.sync, SyncStep::Done { .. }) {
                String::new()
            } else {
                format!(" ({})", tr.t("agent-doctor-own-lost-hedge"))
            };
            out.push(tr.with(
                "agent-doctor-own-lost",
                &[
                    ("n", self.own_lost.len().to_string()),
                    ("which", counters(&self.own_lost)),
                    ("hedge", hedge),
                ],
            ));
            if self.own_unsendable > 0 {
                out.push(tr.t1("agent-doctor-own-unsendable", "n", self.own_unsendable));
            }
        }
        if self.own_stuck {
            out.push(tr.t("agent-doctor-own-stuck"));
        } else if self.own_blocked {
            out.push(tr.t("agent-doctor-own-blocked"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::doctor::FileCheck;
    use super::super::salvage::Salvaged;
    use super::*;

    #[test]
    fn sqlites_words_stay_out_of_the_report() {
        let mut report = DoctorReport {
            integrity: "ok".into(),
            ..DoctorReport::default()
        };
        assert_eq!(
            report.lines(Lang::Id)[0],
            "Pemeriksaan file: tidak ada kerusakan."
        );
        assert_eq!(report.lines(Lang::En)[0], "File check: no damage found.");
        report.salvaged = Some(Salvaged {
            damaged_file: "antar.db.damaged-1".into(),
            rows_copied: 3,
            rows_unreadable: 1,
            tables_incomplete: Vec::new(),
        });
        for (file, id, en) in [
            (
                FileCheck::Malformed,
                "strukturnya rusak",
                "its structure is broken",
            ),
            (
                FileCheck::NotADatabase,
                "tidak lagi terbaca sebagai basis data",
                "no longer reads as a database",
            ),
            (
                FileCheck::Faults,
                "pemeriksaan file menemukan kesalahan",
                "the file check found faults",
            ),
        ] {
            report.file = file;
            report.integrity = "database disk image is malformed".into();
            let (said_id, said_en) = (
                report.lines(Lang::Id)[0].clone(),
                report.lines(Lang::En)[0].clone(),
            );
            assert!(
                said_id.contains(id) && said_id.contains("3 baris"),
                "{said_id}"
            );
            assert!(said_en.contains(en), "{said_en}");
            for said in [said_id, said_en] {
                assert!(!said.contains("disk image"), "{said}");
            }
        }
    }
}

//! Doctor's report in words, Indonesian first: what was wrong, what was set aside,
//! what came back, and what is lost for good with what to do about it.

use antar_shared::Lang;

use super::doctor::{DoctorReport, SyncStep};
use super::repair::SetAside;

/// At most this many ops are listed per kind; the rest are counted.
const LISTED: usize = 20;

fn say(lang: Lang, id: String, en: String) -> String {
    if lang == Lang::En { en } else { id }
}

fn list(out: &mut Vec<String>, lang: Lang, ops: &[SetAside]) {
    for aside in ops.iter().take(LISTED) {
        let reason = if lang == Lang::En {
            &aside.reason_en
        } else {
            &aside.reason
        };
        let own = if aside.own {
            say(
                lang,
                " (milik perangkat ini)".into(),
                " (this device's)".into(),
            )
        } else {
            String::new()
        };
        let about = aside
            .dispatch
            .as_ref()
            .map(|d| format!(" [{d}]"))
            .unwrap_or_default();
        out.push(format!("  - {}{own}{about}: {reason}", aside.op));
    }
    if ops.len() > LISTED {
        let more = ops.len() - LISTED;
        out.push(say(
            lang,
            format!("  … dan {more} lainnya"),
            format!("  … and {more} more"),
        ));
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
        let mut out = Vec::new();
        match &self.salvaged {
            None => out.push(say(
                lang,
                format!("Pemeriksaan file: {}", self.integrity),
                format!("File check: {}", self.integrity),
            )),
            Some(s) => out.push(say(
                lang,
                format!(
                    "File data rusak ({}); isinya diselamatkan ke replika baru: {} baris tersalin, {} tidak terbaca. File rusak disimpan sebagai {}.",
                    self.integrity,
                    s.rows_copied,
                    s.rows_unreadable,
                    s.damaged_file.display()
                ),
                format!(
                    "The data file was damaged ({}); its contents were salvaged into a fresh replica: {} rows copied, {} unreadable. The damaged file is kept as {}.",
                    self.integrity,
                    s.rows_copied,
                    s.rows_unreadable,
                    s.damaged_file.display()
                ),
            )),
        }
        out.push(say(
            lang,
            format!("Perubahan diperiksa: {}", self.checked),
            format!("Changes checked: {}", self.checked),
        ));
        out.push(say(
            lang,
            format!("Tidak terbaca, dikarantina: {}", self.quarantined.len()),
            format!("Unreadable, quarantined: {}", self.quarantined.len()),
        ));
        list(&mut out, lang, &self.quarantined);
        out.push(say(
            lang,
            format!(
                "Disisihkan sementara (menunggu yang dikarantina): {}",
                self.held.len()
            ),
            format!(
                "Set aside for now (waiting for what was quarantined): {}",
                self.held.len()
            ),
        ));
        list(&mut out, lang, &self.held);
        self.sync_lines(&mut out, lang);
        self.own_lines(&mut out, lang);
        if !self.enrolled {
            out.push(match (&self.salvaged, &self.backup) {
                (Some(_), Some(b)) => say(
                    lang,
                    format!("Data pendaftaran perangkat ini hilang: pulihkan salinan cadangan (antar-agent restore {b}).")
                    , format!("This device's enrollment is lost: restore a backup (antar-agent restore {b}).")
                ),
                (Some(_), None) => say(
                    lang,
                    "Data pendaftaran perangkat ini hilang dan tidak ada salinan cadangan yang dikenal: daftarkan ulang perangkat ini di folder data baru (antar-agent --data-dir FOLDER_BARU enroll --server URL --code KODE).".into(),
                    "This device's enrollment is lost and no backup is known: enroll this device again in a new data folder (antar-agent --data-dir NEW_FOLDER enroll --server URL --code CODE).".into(),
                ),
                (None, _) => say(
                    lang,
                    "Perangkat ini belum terdaftar.".into(),
                    "This device is not enrolled yet.".into(),
                ),
            });
        } else {
            out.push(say(
                lang,
                format!("Replika siap dipakai: {} kiriman.", self.dispatches),
                format!("The replica is usable: {} dispatches.", self.dispatches),
            ));
        }
        out
    }

    fn sync_lines(&self, out: &mut Vec<String>, lang: Lang) {
        let pending = self.still_held > 0 || !self.quarantined.is_empty();
        match &self.sync {
            SyncStep::Offline if self.enrolled && pending => out.push(say(
                lang,
                "Sinkron dilewati (--offline): jalankan `antar-agent sync` untuk mengambil lagi yang disisihkan dari server.".into(),
                "Sync skipped (--offline): run `antar-agent sync` to fetch what was set aside from the server again.".into(),
            )),
            SyncStep::Offline | SyncStep::NotEnrolled => {}
            SyncStep::Done { received } => out.push(say(
                lang,
                format!(
                    "Sinkron: {received} perubahan diambil dari server; {} yang disisihkan kembali masuk.",
                    self.restored
                ),
                format!(
                    "Sync: {received} changes fetched from the server; {} set-aside changes are back.",
                    self.restored
                ),
            )),
            SyncStep::Failed { error, error_en } => out.push(say(
                lang,
                format!(
                    "{}. Perbaikan tetap berlaku; jalankan `antar-agent sync` nanti.",
                    error.trim_end_matches('.')
                ),
                format!(
                    "{}. The repair stands; run `antar-agent sync` later.",
                    error_en.trim_end_matches('.')
                ),
            )),
        }
        if self.still_held > 0 {
            out.push(say(
                lang,
                format!(
                    "{} perubahan masih disisihkan; sinkron berikutnya mengambilnya lagi.",
                    self.still_held
                ),
                format!(
                    "{} changes are still set aside; the next sync fetches them again.",
                    self.still_held
                ),
            ));
        }
    }

    fn own_lines(&self, out: &mut Vec<String>, lang: Lang) {
        if !self.own_lost.is_empty() {
            let n = self.own_lost.len();
            let which = counters(&self.own_lost);
            let hedge = if matches!(self.sync, SyncStep::Done { .. }) {
                (String::new(), String::new())
            } else {
                (
                    " (menurut sinkron terakhir; jalankan `antar-agent doctor` lagi saat server terjangkau untuk memastikan)".into(),
                    " (as of the last sync; run `antar-agent doctor` again while the server is reachable to make sure)".into(),
                )
            };
            out.push(say(
                lang,
                format!(
                    "PERHATIAN: {n} perubahan milik perangkat ini tidak bisa dibaca dan belum pernah diterima server (nomor {which}): perubahan itu hilang{}.",
                    hedge.0
                ),
                format!(
                    "WARNING: {n} of this device's own changes cannot be read and the server never received them (numbers {which}): they are lost{}.",
                    hedge.1
                ),
            ));
            if self.own_unsendable > 0 {
                out.push(say(
                    lang,
                    format!(
                        "{} perubahan perangkat ini sesudahnya tersimpan tetapi tidak akan pernah diterima server.",
                        self.own_unsendable
                    ),
                    format!(
                        "{} later changes of this device are kept but the server will never accept them.",
                        self.own_unsendable
                    ),
                ));
            }
        }
        if self.own_stuck {
            out.push(say(
                lang,
                "Nomor perubahan perangkat ini macet: perangkat ini tidak bisa mencatat perubahan baru lagi. Sinkronkan yang masih bisa (antar-agent sync), lalu daftarkan ulang perangkat ini di folder data baru (antar-agent --data-dir FOLDER_BARU enroll --server URL --code KODE) dan catat ulang pekerjaan yang hilang.".into(),
                "This device's change counter is stuck: it cannot record new changes any more. Sync what still can be (antar-agent sync), then enroll this device again in a new data folder (antar-agent --data-dir NEW_FOLDER enroll --server URL --code CODE) and record the lost work again.".into(),
            ));
        } else if self.own_blocked {
            out.push(say(
                lang,
                "Perangkat ini menunggu perubahannya sendiri kembali dari server: pencatatan baru ditolak sampai sinkron (antar-agent sync) berhasil.".into(),
                "This device is waiting for its own changes to come back from the server: new records are refused until a sync (antar-agent sync) succeeds.".into(),
            ));
        }
    }
}

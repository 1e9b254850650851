//! What each command does and prints. People read stderr (Indonesian first, `--lang en`
//! for English); data (`--json`, lists) goes to stdout.

use std::path::{Path, PathBuf};
use std::time::Duration;

use antar_shared::Lang;
use antar_shared::doc::{Condition, IdDocument, Outcome, Policy, Relation, Status};
use antar_shared::region;
use antar_shared::time::UnixTime;
use serde::Serialize;

use crate::clerk::{self, Choice, HandoverForm, NikMatch};
use crate::cli::{Cli, Command, ConditionArg, IdArg, RelationArg};
use crate::failure::{clerk_failure, sync_failure};
use crate::replica::doctor::Doctor;
use crate::replica::{self, Replica, ReplicaError};
use crate::sync::SyncError;
use crate::transport::Http;
use crate::{enroll, now, sync, upload};

pub use crate::failure::Failure;

fn say(lang: Lang, id: &str, en: &str) -> String {
    if lang == Lang::En {
        en.to_owned()
    } else {
        id.to_owned()
    }
}

/// The data folder: `--data-dir`, else the per-user data folder of the OS.
pub fn data_dir(cli: &Cli) -> PathBuf {
    if let Some(dir) = &cli.data_dir {
        return dir.clone();
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("antar-agent")
}

/// One line of `list`.
#[derive(Serialize)]
struct Row {
    tracking_code: String,
    kind: String,
    number: String,
    holder_name: String,
    nik: String,
    status: Status,
    conflict: bool,
    missing: bool,
    aging: bool,
    damaged: bool,
}

/// A replica failure in both languages, naming the newest backup where it advises a
/// restore.
fn replica_failure(dir: &Path) -> impl Fn(ReplicaError) -> Failure + Copy + '_ {
    move |e| {
        let e = e.naming_backup(dir);
        Failure::new(e.message(Lang::Id), e.message(Lang::En))
    }
}

/// Runs a command.
pub async fn run(cli: Cli, lang: Lang) -> Result<(), Failure> {
    let dir = data_dir(&cli);
    let fail = replica_failure(&dir);
    // These two work on a replica that may not open.
    match &cli.command {
        Command::Doctor { offline, json } => return doctor(&dir, lang, *offline, *json).await,
        Command::Restore { file } => return restore(&dir, lang, file).await,
        _ => {}
    }
    let replica = Replica::open(&dir).await.map_err(fail)?;
    match cli.command {
        Command::Enroll { server, code, name } => {
            let request = enroll::Request {
                server: &server,
                code: &code,
                name: &name,
            };
            let done = enroll::enroll(&replica, &request, 6, || {
                eprintln!(
                    "{}",
                    say(
                        lang,
                        "Sambungan gagal; mencoba lagi…",
                        "Connection failed; retrying…"
                    )
                );
            })
            .await?;
            let me = &done.enrollment;
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!(
                        "Terdaftar untuk desa {} ({}) sebagai perangkat {}.",
                        done.desa_name, me.desa, me.actor.0
                    ),
                    &format!(
                        "Enrolled for desa {} ({}) as device {}.",
                        done.desa_name, me.desa, me.actor.0
                    ),
                )
            );
            if let Some(skew) = done.skew {
                eprintln!("{}", skew_warning(lang, skew));
            }
            Ok(())
        }
        Command::Sync => {
            let me = replica.require_enrollment().await.map_err(fail)?;
            let http = Http::new(&me.server)?;
            match sync::sync_once(&replica, &http).await {
                Ok(report) => {
                    eprintln!(
                        "{}",
                        say(
                            lang,
                            &format!(
                                "Sinkron selesai: {} dikirim, {} diterima, {} menunggu.",
                                report.sent, report.received, report.waiting
                            ),
                            &format!(
                                "Sync done: {} sent, {} received, {} waiting.",
                                report.sent, report.received, report.waiting
                            ),
                        )
                    );
                    if let Some(skew) = report.skew {
                        eprintln!("{}", skew_warning(lang, skew));
                    }
                    // Signature images follow the ops; a failed upload waits for the
                    // next sync and does not fail this one.
                    let up = upload::upload_pending(&replica, &http, &me).await?;
                    if up.sent > 0 || up.failed > 0 {
                        eprintln!(
                            "{}",
                            say(
                                lang,
                                &format!(
                                    "Tanda tangan: {} terkirim, {} menunggu sinkron berikutnya.",
                                    up.sent, up.failed
                                ),
                                &format!(
                                    "Signatures: {} sent, {} waiting for the next sync.",
                                    up.sent, up.failed
                                ),
                            )
                        );
                    }
                    Ok(())
                }
                Err(e) => {
                    let failure = sync_failure(&e);
                    let _ = replica.set_last_error(&failure.id, &failure.en).await;
                    Err(failure)
                }
            }
        }
        Command::Run {
            interval,
            ui,
            no_ui,
        } => {
            let ui = if no_ui {
                None
            } else {
                crate::run::ui_address(&ui)?
            };
            crate::run::run(&replica, lang, Duration::from_secs(interval.max(5)), ui).await
        }
        Command::List { status, json } => {
            let me = replica.require_enrollment().await.map_err(fail)?;
            let doc = replica.load(me.desa).await.map_err(fail)?;
            let wanted = match status.as_deref() {
                Some(s) => Some(Status::parse(s).ok_or_else(|| {
                    Failure::new(
                        format!("Status {s:?} tidak dikenal"),
                        format!("Unknown status {s:?}"),
                    )
                })?),
                None => None,
            };
            let now = UnixTime(now());
            let rows: Vec<Row> = doc
                .dispatches()
                .map(|d| {
                    let (status, flags) = d.status(now, &Policy::default());
                    Row {
                        tracking_code: d.issue.tracking.to_string(),
                        kind: d.issue.kind.code().to_owned(),
                        number: d.issue.number.to_string(),
                        holder_name: d.issue.holder.to_string(),
                        nik: d.issue.nik_tail.masked(),
                        status,
                        conflict: flags.conflict,
                        missing: flags.missing,
                        aging: flags.aging,
                        damaged: flags.damaged,
                    }
                })
                .filter(|r| wanted.is_none_or(|w| w == r.status))
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in &rows {
                    let flags = [
                        (r.conflict, "KONFLIK"),
                        (r.missing, "HILANG"),
                        (r.aging, "LAMA"),
                        (r.damaged, "RUSAK"),
                    ]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, n)| *n)
                    .collect::<Vec<_>>()
                    .join(",");
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        r.tracking_code,
                        r.status.label(lang),
                        r.kind,
                        r.holder_name,
                        flags
                    );
                }
                eprintln!(
                    "{}",
                    say(
                        lang,
                        &format!("{} kiriman", rows.len()),
                        &format!("{} dispatches", rows.len())
                    )
                );
            }
            Ok(())
        }
        Command::Receive {
            tracking_codes,
            damaged,
            missing,
            found,
            correction,
        } => {
            let me = replica.require_enrollment().await.map_err(fail)?;
            let condition = if damaged {
                Condition::Damaged
            } else if missing {
                Condition::Missing
            } else {
                Condition::Ok
            };
            let arrival = clerk::Arrival {
                condition,
                found,
                correction,
            };
            let (saved_id, saved_en) = if missing {
                (
                    "laporan tidak ada dalam kiriman tersimpan",
                    "missing report saved",
                )
            } else if arrival.correction.is_some() {
                ("koreksi penerimaan tersimpan", "corrected receipt saved")
            } else {
                ("penerimaan tersimpan", "receipt saved")
            };
            let mut failed = 0;
            for typed in &tracking_codes {
                let result = match clerk::parse_code(typed) {
                    Ok(code) => clerk::receive(&replica, &me, code, &arrival)
                        .await
                        .map(|_| code),
                    Err(e) => Err(e),
                };
                match result {
                    Ok(code) => eprintln!(
                        "{}",
                        say(
                            lang,
                            &format!("{code}: {saved_id}."),
                            &format!("{code}: {saved_en}.")
                        )
                    ),
                    Err(e) => {
                        failed += 1;
                        eprintln!("{typed}: {}", e.message(lang));
                    }
                }
            }
            if failed > 0 {
                return Err(Failure::new(
                    format!("{failed} kode tidak dicatat"),
                    format!("{failed} codes were not recorded"),
                ));
            }
            Ok(())
        }
        Command::Handover {
            tracking_code,
            recipient,
            relation,
            nik,
            id_shown,
            clerk: clerk_name,
            receive,
            correction,
        } => {
            let me = replica.require_enrollment().await.map_err(fail)?;
            let code = clerk::parse_code(&tracking_code).map_err(clerk_failure)?;
            let form = HandoverForm {
                recipient,
                relation: match relation {
                    RelationArg::Holder => Relation::Holder,
                    RelationArg::Family => Relation::Family,
                    RelationArg::Proxy => Relation::Proxy,
                },
                id_shown: match id_shown {
                    IdArg::KtpEl => IdDocument::KtpEl,
                    IdArg::Kk => IdDocument::Kk,
                    IdArg::Kia => IdDocument::Kia,
                    IdArg::SuratKuasa => IdDocument::SuratKuasa,
                    IdArg::Lainnya => IdDocument::Lainnya,
                },
                nik,
                clerk: clerk_name,
                receive_first: receive,
                correction,
            };
            let (_, matched) = clerk::handover(&replica, &me, code, &form, None)
                .await
                .map_err(clerk_failure)?;
            if matched == NikMatch::Matches {
                eprintln!(
                    "{}",
                    say(
                        lang,
                        "NIK cocok dengan pemilik dokumen.",
                        "The NIK matches the holder's."
                    )
                );
            }
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("{code}: penyerahan tersimpan."),
                    &format!("{code}: handover saved.")
                )
            );
            Ok(())
        }
        Command::Return {
            tracking_code,
            reason,
            correction,
        } => {
            let me = replica.require_enrollment().await.map_err(fail)?;
            let code = clerk::parse_code(&tracking_code).map_err(clerk_failure)?;
            clerk::send_back(&replica, &me, code, &reason, correction.as_deref())
                .await
                .map_err(clerk_failure)?;
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("{code}: pengembalian tersimpan."),
                    &format!("{code}: return saved.")
                )
            );
            Ok(())
        }
        Command::Resolve {
            tracking_code,
            keep,
            neither,
            condition,
        } => {
            let me = replica.require_enrollment().await.map_err(fail)?;
            let code = clerk::parse_code(&tracking_code).map_err(clerk_failure)?;
            let choice = match (keep, neither, condition) {
                (Some(n), _, _) => Choice::Keep(n),
                (None, true, _) => Choice::Neither,
                (None, false, Some(c)) => Choice::Condition(match c {
                    ConditionArg::Ok => Condition::Ok,
                    ConditionArg::Damaged => Condition::Damaged,
                    ConditionArg::Missing => Condition::Missing,
                }),
                (None, false, None) => {
                    let doc = replica.load(me.desa).await.map_err(fail)?;
                    let state = clerk::find(&doc, code).map_err(clerk_failure)?;
                    for (i, o) in state.outcomes().iter().enumerate() {
                        println!("{}. {}", i + 1, describe(&o.value, lang));
                    }
                    for a in state.arrivals() {
                        println!("-  {:?}", a.value);
                    }
                    eprintln!(
                        "{}",
                        say(
                            lang,
                            "Pilih dengan --keep N, --neither, atau --condition.",
                            "Choose with --keep N, --neither, or --condition."
                        )
                    );
                    return Ok(());
                }
            };
            clerk::resolve(&replica, &me, code, choice)
                .await
                .map_err(clerk_failure)?;
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("{code}: konflik diselesaikan dan tersimpan."),
                    &format!("{code}: conflict resolved and saved.")
                )
            );
            Ok(())
        }
        Command::Status { json } => status(&replica, lang, json).await,
        Command::Backup { file } => {
            let path = replica.backup(&file).await.map_err(fail)?;
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("Salinan cadangan tersimpan: {}", path.display()),
                    &format!("Backup saved: {}", path.display())
                )
            );
            Ok(())
        }
        // Run above, before the replica is opened.
        Command::Doctor { .. } | Command::Restore { .. } => Ok(()),
    }
}

async fn doctor(dir: &Path, lang: Lang, offline: bool, json: bool) -> Result<(), Failure> {
    let fail = replica_failure(dir);
    let mut doctor = Doctor::examine(dir).await.map_err(fail)?;
    let server = doctor.enrollment().map(|me| me.server.clone());
    if let (false, Some(server)) = (offline, server) {
        match Http::new(&server) {
            Ok(http) => doctor.refetch(&http).await,
            Err(e) => {
                let failure = sync_failure(&SyncError::Transport(e));
                doctor.sync_not_started(failure.id, failure.en);
            }
        }
    }
    let (_, report) = doctor.finish().await.map_err(fail)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for line in report.lines(lang) {
            println!("{line}");
        }
    }
    if report.salvaged.is_some() && !report.enrolled {
        return Err(Failure::new(
            "replika tidak bisa dipakai: data pendaftaran hilang",
            "the replica is not usable: its enrollment is lost",
        ));
    }
    Ok(())
}

async fn restore(dir: &Path, lang: Lang, file: &Path) -> Result<(), Failure> {
    let done = replica::restore(dir, file)
        .await
        .map_err(replica_failure(dir))?;
    eprintln!(
        "{}",
        say(
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
        )
    );
    if let Some(kept) = &done.kept {
        eprintln!(
            "{}",
            say(
                lang,
                &format!("File data sebelumnya disimpan sebagai {}.", kept.display()),
                &format!("The previous data file is kept as {}.", kept.display())
            )
        );
    }
    eprintln!(
        "{}",
        say(
            lang,
            "Jalankan `antar-agent sync` sebelum mencatat yang baru: perubahan perangkat ini yang dibuat sesudah salinan ini diambil lagi dari server (yang belum sempat disinkronkan tidak ada di salinan).",
            "Run `antar-agent sync` before recording anything new: this device's changes made after this backup are fetched again from the server (those never synced are not in the backup)."
        )
    );
    Ok(())
}

fn describe(outcome: &Outcome, lang: Lang) -> String {
    match outcome {
        Outcome::HandedOver(h) => format!(
            "{} {} ({}), {} {}",
            say(lang, "Diserahkan kepada", "Handed to"),
            h.recipient,
            h.relation.label(lang),
            say(lang, "petugas", "clerk"),
            h.clerk
        ),
        Outcome::Returned(r) => format!("{}: {r}", say(lang, "Dikembalikan", "Returned")),
        Outcome::Recalled(r) => format!("{}: {r}", say(lang, "Ditarik", "Recalled")),
        Outcome::Cleared => say(lang, "Tidak terjadi apa-apa", "Nothing happened"),
    }
}

fn skew_warning(lang: Lang, skew: i64) -> String {
    let minutes = skew.abs() / 60;
    let ahead = skew > 0;
    say(
        lang,
        &format!(
            "Peringatan: jam komputer ini {} {minutes} menit dibanding server. Periksa tanggal dan jam.",
            if ahead { "lebih cepat" } else { "lebih lambat" }
        ),
        &format!(
            "Warning: this PC's clock is {minutes} minutes {} the server's. Check the date and time.",
            if ahead { "ahead of" } else { "behind" }
        ),
    )
}

#[derive(Serialize)]
struct StatusOut {
    desa_code: String,
    desa_name: String,
    device: u32,
    server: String,
    last_sync_at: Option<i64>,
    ops_waiting: usize,
    conflicts: usize,
    dispatches: usize,
    clock_skew_seconds: Option<i64>,
    last_error: Option<String>,
    integrity: String,
}

async fn status(replica: &Replica, lang: Lang, json: bool) -> Result<(), Failure> {
    let fail = replica_failure(replica.dir());
    let me = replica.require_enrollment().await.map_err(fail)?;
    let doc = replica.load(me.desa).await.map_err(fail)?;
    let server_have = replica.server_have().await?;
    let waiting = sync::waiting(&doc, &me, &server_have).count();
    let now_t = UnixTime(now());
    let conflicts = doc
        .dispatches()
        .filter(|d| d.status(now_t, &Policy::default()).1.conflict)
        .count();
    let last = replica.last_sync().await?;
    let out = StatusOut {
        desa_code: me.desa.to_string(),
        desa_name: region::lookup(me.desa)
            .map(|r| r.name.to_owned())
            .unwrap_or_default(),
        device: me.actor.0,
        server: me.server.clone(),
        last_sync_at: last.map(|(at, _)| at),
        ops_waiting: waiting,
        conflicts,
        dispatches: doc.dispatches().count(),
        clock_skew_seconds: last
            .and_then(|(at, server)| UnixTime(at).skew_against(UnixTime(server))),
        last_error: replica.last_error().await?,
        integrity: replica.integrity_check().await?,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{} {} ({}) — {} {}",
        say(lang, "Desa", "Desa"),
        out.desa_name,
        out.desa_code,
        say(lang, "perangkat", "device"),
        out.device
    );
    match out.last_sync_at {
        Some(at) => {
            let ago = (now_t.0 - at).max(0) / 60;
            println!(
                "{}",
                say(
                    lang,
                    &format!("Terakhir sinkron {ago} menit lalu"),
                    &format!("Last synced {ago} minutes ago")
                )
            );
        }
        None => println!("{}", say(lang, "Belum pernah sinkron", "Never synced")),
    }
    println!(
        "{}",
        say(
            lang,
            &format!("{} perubahan menunggu", out.ops_waiting),
            &format!("{} changes waiting", out.ops_waiting)
        )
    );
    println!(
        "{}",
        say(
            lang,
            &format!("{} kiriman, {} konflik", out.dispatches, out.conflicts),
            &format!("{} dispatches, {} conflicts", out.dispatches, out.conflicts)
        )
    );
    if let Some(skew) = out.clock_skew_seconds {
        println!("{}", skew_warning(lang, skew));
    }
    if let Some(error) = &out.last_error {
        println!("{} {error}", say(lang, "Gagal terakhir:", "Last failure:"));
    }
    Ok(())
}

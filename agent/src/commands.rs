//! What each command does and prints. People read stderr (Indonesian first, `--lang en`
//! for English); data (`--json`, lists) goes to stdout.

use std::path::PathBuf;
use std::time::Duration;

use antar_shared::Lang;
use antar_shared::doc::{Condition, IdDocument, Outcome, Policy, Relation, Status};
use antar_shared::region;
use antar_shared::time::UnixTime;
use serde::{Deserialize, Serialize};

use crate::clerk::{self, Choice, HandoverForm, NikMatch};
use crate::cli::{Cli, Command, ConditionArg, IdArg, RelationArg};
use crate::now;
use crate::replica::{Enrollment, Replica};
use crate::sync::{self, SyncError};
use crate::transport::Http;

/// A command that failed, with its message in both languages.
#[derive(Debug)]
pub struct Failure {
    /// Indonesian.
    pub id: String,
    /// English.
    pub en: String,
}

impl Failure {
    fn new(id: impl Into<String>, en: impl Into<String>) -> Self {
        Failure {
            id: id.into(),
            en: en.into(),
        }
    }
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::new(e.to_string(), e.to_string())
    }
}

fn say(lang: Lang, id: &str, en: &str) -> String {
    if lang == Lang::En {
        en.to_owned()
    } else {
        id.to_owned()
    }
}

fn clerk_failure(e: clerk::ClerkError) -> Failure {
    Failure::new(e.message(Lang::Id), e.message(Lang::En))
}

fn sync_failure(e: &SyncError) -> Failure {
    match e {
        SyncError::Transport(crate::transport::TransportError::Refused { body, .. }) => {
            Failure::new(
                format!("Sinkron gagal: {}", body.message),
                format!("Sync failed: {}", body.message_en),
            )
        }
        SyncError::Transport(crate::transport::TransportError::Unreachable(detail)) => {
            Failure::new(
                format!(
                    "Sinkron gagal: server tidak terjangkau ({detail}). Pekerjaan tetap tersimpan di komputer ini."
                ),
                format!("Sync failed: server unreachable ({detail}). Work stays saved on this PC."),
            )
        }
        other => Failure::new(
            format!("Sinkron gagal: {other}"),
            format!("Sync failed: {other}"),
        ),
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

#[derive(Serialize)]
struct EnrollBody<'a> {
    code: &'a str,
    device_name: &'a str,
    device_token: &'a str,
}

#[derive(Deserialize)]
struct EnrollAnswer {
    device_token: String,
    actor: u32,
    desa_code: String,
    desa_name: String,
    server_time: i64,
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

/// Runs a command.
pub async fn run(cli: Cli, lang: Lang) -> Result<(), Failure> {
    let replica = Replica::open(&data_dir(&cli)).await?;
    match cli.command {
        Command::Enroll { server, code, name } => {
            if let Some(existing) = replica.enrollment().await? {
                return Err(Failure::new(
                    format!(
                        "Perangkat ini sudah terdaftar untuk desa {} sebagai perangkat {}",
                        existing.desa, existing.actor
                    ),
                    format!(
                        "This device is already enrolled for desa {} as device {}",
                        existing.desa, existing.actor
                    ),
                ));
            }
            let http = Http::new(&server)?;
            let server_key = server.trim_end_matches('/').to_owned();
            let token = replica.pending_token(&server_key, &code).await?;
            let body = EnrollBody {
                code: &code,
                device_name: &name,
                device_token: &token,
            };
            // A flaky link may lose the answer after the server used the code: retrying
            // with the same token is recognised as the same device.
            let mut attempt = 0;
            let answer: EnrollAnswer = loop {
                attempt += 1;
                match http.post_json("/api/v1/enroll", &body).await {
                    Ok(answer) => break answer,
                    Err(e) if e.is_retryable() && attempt < 6 => {
                        eprintln!(
                            "{}",
                            say(
                                lang,
                                "Sambungan gagal; mencoba lagi…",
                                "Connection failed; retrying…"
                            )
                        );
                        tokio::time::sleep(Duration::from_secs(1 << attempt.min(4))).await;
                    }
                    Err(crate::transport::TransportError::Refused { body, .. }) => {
                        return Err(Failure::new(body.message, body.message_en));
                    }
                    Err(other) => {
                        return Err(Failure::new(
                            format!("Pendaftaran gagal: {other}"),
                            format!("Enrollment failed: {other}"),
                        ));
                    }
                }
            };
            let desa = region::VillageCode::parse(&answer.desa_code)?;
            let enrollment = Enrollment {
                server: server.trim_end_matches('/').to_owned(),
                token: answer.device_token.clone(),
                actor: antar_shared::doc::ActorId(answer.actor),
                desa,
                name,
            };
            replica.save_enrollment(&enrollment).await?;
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!(
                        "Terdaftar untuk desa {} ({}) sebagai perangkat {}.",
                        answer.desa_name, answer.desa_code, answer.actor
                    ),
                    &format!(
                        "Enrolled for desa {} ({}) as device {}.",
                        answer.desa_name, answer.desa_code, answer.actor
                    ),
                )
            );
            if let Some(skew) = UnixTime(now()).skew_against(UnixTime(answer.server_time)) {
                eprintln!("{}", skew_warning(lang, skew));
            }
            Ok(())
        }
        Command::Sync => {
            let me = replica.require_enrollment().await?;
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
                    Ok(())
                }
                Err(e) => {
                    let failure = sync_failure(&e);
                    let _ = replica.set_last_error(&failure.id).await;
                    Err(failure)
                }
            }
        }
        Command::Run { interval } => {
            run_loop(&replica, lang, Duration::from_secs(interval.max(5))).await
        }
        Command::List { status, json } => {
            let me = replica.require_enrollment().await?;
            let doc = replica.load(me.desa).await?;
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
        } => {
            let me = replica.require_enrollment().await?;
            let condition = if damaged {
                Condition::Damaged
            } else if missing {
                Condition::Missing
            } else {
                Condition::Ok
            };
            let mut failed = 0;
            for typed in &tracking_codes {
                let result = match clerk::parse_code(typed) {
                    Ok(code) => clerk::receive(&replica, &me, code, condition)
                        .await
                        .map(|_| code),
                    Err(e) => Err(e),
                };
                match result {
                    Ok(code) => eprintln!(
                        "{}",
                        say(
                            lang,
                            &format!("{code}: penerimaan tersimpan."),
                            &format!("{code}: receipt saved.")
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
        } => {
            let me = replica.require_enrollment().await?;
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
            };
            let (_, matched) = clerk::handover(&replica, &me, code, &form)
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
        } => {
            let me = replica.require_enrollment().await?;
            let code = clerk::parse_code(&tracking_code).map_err(clerk_failure)?;
            clerk::send_back(&replica, &me, code, &reason)
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
            let me = replica.require_enrollment().await?;
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
                    let doc = replica.load(me.desa).await?;
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
    }
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
    let me = replica.require_enrollment().await?;
    let doc = replica.load(me.desa).await?;
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

/// The background loop: sync on an interval, soon after a local change, and back off
/// with jitter while the server is unreachable.
async fn run_loop(replica: &Replica, lang: Lang, interval: Duration) -> Result<(), Failure> {
    let me = replica.require_enrollment().await?;
    let http = Http::new(&me.server)?;
    eprintln!(
        "{}",
        say(
            lang,
            &format!(
                "Agen berjalan untuk desa {}; Ctrl+C untuk berhenti.",
                me.desa
            ),
            &format!("Agent running for desa {}; Ctrl+C to stop.", me.desa)
        )
    );
    let mut backoff = Duration::from_secs(2);
    let mut last_len = i64::MIN;
    let mut next_sync = tokio::time::Instant::now();
    loop {
        let now_i = tokio::time::Instant::now();
        let len = replica.change_marker().await.unwrap_or(last_len);
        if len != last_len && last_len != i64::MIN {
            // A local change: sync soon (a few seconds, so a run of scans goes together).
            next_sync = next_sync.min(now_i + Duration::from_secs(3));
        }
        if now_i >= next_sync {
            match sync::sync_once(replica, &http).await {
                Ok(report) => {
                    tracing::info!(
                        sent = report.sent,
                        received = report.received,
                        waiting = report.waiting,
                        "synced"
                    );
                    backoff = Duration::from_secs(2);
                    next_sync = tokio::time::Instant::now() + interval;
                }
                Err(e) => {
                    let failure = sync_failure(&e);
                    let _ = replica.set_last_error(&failure.id).await;
                    tracing::warn!(error = %e, retryable = e.is_retryable(), "sync failed");
                    let jitter = Duration::from_millis(
                        u64::from(random_u16()) % (backoff.as_millis() as u64 / 2 + 1),
                    );
                    next_sync = tokio::time::Instant::now() + backoff + jitter;
                    backoff = (backoff * 2).min(Duration::from_secs(300));
                }
            }
            last_len = replica.change_marker().await.unwrap_or(last_len);
        } else {
            last_len = len;
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = tokio::signal::ctrl_c() => return Ok(()),
        }
    }
}

fn random_u16() -> u16 {
    let mut b = [0u8; 2];
    let _ = getrandom::fill(&mut b);
    u16::from_le_bytes(b)
}

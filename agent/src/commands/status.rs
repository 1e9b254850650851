//! `antar-agent status`: the agent's state: desa, last sync, changes waiting,
//! conflicts, clock skew.

use antar_shared::doc::Policy;
use antar_shared::i18n::Tr;
use antar_shared::region;
use antar_shared::time::UnixTime;
use serde::Serialize;

use super::output::{Out, skew_warning};
use super::replica_failure;
use crate::failure::{Failure, Notice};
use crate::replica::Replica;

/// The arguments of `status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Keluaran JSON / JSON output.
    #[arg(long)]
    pub json: bool,
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
    /// The last sync failure as its code and arguments (`--json`), said in words by
    /// the lines.
    last_error: Option<Notice>,
    integrity: String,
}

/// Prints the state, as lines or JSON.
pub async fn run(replica: &Replica, tr: Tr, args: StatusArgs) -> Result<(), Failure> {
    let now = UnixTime(crate::now());
    let state = gather(replica, now).await?;
    let mut out = Out::stdout();
    if args.json {
        return out.json(&state);
    }
    for line in lines(&state, tr, now) {
        out.line(line)?;
    }
    Ok(())
}

async fn gather(replica: &Replica, now: UnixTime) -> Result<StatusOut, Failure> {
    let fail = replica_failure(replica.dir());
    let me = replica.require_enrollment().await.map_err(fail)?;
    let doc = replica.current(me.desa).await.map_err(fail)?;
    let server_have = replica.server_have().await?;
    let waiting = crate::sync::waiting(&doc, &me, &server_have).count();
    let conflicts = doc
        .dispatches()
        .filter(|d| d.status(now, &Policy::default()).1.conflict)
        .count();
    let last = replica.last_sync().await?;
    Ok(StatusOut {
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
    })
}

fn lines(out: &StatusOut, tr: Tr, now: UnixTime) -> Vec<String> {
    let mut lines = vec![tr.t3(
        "agent-status-desa",
        ("name", &out.desa_name),
        ("code", &out.desa_code),
        ("n", &out.device),
    )];
    lines.push(match out.last_sync_at {
        Some(at) => tr.t1(
            "agent-status-synced-ago",
            "minutes",
            (now.0 - at).max(0) / 60,
        ),
        None => tr.t("agent-status-never-synced"),
    });
    lines.push(tr.t1("agent-status-waiting", "n", out.ops_waiting));
    lines.push(tr.t2(
        "agent-status-counts",
        "dispatches",
        out.dispatches,
        "conflicts",
        out.conflicts,
    ));
    if let Some(skew) = out.clock_skew_seconds {
        lines.push(skew_warning(tr, skew));
    }
    if let Some(error) = &out.last_error {
        lines.push(tr.t1("agent-status-last-failure", "error", error.text(tr)));
    }
    lines
}

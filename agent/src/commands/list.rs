//! `antar-agent list`: this desa's dispatches, as lines or JSON.

use antar_shared::doc::{Policy, Status};
use antar_shared::i18n::Tr;
use antar_shared::time::UnixTime;
use serde::Serialize;

use super::output::{Out, note};
use super::replica_failure;
use crate::failure::Failure;
use crate::replica::Replica;

/// The arguments of `list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Status: issued, in_transit, at_desa, handed_over, returned, recalled.
    #[arg(long)]
    pub status: Option<String>,
    /// Keluaran JSON / JSON output.
    #[arg(long)]
    pub json: bool,
}

/// One line of `list`.
#[derive(Serialize)]
struct Row {
    tracking_code: String,
    kind: String,
    number: String,
    holder_name: String,
    status: Status,
    conflict: bool,
    missing: bool,
    aging: bool,
    damaged: bool,
}

impl Row {
    /// The flags that are set, in the reader's words (as the clerk's pages say them).
    fn flags(&self, tr: Tr) -> String {
        [
            (self.conflict, "flag-conflict"),
            (self.missing, "flag-missing"),
            (self.aging, "flag-aging"),
            (self.damaged, "flag-damaged"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, key)| tr.t(key))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// Lists the dispatches, those with one status only when asked.
pub async fn run(replica: &Replica, tr: Tr, args: ListArgs) -> Result<(), Failure> {
    let fail = replica_failure(replica.dir());
    let me = replica.require_enrollment().await.map_err(fail)?;
    let doc = replica.current(me.desa).await.map_err(fail)?;
    let wanted =
        match args.status.as_deref() {
            Some(s) => Some(Status::parse(s).ok_or_else(|| {
                Failure::new("command.bad_status").arg("status", format!("{s:?}"))
            })?),
            None => None,
        };
    let now = UnixTime(crate::now());
    let rows: Vec<Row> = doc
        .dispatches()
        .map(|d| {
            let (status, flags) = d.status(now, &Policy::default());
            Row {
                tracking_code: d.issue.tracking.to_string(),
                kind: d.issue.kind.code().to_owned(),
                number: d.issue.number.to_string(),
                holder_name: d.issue.holder.to_string(),
                status,
                conflict: flags.conflict,
                missing: flags.missing,
                aging: flags.aging,
                damaged: flags.damaged,
            }
        })
        .filter(|r| wanted.is_none_or(|w| w == r.status))
        .collect();
    let mut out = Out::stdout();
    if args.json {
        return out.json(&rows);
    }
    for r in &rows {
        out.line(format_args!(
            "{}\t{}\t{}\t{}\t{}",
            r.tracking_code,
            tr.status(r.status),
            r.kind,
            r.holder_name,
            r.flags(tr)
        ))?;
    }
    note(tr.t1("agent-list-count", "n", rows.len()));
    Ok(())
}

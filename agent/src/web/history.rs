//! `/kiriman/{CODE}`: one dispatch — its details, every op about it in causal order
//! (the order this replica applied them) with the author's device time, and the actions
//! its status allows.

use antar_shared::doc::{ActorId, DesaDoc, DispatchId, Op, OpBody};
use antar_shared::i18n::Tr;
use antar_shared::time::UnixTime;
use antar_shared::web::PageLang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::{Path, Query};
use super::view::{Row, clock};
use super::{Ui, dispatch_in, here, unknown};
use crate::now;

/// One line of the history.
#[derive(Debug)]
struct Event {
    when: String,
    ago: String,
    who: String,
    what: String,
    details: Vec<String>,
    /// The signature's hash (hex), to show it.
    signature: Option<String>,
    /// The clerk logged in when this device wrote it (LAN mode's log).
    clerk: Option<String>,
    /// The op's dot, to find that clerk.
    dot: (u32, u64),
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/history.html")]
struct HistoryPage {
    tr: Tr,
    here: String,
    row: Row,
    notice: Option<String>,
    events: Vec<Event>,
}

/// The notice after an action that came back here.
#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    ok: Option<String>,
}

/// Whether an op is about this dispatch: its Issue, a manifest carrying it, or an op
/// naming it.
fn concerns(op: &Op, id: DispatchId) -> bool {
    op.body.refs().contains(&id)
}

/// The ops about a dispatch, said as every page says them (`Tr::op`, `Tr::op_details`,
/// `Tr::author`), each with its signature when it is a signed handover.
fn events(tr: Tr, doc: &DesaDoc, id: DispatchId, me: ActorId, now: i64) -> Vec<Event> {
    doc.ops()
        .filter(|op| concerns(op, id))
        .map(|op| Event {
            when: clock(op.time),
            ago: tr.ago(now.saturating_sub(op.time.0)),
            who: tr.author(op.dot.actor, &op.body, Some(me), None),
            what: tr.op(&op.body),
            details: tr.op_details(&op.body),
            signature: match &op.body {
                OpBody::Handover { handover, .. } => handover.evidence.map(|e| e.to_hex()),
                _ => None,
            },
            clerk: None,
            dot: (op.dot.actor.0, op.dot.counter),
        })
        .collect()
}

/// `GET /kiriman/{CODE}`.
pub async fn page(
    State(ui): State<Ui>,
    lang: PageLang,
    uri: Uri,
    Path(typed): Path<String>,
    Query(query): Query<HistoryQuery>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let (_, state) = dispatch_in(&doc, &typed).map_err(|e| unknown(tr, &e))?;
    let now = now();
    let row = Row::new(tr, state, UnixTime(now), &ui.options.policy);
    let mut events = events(tr, &doc, state.id, me.actor, now);
    for event in events.iter_mut().filter(|e| e.dot.0 == me.actor.0) {
        event.clerk = ui
            .replica
            .op_clerk(event.dot.0, event.dot.1)
            .await
            .map_err(|e| super::internal(tr, &e))?;
    }
    let notice = match query.ok.as_deref() {
        Some("kembali") => Some(tr.t1("clerk-returned", "code", &row.code)),
        Some("selesai") => Some(tr.t1("clerk-resolved", "code", &row.code)),
        _ => None,
    };
    Ok(HistoryPage {
        tr,
        here: here(&uri),
        events,
        row,
        notice,
    }
    .into_response())
}

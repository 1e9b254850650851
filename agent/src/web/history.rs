//! `/kiriman/{CODE}`: one dispatch — its details, every op about it in causal order
//! (the order this replica applied them) with the author's device time, and the actions
//! its status allows.

use antar_shared::doc::{ActorId, DesaDoc, DispatchId, Op, OpBody, Reissue, Resolution};
use antar_shared::time::UnixTime;
use antar_shared::web::{PageLang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::view::{
    Row, actor_label, clock, condition_label, handover_details, outcome_summary, relation_label,
};
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

/// What an op says, with its details and signature; a correction says so, with why.
fn describe(tr: Tr, op: &Op) -> (String, Vec<String>, Option<String>) {
    let (what, details, signature) = describe_fact(tr, op);
    let what = match op.body.correction() {
        Some(reason) => tr.t2(
            "clerk-event-correction",
            "reason",
            reason.as_str(),
            "what",
            what,
        ),
        None => what,
    };
    (what, details, signature)
}

fn describe_fact(tr: Tr, op: &Op) -> (String, Vec<String>, Option<String>) {
    match &op.body {
        OpBody::Issue(issue) => {
            let mut what = tr.t2(
                "clerk-event-issue",
                "kind",
                issue.kind.name(tr.lang),
                "number",
                issue.number.as_str(),
            );
            // A reprint or a replacement says of what: the clerk may hold the other one.
            match issue.reissue {
                Some(Reissue::Reprint(code)) => what.push_str(&format!(
                    " · {}",
                    tr.t1("clerk-event-reprint", "code", code.to_string())
                )),
                Some(Reissue::Replaces(code)) => what.push_str(&format!(
                    " · {}",
                    tr.t1("clerk-event-replaces", "code", code.to_string())
                )),
                None => {}
            }
            (what, Vec::new(), None)
        }
        OpBody::Dispatch {
            manifest, courier, ..
        } => (
            tr.t2(
                "clerk-event-dispatch",
                "manifest",
                manifest.0,
                "courier",
                courier.as_str(),
            ),
            Vec::new(),
            None,
        ),
        OpBody::Receive { found: true, .. } => (tr.t("clerk-event-found"), Vec::new(), None),
        OpBody::Receive { condition, .. } => (
            tr.t1(
                "clerk-event-receive",
                "condition",
                condition_label(tr, *condition),
            ),
            Vec::new(),
            None,
        ),
        OpBody::Handover { handover: h, .. } => {
            let details = handover_details(tr, h);
            (
                tr.t2(
                    "clerk-event-handover",
                    "recipient",
                    h.recipient.as_str(),
                    "relation",
                    relation_label(tr, h.relation),
                ),
                details,
                h.evidence.map(|e| e.to_hex()),
            )
        }
        OpBody::Return { reason, .. } => (
            tr.t1("clerk-event-return", "reason", reason.as_str()),
            Vec::new(),
            None,
        ),
        OpBody::Recall { reason, .. } => (
            tr.t1("clerk-event-recall", "reason", reason.as_str()),
            Vec::new(),
            None,
        ),
        OpBody::Resolve {
            choice: Resolution::Arrival(c),
            ..
        } => (
            tr.t1("clerk-event-resolve", "choice", condition_label(tr, *c)),
            Vec::new(),
            None,
        ),
        OpBody::Resolve {
            choice: Resolution::Outcome(o),
            ..
        } => (
            tr.t1("clerk-event-resolve", "choice", outcome_summary(tr, o)),
            Vec::new(),
            None,
        ),
        OpBody::Note { text, .. } => (
            tr.t1("clerk-event-note", "text", text.as_str()),
            Vec::new(),
            None,
        ),
    }
}

fn events(tr: Tr, doc: &DesaDoc, id: DispatchId, me: ActorId, now: i64) -> Vec<Event> {
    doc.ops()
        .filter(|op| concerns(op, id))
        .map(|op| {
            let (what, details, signature) = describe(tr, op);
            Event {
                when: clock(op.time),
                ago: tr.ago(now.saturating_sub(op.time.0)),
                who: if op.dot.actor.is_server()
                    && matches!(
                        op.body,
                        OpBody::Receive { .. } | OpBody::Handover { .. } | OpBody::Return { .. }
                    ) {
                    // The desa's own kind of record, written by Dukcapil for it.
                    tr.t("clerk-by-server-for-desa")
                } else {
                    actor_label(tr, op.dot.actor, me)
                },
                what,
                details,
                signature,
            }
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
    let notice = match query.ok.as_deref() {
        Some("kembali") => Some(tr.t1("clerk-returned", "code", &row.code)),
        Some("selesai") => Some(tr.t1("clerk-resolved", "code", &row.code)),
        _ => None,
    };
    Ok(HistoryPage {
        tr,
        here: here(&uri),
        events: events(tr, &doc, state.id, me.actor, now),
        row,
        notice,
    }
    .into_response())
}

#[cfg(test)]
mod tests {
    use antar_shared::Lang;
    use antar_shared::doc::{ActorId, Issue, Op, OpBody, Reissue};
    use antar_shared::sample::Sampler;
    use antar_shared::time::UnixTime;
    use antar_shared::web::Tr;

    use super::describe;

    fn issue(reissue: Option<Reissue>) -> Op {
        let desa = antar_shared::sample::bima_desa()[0];
        let (header, _) = Sampler::new(9).issue(desa, false);
        Op {
            dot: crdts::Dot::new(ActorId::SERVER, 1),
            time: UnixTime(1_793_491_200),
            body: OpBody::Issue(Issue { reissue, ..header }),
        }
    }

    #[test]
    fn a_reprint_and_a_replacement_say_of_what() {
        let earlier = Sampler::new(3).tracking();
        let tr = Tr::new(Lang::Id);
        let (plain, _, _) = describe(tr, &issue(None));
        assert!(!plain.contains("cetak ulang"), "{plain}");
        let (reprint, _, _) = describe(tr, &issue(Some(Reissue::Reprint(earlier))));
        assert!(
            reprint.contains(&format!("cetak ulang dari {earlier}")),
            "{reprint}"
        );
        let (replaces, _, _) = describe(tr, &issue(Some(Reissue::Replaces(earlier))));
        assert!(
            replaces.contains(&format!("menggantikan {earlier}")),
            "{replaces}"
        );
    }
}

//! One dispatch: its record, its full history (device and server time of each event),
//! a conflict's competing versions to settle, and recalling it.

use antar_shared::doc::{Condition, DispatchState, OpBody, Outcome};
use antar_shared::i18n::Tr;
use antar_shared::region;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Staff;
use crate::dispatch;
use crate::error::{AppError, ErrorKind};
use crate::state::AppState;
use crate::store::dispatches::DispatchRecord;
use crate::store::document::StoredOp;
use crate::store::users::{Role, User};
use crate::web::extract::{Form, Path, Query};

/// One event of the history, ready to show.
#[derive(Debug)]
pub struct Event {
    what: String,
    by: String,
    device_time: String,
    server_time: String,
    skewed: bool,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/dispatch.html")]
struct DispatchPage {
    tr: Tr,
    here: String,
    user: User,
    r: DispatchRecord,
    desa: String,
    kecamatan: String,
    events: Vec<Event>,
    conflict_values: Vec<String>,
    arrival_values: Vec<String>,
    /// The arrival versions' machine names, to keep one.
    arrival_choices: Vec<&'static str>,
    just_issued: bool,
    evidence: Vec<String>,
    issued_at: String,
    /// The notices to the resident: event, state, channel, last change (WITA), reason.
    notices: Vec<(String, String, String, String, String)>,
}

fn parse_code(typed: &str) -> Result<TrackingCode, AppError> {
    TrackingCode::parse(typed).map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))
}

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    baru: Option<String>,
}

/// `GET /dasbor/kiriman/{code}`: the record, the full history with device time and
/// server time of each event, and any conflict's competing values.
pub async fn show(
    State(state): State<AppState>,
    s: Staff,
    Path(code): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Response {
    let code = match parse_code(&code) {
        Ok(c) => c,
        Err(e) => return s.error(&e),
    };
    let r = match dispatch::get(&state.store, code).await {
        Ok(r) => r,
        Err(e) => return s.error(&e),
    };
    if let Err(e) = s.scope.require(r.desa_code) {
        return s.error(&e);
    }
    let tr = s.tr;
    let (mut events, mut evidence) = (Vec::new(), Vec::new());
    let mut versions = Versions::default();
    if let Some(id) = r.dispatch_id {
        let history = match state.store.dispatch_history(r.desa_code, id).await {
            Ok(h) => h,
            Err(e) => return s.error(&e.into()),
        };
        let names = dispatch::author_names(&state.store, r.desa_code, code, &history).await;
        (events, evidence) = history_events(tr, &history, &names, r.created_at);
        if r.conflict
            && let Ok(Some(st)) = state.store.dispatch_state(r.desa_code, id).await
        {
            versions = Versions::of(tr, &st);
        }
    }
    let issued_at = UnixTime(r.created_at).wita();
    let tracking = i64::try_from(r.tracking_code.bits()).unwrap_or_default();
    let notices = match state.store.notices_of(tracking).await {
        Ok(rows) => rows
            .into_iter()
            .map(|n| {
                (
                    tr.t(&format!("notice-event-{}", n.event)),
                    tr.t(&format!("notice-state-{}", n.state)),
                    n.channel.unwrap_or_default(),
                    UnixTime(n.updated_at).wita(),
                    super::notices::reason(tr, n.error.as_deref()),
                )
            })
            .collect(),
        Err(e) => return s.error(&e.into()),
    };
    DispatchPage {
        tr,
        here: s.here,
        user: s.user,
        desa: region::lookup(r.desa_code)
            .map(|d| d.name.to_owned())
            .unwrap_or_default(),
        kecamatan: region::lookup(r.desa_code.district())
            .map(|d| d.name.to_owned())
            .unwrap_or_default(),
        r,
        events,
        conflict_values: versions.outcomes,
        arrival_values: versions.arrivals,
        arrival_choices: versions.arrival_choices,
        just_issued: q.baru.is_some(),
        evidence,
        issued_at,
        notices,
    }
    .into_response()
}

/// The history's events, ready to show, and the evidence images its handovers name.
fn history_events(
    tr: Tr,
    history: &[StoredOp],
    names: &std::collections::HashMap<antar_shared::doc::OpId, String>,
    created_at: i64,
) -> (Vec<Event>, Vec<String>) {
    let mut events = Vec::new();
    let mut evidence = Vec::new();
    for stored in history {
        let op = &stored.op;
        if let OpBody::Handover { handover, .. } = &op.body
            && let Some(hash) = handover.evidence
        {
            evidence.push(hash.to_hex());
        }
        events.push(Event {
            what: dispatch::summary(tr, &op.body),
            by: tr.author(
                op.dot.actor,
                &op.body,
                None,
                names.get(&op.id()).map(String::as_str),
            ),
            device_time: UnixTime(op.time.0).wita(),
            server_time: UnixTime(stored.received_at).wita(),
            // Ahead of the server's receipt, or before the document existed:
            // either way the device's clock was wrong.
            skewed: UnixTime(op.time.0)
                .skew_against(UnixTime(stored.received_at))
                .is_some_and(|skew| skew > 0)
                || op.time.0 + antar_shared::time::SKEW_WARNING_SECS < created_at,
        });
    }
    (events, evidence)
}

/// A conflict's competing versions, ready to show and to choose from.
#[derive(Debug, Default)]
struct Versions {
    /// Competing outcomes (handed over, returned…), when more than one.
    outcomes: Vec<String>,
    /// Competing arrival conditions, when more than one.
    arrivals: Vec<String>,
    /// The arrival versions' machine names, to keep one.
    arrival_choices: Vec<&'static str>,
}

impl Versions {
    fn of(tr: Tr, st: &DispatchState) -> Versions {
        let mut versions = Versions::default();
        let values = st.outcomes();
        if values.len() > 1 {
            versions.outcomes = values.iter().map(|o| version(tr, &o.value)).collect();
        }
        let arrivals = st.arrivals();
        if arrivals.len() > 1 {
            versions.arrivals = arrivals.iter().map(|a| tr.condition(a.value)).collect();
            versions.arrival_choices = arrivals
                .iter()
                .map(|a| match a.value {
                    Condition::Ok => "ok",
                    Condition::Damaged => "damaged",
                    Condition::Missing => "missing",
                })
                .collect();
        }
        versions
    }
}

/// One competing outcome, with a handover's details (the ID shown, the NIK check, the
/// clerk), which are what tells two handovers apart.
fn version(tr: Tr, outcome: &Outcome) -> String {
    let details = match outcome {
        Outcome::HandedOver(h) => tr.handover_details(h),
        _ => Vec::new(),
    };
    std::iter::once(tr.outcome(outcome))
        .chain(details)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The recall form.
#[derive(Debug, Deserialize)]
pub struct RecallForm {
    #[serde(default)]
    reason: String,
}

/// `POST /dasbor/kiriman/{code}/tarik`.
pub async fn recall(
    State(state): State<AppState>,
    s: Staff,
    Path(code): Path<String>,
    Form(f): Form<RecallForm>,
) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    let code = match parse_code(&code) {
        Ok(c) => c,
        Err(e) => return s.error(&e),
    };
    match dispatch::recall(&state.store, &s.who(), code, &f.reason).await {
        Ok(_) => (
            StatusCode::SEE_OTHER,
            [(LOCATION, format!("/dasbor/kiriman/{code}"))],
        )
            .into_response(),
        Err(e) => s.error(&e),
    }
}

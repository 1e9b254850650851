//! Settling a dispatch: `/kiriman/{CODE}/kembalikan` sends it back to Dukcapil with a
//! reason; `/kiriman/{CODE}/selesaikan` resolves a conflict, with the competing
//! versions side by side (who wrote each, on which device, at what device time).

use antar_shared::doc::{Action, ActorId, Condition, DesaDoc, DispatchState, OpId, Outcome, rules};
use antar_shared::i18n::Tr;
use antar_shared::time::UnixTime;
use antar_shared::web::PageLang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::{Form, Path};
use super::login::Desk;
use super::view::{Row, clock, op_token};
use super::{Ui, dispatch_in, refused, see_other, unknown};
use crate::clerk::{self, Choice};
use crate::now;

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/return.html")]
struct ReturnPage {
    tr: Tr,
    here: String,
    row: Row,
    error: Option<String>,
    blocked: Option<String>,
    reason: String,
    suggestions: Vec<String>,
}

/// Whether a dispatch can be sent back: it is at the desa or on its way (a wrong-desa
/// item can go straight back with the courier), and nothing has been decided yet.
/// Why the custody rules do not let this device return it now, in the reader's words.
fn return_blocked(tr: Tr, me: ActorId, state: &DispatchState) -> Option<String> {
    rules::permits(me, state, Action::Return)
        .err()
        .map(|e| tr.error(&e))
}

async fn render_return(
    ui: &Ui,
    tr: Tr,
    typed: &str,
    status: StatusCode,
    error: Option<String>,
    reason: String,
) -> Result<Response, Response> {
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let (code, state) = dispatch_in(&doc, typed).map_err(|e| unknown(tr, &e))?;
    let row = Row::new(tr, state, UnixTime(now()), &ui.options.policy);
    let page = ReturnPage {
        tr,
        here: format!("/kiriman/{code}/kembalikan"),
        blocked: return_blocked(tr, me.actor, state),
        row,
        error,
        reason,
        suggestions: vec![
            tr.t("clerk-reason-unclaimed"),
            tr.t("clerk-reason-wrong-desa"),
            tr.t("clerk-reason-misprint"),
            tr.t("clerk-reason-moved"),
        ],
    };
    Ok((status, page).into_response())
}

/// `GET /kiriman/{CODE}/kembalikan`.
pub async fn return_form(
    State(ui): State<Ui>,
    lang: PageLang,
    Path(typed): Path<String>,
) -> Result<Response, Response> {
    render_return(&ui, lang.tr(), &typed, StatusCode::OK, None, String::new()).await
}

/// The return form.
#[derive(Debug, Deserialize)]
pub struct ReturnFields {
    #[serde(default)]
    alasan: String,
}

/// `POST /kiriman/{CODE}/kembalikan`.
pub async fn return_save(
    State(ui): State<Ui>,
    lang: PageLang,
    desk: Desk,
    Path(typed): Path<String>,
    Form(fields): Form<ReturnFields>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    let reason: String = fields.alasan.chars().take(500).collect();
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let (code, state) = dispatch_in(&doc, &typed).map_err(|e| unknown(tr, &e))?;
    if let Some(why) = return_blocked(tr, me.actor, state) {
        return render_return(&ui, tr, &typed, StatusCode::CONFLICT, Some(why), reason).await;
    }
    match clerk::send_back(&ui.replica, &me, desk.name(), code, &reason, None).await {
        Ok(_) => Ok(see_other(&format!("/kiriman/{code}?ok=kembali"))),
        Err(e) => {
            let (status, message) = refused(tr, &e);
            render_return(&ui, tr, &typed, status, Some(message), reason).await
        }
    }
}

/// One competing value, as a card.
#[derive(Debug)]
struct Version {
    /// 1-based, as the buttons say.
    n: usize,
    /// The op that wrote it (`3.17`), so the choice names exactly what was shown.
    token: String,
    summary: String,
    details: Vec<String>,
    who: String,
    when: String,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/resolve.html")]
struct ResolvePage {
    tr: Tr,
    here: String,
    code: String,
    row: Row,
    error: Option<String>,
    outcomes: Vec<Version>,
    arrivals: Vec<Version>,
    /// Whether the arrival register holds different conditions.
    arrival_conflict: bool,
    /// Whether the outcome register holds different facts.
    outcome_conflict: bool,
}

/// The facts under a version: a handover's (ID shown, NIK, clerk, signature).
fn outcome_details(tr: Tr, outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::HandedOver(h) => tr.handover_details(h),
        _ => Vec::new(),
    }
}

/// Who wrote a version, as the history says it ("Dukcapil atas nama desa" for a desa's
/// record Dukcapil wrote for it).
fn author(tr: Tr, doc: &DesaDoc, by: OpId, me: ActorId) -> String {
    doc.op(by)
        .map(|op| tr.author(by.actor, &op.body, Some(me), None))
        .unwrap_or_default()
}

async fn render_resolve(
    ui: &Ui,
    tr: Tr,
    typed: &str,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, Response> {
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let (code, state) = dispatch_in(&doc, typed).map_err(|e| unknown(tr, &e))?;
    let row = Row::new(tr, state, UnixTime(now()), &ui.options.policy);
    let outcomes: Vec<Version> = state
        .outcomes()
        .iter()
        .enumerate()
        .map(|(i, e)| Version {
            n: i + 1,
            token: op_token(e.by),
            summary: tr.outcome(&e.value),
            details: outcome_details(tr, &e.value),
            who: author(tr, &doc, e.by, me.actor),
            when: clock(e.at),
        })
        .collect();
    let arrivals: Vec<Version> = state
        .arrivals()
        .iter()
        .enumerate()
        .map(|(i, e)| Version {
            n: i + 1,
            token: op_token(e.by),
            summary: tr.condition(e.value),
            details: Vec::new(),
            who: author(tr, &doc, e.by, me.actor),
            when: clock(e.at),
        })
        .collect();
    let values = state.outcomes();
    let outcome_conflict = values
        .iter()
        .any(|a| values.iter().any(|b| !a.value.same_fact(&b.value)));
    let arrival_conflict = arrivals
        .iter()
        .any(|a| arrivals.iter().any(|b| a.summary != b.summary));
    let page = ResolvePage {
        tr,
        here: format!("/kiriman/{code}/selesaikan"),
        code: code.to_string(),
        arrival_conflict,
        outcome_conflict,
        row,
        error,
        outcomes,
        arrivals,
    };
    Ok((status, page).into_response())
}

/// `GET /kiriman/{CODE}/selesaikan`.
pub async fn resolve_form(
    State(ui): State<Ui>,
    lang: PageLang,
    Path(typed): Path<String>,
) -> Result<Response, Response> {
    render_resolve(&ui, lang.tr(), &typed, StatusCode::OK, None).await
}

/// The button pressed: `versi:3.17` (keep the value op 3.17 wrote), `tidak-ada` (none
/// of them happened), or `kondisi:ok|damaged|missing` (the real arrival condition).
#[derive(Debug, Deserialize)]
pub struct ResolveFields {
    #[serde(default)]
    pilih: String,
}

/// `POST /kiriman/{CODE}/selesaikan`.
pub async fn resolve_save(
    State(ui): State<Ui>,
    lang: PageLang,
    desk: Desk,
    Path(typed): Path<String>,
    Form(fields): Form<ResolveFields>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let (code, state) = dispatch_in(&doc, &typed).map_err(|e| unknown(tr, &e))?;
    let choice = match fields.pilih.split_once(':') {
        Some(("versi", token)) => state
            .outcomes()
            .into_iter()
            .find(|e| op_token(e.by) == token)
            .map(|e| Choice::Value(e.value)),
        Some(("kondisi", "ok")) => Some(Choice::Condition(Condition::Ok)),
        Some(("kondisi", "damaged")) => Some(Choice::Condition(Condition::Damaged)),
        Some(("kondisi", "missing")) => Some(Choice::Condition(Condition::Missing)),
        None if fields.pilih == "tidak-ada" => Some(Choice::Neither),
        _ => None,
    };
    let Some(choice) = choice else {
        // The versions changed since the page was shown (a sync brought another one),
        // or the form was tampered with: show the page again as it is now.
        return render_resolve(
            &ui,
            tr,
            &typed,
            StatusCode::CONFLICT,
            Some(tr.t("clerk-resolve-changed")),
        )
        .await;
    };
    match clerk::resolve(&ui.replica, &me, desk.name(), code, choice).await {
        Ok(_) => Ok(see_other(&format!("/kiriman/{code}?ok=selesai"))),
        Err(e) => {
            let (status, message) = refused(tr, &e);
            render_resolve(&ui, tr, &typed, status, Some(message)).await
        }
    }
}

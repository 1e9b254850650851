//! `/dasbor/kabar`: the notices to residents: how many in each state, those that need a
//! look (waiting, failed with the reason, not sent) with a resend for the failed, and
//! per desa the share of residents reached. A kecamatan account sees its kecamatan.

use antar_shared::i18n::Tr;
use antar_shared::region::{self, VillageCode};
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};

use super::Staff;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::now;
use crate::store::users::{Role, User};
use crate::web::extract::Path;

/// Notices listed at most.
const SHOWN: i64 = 200;

/// One notice that needs a look.
#[derive(Debug)]
struct Line {
    id: i64,
    code: String,
    desa: String,
    event: String,
    state: String,
    failed: bool,
    attempts: i64,
    reason: String,
    at: String,
}

/// One desa's reach.
#[derive(Debug)]
struct Reach {
    desa: String,
    dispatches: i64,
    reached: i64,
    percent: i64,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/notices.html")]
struct NoticesPage {
    tr: Tr,
    here: String,
    user: User,
    counts: Vec<(String, i64)>,
    lines: Vec<Line>,
    reach: Vec<Reach>,
    /// How notices go: `log`, `whatsapp`, `sms`, `whatsapp+sms`, or `None` (off).
    provider: Option<&'static str>,
    /// After a test message: whether it went, and what the provider said.
    tested: Option<(bool, String)>,
}

/// A reason as people read it: the worker's own in words, a provider's as it said it.
pub fn reason(tr: Tr, error: Option<&str>) -> String {
    match error {
        Some(why @ ("opted_out" | "phone_erased" | "no_dispatch" | "outdated")) => {
            tr.t(&format!("notice-why-{why}"))
        }
        other => other.unwrap_or_default().to_owned(),
    }
}

fn desa_name(code: &str) -> String {
    VillageCode::parse(code)
        .ok()
        .and_then(region::lookup)
        .map(|r| r.name.to_owned())
        .unwrap_or_else(|| code.to_owned())
}

async fn load(state: &AppState, s: &Staff) -> Result<NoticesPage, AppError> {
    let tr = s.tr;
    let within = s.scope.joined();
    let counts = state
        .store
        .notice_counts(within.as_deref())
        .await?
        .into_iter()
        .map(|(st, n)| (tr.t(&format!("notice-state-{st}")), n))
        .collect();
    let lines = state
        .store
        .notices_pending(within.as_deref(), SHOWN)
        .await?
        .into_iter()
        .map(|n| Line {
            id: n.id,
            code: u64::try_from(n.tracking)
                .ok()
                .and_then(|b| TrackingCode::from_bits(b).ok())
                .map(|c| c.to_string())
                .unwrap_or_default(),
            desa: desa_name(&n.desa_code),
            event: tr.t(&format!("notice-event-{}", n.event)),
            failed: n.state == "failed" || n.state == "skipped",
            state: tr.t(&format!("notice-state-{}", n.state)),
            attempts: n.attempts,
            reason: reason(tr, n.error.as_deref()),
            at: UnixTime(n.updated_at).wita(),
        })
        .collect();
    let reach = state
        .store
        .reach_by_desa(within.as_deref())
        .await?
        .into_iter()
        .map(|(code, dispatches, reached)| Reach {
            desa: region::named(&code),
            dispatches,
            reached,
            percent: if dispatches > 0 {
                reached * 100 / dispatches
            } else {
                0
            },
        })
        .collect();
    Ok(NoticesPage {
        tr,
        here: s.here.clone(),
        user: s.user.clone(),
        counts,
        lines,
        reach,
        provider: state.notifier.as_ref().map(|o| o.0.name()),
        tested: None,
    })
}

/// `GET /dasbor/kabar`.
pub async fn page(State(state): State<AppState>, s: Staff) -> Response {
    match load(&state, &s).await {
        Ok(page) => page.into_response(),
        Err(e) => s.error(&e),
    }
}

/// `POST /dasbor/kabar/{id}/ulang` (operators): a failed or skipped notice is queued
/// again from its first try (after a number was corrected, a provider set up…).
pub async fn resend(State(state): State<AppState>, s: Staff, Path(id): Path<String>) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    let not_found = || AppError::not_found("notice.not_found").arg("id", id.trim());
    let Ok(number) = id.trim().parse::<i64>() else {
        return s.error(&not_found());
    };
    // Only a notice of a dispatch this account covers.
    let covered = match state.store.notice_desa(number).await {
        Ok(desa) => desa
            .and_then(|d| VillageCode::parse(&d).ok())
            .is_some_and(|d| s.scope.covers(d)),
        Err(e) => return s.error(&e.into()),
    };
    if !covered {
        return s.error(&not_found());
    }
    match state.store.resend_notice(number, now()).await {
        Ok(Some(_)) => {
            let event = crate::audit::Event::new("notice_resend", number);
            crate::audit::record(&state.store, &s.who(), event).await;
            state.notices.notify_one();
            (StatusCode::SEE_OTHER, [(LOCATION, "/dasbor/kabar")]).into_response()
        }
        Ok(None) => s.error(&not_found()),
        Err(e) => s.error(&e.into()),
    }
}

/// The test message's form.
#[derive(Debug, serde::Deserialize)]
pub struct TestForm {
    nomor: String,
}

/// `POST /dasbor/kabar/uji` (admins): a test message to a number, through the provider
/// the server sends notices with; the page says how it went.
pub async fn test(
    State(state): State<AppState>,
    s: Staff,
    crate::web::extract::Form(f): crate::web::extract::Form<TestForm>,
) -> Response {
    if let Some(r) = s.refuse_unless(Role::Admin) {
        return r;
    }
    let mut page = match load(&state, &s).await {
        Ok(page) => page,
        Err(e) => return s.error(&e),
    };
    let phone = match crate::issuance::phone::normalise(&f.nomor) {
        Ok(phone) => phone,
        Err(e) => {
            let e = AppError::from_localized(crate::error::ErrorKind::Unprocessable, &e);
            page.tested = Some((false, e.message(s.tr.lang)));
            return (StatusCode::UNPROCESSABLE_ENTITY, page).into_response();
        }
    };
    let Some(outlet) = state.notifier.clone() else {
        page.tested = Some((false, s.tr.t("dash-notice-test-off")));
        return (StatusCode::CONFLICT, page).into_response();
    };
    let notice = crate::notify::Notice::test(s.tr);
    let result = outlet.0.send(&phone, &notice).await;
    let event = crate::audit::Event::new("notice_test", crate::notify::masked_phone(&phone))
        .detail(serde_json::json!({"ok": result.is_ok(), "via": outlet.0.name()}));
    crate::audit::record(&state.store, &s.who(), event).await;
    page.tested = Some(match result {
        Ok(sent) => (
            true,
            s.tr.t2(
                "dash-notice-test-sent",
                "via",
                sent.channel,
                "id",
                sent.provider_id.unwrap_or_default(),
            ),
        ),
        Err(e) => (
            false,
            s.tr.t1("dash-notice-test-failed", "why", e.to_string()),
        ),
    });
    page.into_response()
}

//! `/dasbor`: the first page — where documents are, and what needs attention.

use antar_shared::doc::Status;
use antar_shared::i18n::Tr;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::Staff;
use crate::state::AppState;
use crate::store::now;
use crate::store::users::User;

/// Desa not heard from for this many days are flagged on the first page.
pub const QUIET_DAYS: i64 = 3;

/// Hand-backs after a restore are shown for this many days.
pub const RECOVERY_DAYS: i64 = 7;

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/home.html")]
struct HomePage {
    tr: Tr,
    here: String,
    user: User,
    counts: Vec<(Status, i64)>,
    conflicts: i64,
    missing: i64,
    unpublished: i64,
    quiet_desa: usize,
    quiet_days: i64,
    /// What devices handed back in the last days (a restore lost it), said for people.
    recovered: Option<String>,
}

/// `GET /dasbor`.
pub async fn page(State(state): State<AppState>, s: Staff) -> Response {
    let overview = match state.store.overview(now()).await {
        Ok(o) => o,
        Err(e) => return s.error(&e.into()),
    };
    let health = match state.store.desa_health().await {
        Ok(h) => h,
        Err(e) => return s.error(&e.into()),
    };
    let cutoff = now() - QUIET_DAYS * antar_shared::time::DAY;
    let quiet_desa = health
        .iter()
        .filter(|d| d.last_sync_at.is_none_or(|t| t < cutoff))
        .count();
    let recoveries = match state
        .store
        .recoveries_since(now() - RECOVERY_DAYS * antar_shared::time::DAY)
        .await
    {
        Ok(r) => r,
        Err(e) => return s.error(&e.into()),
    };
    let recovered = recoveries.first().map(|latest| {
        let desa: std::collections::BTreeSet<&str> =
            recoveries.iter().map(|r| r.desa_code.as_str()).collect();
        let ops: i64 = recoveries.iter().map(|r| r.ops).sum();
        s.tr.t3(
            "dash-recovered",
            ("ops", &ops),
            ("desa", &desa.len()),
            ("at", &antar_shared::time::UnixTime(latest.at).wita()),
        )
    });
    let counts = Status::ALL
        .iter()
        .map(|st| {
            let n = overview
                .by_status
                .iter()
                .find(|(code, _)| code == st.code())
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (*st, n)
        })
        .collect();
    HomePage {
        tr: s.tr,
        here: s.here,
        user: s.user,
        counts,
        conflicts: overview.conflicts,
        missing: overview.missing,
        unpublished: overview.unpublished,
        quiet_desa,
        quiet_days: QUIET_DAYS,
        recovered,
    }
    .into_response()
}

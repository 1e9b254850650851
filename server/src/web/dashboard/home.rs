//! `/dasbor`: the first page — where documents are, and what needs attention.

use antar_shared::doc::Status;
use antar_shared::web::Tr;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::Staff;
use crate::http::AppState;
use crate::store::now;
use crate::store::users::User;

/// Desa not heard from for this many days are flagged on the first page.
pub const QUIET_DAYS: i64 = 3;

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
}

/// `GET /dasbor`.
pub async fn page(State(state): State<AppState>, s: Staff) -> Response {
    let overview = match state.store.overview(now()).await {
        Ok(o) => o,
        Err(e) => return s.error(&e.into()),
    };
    let health = match state.store.desa_health(false).await {
        Ok(h) => h,
        Err(e) => return s.error(&e.into()),
    };
    let cutoff = now() - QUIET_DAYS * antar_shared::time::DAY;
    let quiet_desa = health
        .iter()
        .filter(|d| d.last_sync_at.is_none_or(|t| t < cutoff))
        .count();
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
    }
    .into_response()
}

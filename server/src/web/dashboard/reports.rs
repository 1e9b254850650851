//! Reports: documents handed over per week, median days from issue to handover per
//! kecamatan, and items aging at desa offices, with charts drawn on the server.

use antar_shared::i18n::Tr;
use antar_shared::region::{self, VillageCode};
use antar_shared::time::{DAY, UnixTime};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::{Staff, chart};
use crate::state::AppState;
use crate::store::now;
use crate::store::users::User;

/// Weeks shown in the weekly chart.
const WEEKS: i64 = 12;
/// Handovers counted for the medians: the last half year.
const MEDIAN_WINDOW_DAYS: i64 = 182;

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/reports.html")]
struct ReportsPage {
    tr: Tr,
    here: String,
    user: User,
    weekly: String,
    weekly_total: usize,
    medians: String,
    median_rows: Vec<(String, f64, usize)>,
    aging: Vec<(String, String, i64)>,
    aging_days: i64,
}

/// `GET /dasbor/laporan`.
pub async fn page(State(state): State<AppState>, s: Staff) -> Response {
    let tr = s.tr;
    let now = now();
    let since = now - MEDIAN_WINDOW_DAYS * DAY;
    // A kecamatan operator's reports count that kecamatan only.
    let report = match state.store.handover_report(now, WEEKS, since).await {
        Ok(r) => r,
        Err(e) => return s.error(&e.into()),
    };
    // Weeks end today: week 0 is the last seven days.
    let mut weeks = vec![0usize; WEEKS as usize];
    for (kecamatan, week, n) in &report.weekly {
        if !s.scope.covers_kecamatan(kecamatan) {
            continue;
        }
        if let Some(slot) = usize::try_from(*week).ok().and_then(|w| weeks.get_mut(w)) {
            *slot += usize::try_from(*n).unwrap_or(0);
        }
    }
    let weekly_bars: Vec<(String, f64)> = (0..WEEKS)
        .rev()
        .map(|w| {
            let start = UnixTime(now - (w + 1) * 7 * DAY + DAY).wita_date();
            let label = start.get(5..).unwrap_or(&start).to_owned();
            (label, weeks[w as usize] as f64)
        })
        .collect();
    let weekly_total = weeks.iter().sum();
    let name = |code: &str| {
        antar_shared::region::DistrictCode::parse(code)
            .ok()
            .and_then(region::lookup)
            .map(|r| r.name.to_owned())
            .unwrap_or_else(|| code.to_owned())
    };
    let median_rows: Vec<(String, f64, usize)> = report
        .medians
        .into_iter()
        .filter(|(k, _, _)| s.scope.covers_kecamatan(k))
        .map(|(k, m, n)| {
            (
                name(&k),
                (m * 10.0).round() / 10.0,
                usize::try_from(n).unwrap_or(0),
            )
        })
        .collect();
    let median_bars: Vec<(String, f64)> = median_rows
        .iter()
        .map(|(k, m, _)| (k.clone(), *m))
        .collect();
    let aging_days = antar_shared::doc::Policy::default().aging_after_days;
    let aging = match state.store.aging_by_desa(aging_days, now).await {
        Ok(a) => a
            .into_iter()
            .filter(|(code, _)| VillageCode::parse(code).is_ok_and(|desa| s.scope.covers(desa)))
            .map(|(code, n)| {
                let desa = VillageCode::parse(&code)
                    .ok()
                    .and_then(region::lookup)
                    .map(|r| r.name.to_owned())
                    .unwrap_or_default();
                (code, desa, n)
            })
            .collect(),
        Err(e) => return s.error(&e.into()),
    };
    ReportsPage {
        weekly: chart::columns(&tr.t("dash-report-weekly"), &weekly_bars),
        weekly_total,
        medians: chart::rows(
            &tr.t("dash-report-median"),
            &median_bars,
            &tr.t("dash-days-unit"),
        ),
        median_rows,
        aging,
        aging_days,
        tr,
        here: s.here,
        user: s.user,
    }
    .into_response()
}

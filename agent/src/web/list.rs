//! `/kiriman?status=…&q=…`: this desa's dispatches, filtered by what a home card counts
//! and searched by code, holder name or document number.

use antar_shared::doc::{Condition, DispatchState, Flags, Policy, Status};
use antar_shared::i18n::Tr;
use antar_shared::time::{DAY, UnixTime};
use antar_shared::web::PageLang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::Query;
use super::view::{Row, scanned_code};
use super::{Ui, here};
use crate::now;

/// The most rows one page shows; a search narrows a large desa down.
const MAX_ROWS: usize = 300;

/// What a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Everything.
    All,
    /// One status.
    Status(Status),
    /// Received in the last seven days.
    Recent,
    /// Flagged conflict.
    Conflict,
    /// Flagged missing.
    Missing,
    /// Waiting long at the desa.
    Aging,
    /// Arrived damaged.
    Damaged,
}

impl Filter {
    /// Every choice, in the order the select lists them.
    const ALL: [Filter; 12] = [
        Filter::All,
        Filter::Status(Status::InTransit),
        Filter::Recent,
        Filter::Status(Status::AtDesa),
        Filter::Conflict,
        Filter::Missing,
        Filter::Aging,
        Filter::Damaged,
        Filter::Status(Status::HandedOver),
        Filter::Status(Status::Returned),
        Filter::Status(Status::Recalled),
        Filter::Status(Status::Issued),
    ];

    /// The value in the address (`?status=in_transit`).
    pub fn code(self) -> &'static str {
        match self {
            Filter::All => "semua",
            Filter::Status(s) => s.code(),
            Filter::Recent => "baru_diterima",
            Filter::Conflict => "konflik",
            Filter::Missing => "hilang",
            Filter::Aging => "lama",
            Filter::Damaged => "rusak",
        }
    }

    fn parse(value: Option<&str>) -> Filter {
        value
            .and_then(|v| Filter::ALL.into_iter().find(|f| f.code() == v))
            .unwrap_or(Filter::All)
    }

    fn label(self, tr: Tr) -> String {
        match self {
            Filter::All => tr.t("clerk-filter-all"),
            Filter::Status(s) => tr.status(s),
            Filter::Recent => tr.t("clerk-card-arrived"),
            Filter::Conflict => tr.t("flag-conflict"),
            Filter::Missing => tr.t("flag-missing"),
            Filter::Aging => tr.t("flag-aging"),
            Filter::Damaged => tr.t("flag-damaged"),
        }
    }

    fn matches(self, d: &DispatchState, status: Status, flags: Flags, now: UnixTime) -> bool {
        match self {
            Filter::All => true,
            Filter::Status(s) => s == status,
            Filter::Recent => {
                let week_ago = UnixTime(now.0.saturating_sub(7 * DAY));
                d.arrivals()
                    .iter()
                    .any(|a| a.value != Condition::Missing && a.at >= week_ago)
            }
            Filter::Conflict => flags.conflict,
            Filter::Missing => flags.missing,
            Filter::Aging => flags.aging,
            Filter::Damaged => flags.damaged,
        }
    }
}

/// Whether a dispatch matches what the clerk searched: the code (typed any way, or
/// scanned), or part of the holder's name or the document number.
pub fn matches_search(d: &DispatchState, q: &str) -> bool {
    let q = q.trim();
    if q.is_empty() {
        return true;
    }
    if let Ok(code) = super::view::parse_scanned(q) {
        return d.issue.tracking == code;
    }
    let lower = q.to_lowercase();
    // Part of a code (`7KQM`): four characters or more, so short names do not match codes.
    let part_of_code = scanned_code(q).to_uppercase();
    d.issue.holder.as_str().to_lowercase().contains(&lower)
        || d.issue.number.as_str().to_lowercase().contains(&lower)
        || (part_of_code.len() >= 4
            && !part_of_code.contains(' ')
            && d.issue.tracking.to_string().contains(&part_of_code))
}

/// One choice of the filter select.
#[derive(Debug)]
struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/list.html")]
struct ListPage {
    tr: Tr,
    here: String,
    heading: String,
    q: String,
    choices: Vec<Choice>,
    rows: Vec<Row>,
    shown: String,
}

/// The list's query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    q: Option<String>,
}

/// Rows matching a filter and a search, newest first, at most `MAX_ROWS`; and how many
/// matched in all.
fn rows(
    tr: Tr,
    doc: &antar_shared::doc::DesaDoc,
    filter: Filter,
    q: &str,
    now: UnixTime,
    policy: &Policy,
) -> (Vec<Row>, usize) {
    let mut matched: Vec<&DispatchState> = doc
        .dispatches()
        .filter(|d| {
            let (status, flags) = d.status(now, policy);
            filter.matches(d, status, flags, now) && matches_search(d, q)
        })
        .collect();
    matched.sort_by_key(|d| std::cmp::Reverse(d.issued_at));
    let total = matched.len();
    let rows = matched
        .into_iter()
        .take(MAX_ROWS)
        .map(|d| Row::new(tr, d, now, policy))
        .collect();
    (rows, total)
}

/// `GET /kiriman`.
pub async fn page(
    State(ui): State<Ui>,
    lang: PageLang,
    uri: Uri,
    Query(query): Query<ListQuery>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let filter = Filter::parse(query.status.as_deref());
    let q = query.q.unwrap_or_default();
    let (rows, total) = rows(tr, &doc, filter, &q, UnixTime(now()), &ui.options.policy);
    let shown = if rows.len() < total {
        tr.t2("clerk-list-shown", "shown", rows.len(), "total", total)
    } else {
        tr.n("clerk-list-count", i64::try_from(total).unwrap_or(i64::MAX))
    };
    Ok(ListPage {
        tr,
        here: here(&uri),
        heading: filter.label(tr),
        q: q.chars().take(80).collect(),
        choices: Filter::ALL
            .into_iter()
            .map(|f| Choice {
                value: f.code(),
                label: f.label(tr),
                selected: f == filter,
            })
            .collect(),
        rows,
        shown,
    }
    .into_response())
}

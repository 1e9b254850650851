//! Tracking: the filtered dispatch list and its CSV export. One dispatch with its full
//! history is in `detail`; issuing one, in `issue`.

use antar_shared::doc::Status;
use antar_shared::i18n::Tr;
use antar_shared::kind::DocumentKind;
use antar_shared::nik::Nik;
use antar_shared::region::{self, Level, RegionCode, VillageCode};
use antar_shared::text::spreadsheet_safe;
use antar_shared::time::UnixTime;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, LOCATION};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Staff, non_empty};
use crate::error::{AppError, ErrorKind};
use crate::state::AppState;
use crate::store::dispatches::{DispatchRecord, Filter, FlagFilter, Search};
use crate::store::now;
use crate::store::users::User;
use crate::web::extract::{Form, Query};

const PAGE: i64 = 100;
const EXPORT_MAX: i64 = 200_000;

/// The list's filters, as in the query string (and the export link).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Filters {
    kecamatan: Option<String>,
    desa: Option<String>,
    status: Option<String>,
    jenis: Option<String>,
    umur: Option<String>,
    konflik: Option<String>,
    /// An attention flag: `hilang`, `lama` or `rusak`.
    tanda: Option<String>,
    /// Search: a code, a NIK (exact; logged), part of a name or a number.
    cari: Option<String>,
    hal: Option<String>,
}

impl Filters {
    /// Whether the search box holds a NIK.
    fn searches_nik(&self) -> bool {
        self.cari
            .as_deref()
            .is_some_and(antar_shared::text::nik_shaped)
    }

    /// The store filter, or a message naming the bad field.
    fn to_store(&self, limit: i64) -> Result<Filter, AppError> {
        // One code; the message says which field by `field`.
        let bad = |field: &str| {
            AppError::new(ErrorKind::BadRequest, "filter.invalid").arg("field", field)
        };
        let kecamatan = non_empty(&self.kecamatan).map(str::to_owned);
        let desa = match non_empty(&self.desa) {
            None => None,
            Some(typed) => Some(
                find_desa(typed, kecamatan.as_deref())
                    .ok_or_else(|| bad("desa").arg("typed", format!("{typed:?}")))?,
            ),
        };
        let status = match non_empty(&self.status) {
            None => None,
            Some(s) => Some(Status::parse(s).ok_or_else(|| bad("status"))?),
        };
        let kind = match non_empty(&self.jenis) {
            None => None,
            Some(k) => Some(
                DocumentKind::parse(k)
                    .map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))?,
            ),
        };
        let min_age_days = match non_empty(&self.umur) {
            None => None,
            Some(d) => Some(
                d.parse::<i64>()
                    .ok()
                    .filter(|d| (0..=3650).contains(d))
                    .ok_or_else(|| bad("age"))?,
            ),
        };
        Ok(Filter {
            desa,
            kecamatan,
            status,
            kind,
            min_age_days,
            conflict_only: non_empty(&self.konflik).is_some(),
            flag: match non_empty(&self.tanda) {
                None => None,
                Some("hilang") => Some(FlagFilter::Missing),
                Some("lama") => Some(FlagFilter::Aging),
                Some("rusak") => Some(FlagFilter::Damaged),
                Some(_) => return Err(bad("flag")),
            },
            search: self.cari.as_deref().and_then(Search::parse),
            within: None,
            limit,
            offset: self.page() * PAGE,
        })
    }

    /// The page number; anything that is not one is the first page.
    fn page(&self) -> i64 {
        non_empty(&self.hal)
            .and_then(|h| h.parse::<i64>().ok())
            .unwrap_or(0)
            .clamp(0, 100_000)
    }

    /// The query string without the page number.
    fn query(&self) -> String {
        let pairs = [
            ("kecamatan", &self.kecamatan),
            ("desa", &self.desa),
            ("status", &self.status),
            ("cari", &self.cari),
            ("jenis", &self.jenis),
            ("umur", &self.umur),
            ("konflik", &self.konflik),
            ("tanda", &self.tanda),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| non_empty(v).map(|v| format!("{k}={}", super::urlencode(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// A desa by code, or by name (inside the chosen kecamatan when there is one).
fn find_desa(typed: &str, kecamatan: Option<&str>) -> Option<VillageCode> {
    if let Ok(code) = VillageCode::parse(typed) {
        return region::require(code).ok().map(|_| code);
    }
    let wanted = typed.trim().to_lowercase();
    region::all()
        .filter(|r| r.level() == Level::Village)
        .filter(|r| r.name.to_lowercase() == wanted)
        .filter_map(|r| match r.code {
            RegionCode::Village(v) => Some(v),
            _ => None,
        })
        .filter(|v| kecamatan.is_none_or(|k| v.district().to_string() == k))
        .fold((None, 0), |(first, n), v| (first.or(Some(v)), n + 1))
        // A name shared by several desa is ambiguous: the code must be typed instead.
        .0
        .filter(|_| {
            region::all()
                .filter(|r| r.level() == Level::Village && r.name.to_lowercase() == wanted)
                .filter(|r| match r.code {
                    RegionCode::Village(v) => {
                        kecamatan.is_none_or(|k| v.district().to_string() == k)
                    }
                    _ => false,
                })
                .count()
                == 1
        })
}

/// A desa by code or by name, anywhere the server knows, or an error that says how to
/// type it.
pub fn desa_typed(typed: &str, code: &'static str) -> Result<VillageCode, AppError> {
    let typed = typed.trim();
    find_desa(typed, None).ok_or_else(|| {
        AppError::new(ErrorKind::Unprocessable, code).arg("typed", format!("{typed:?}"))
    })
}

/// Kecamatan of the regions the server knows, for the filter's drop-down.
pub fn kecamatan_options() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = region::all()
        .filter(|r| r.level() == Level::District)
        .map(|r| {
            let regency = r
                .code
                .parent()
                .and_then(region::lookup)
                .map(|p| p.name)
                .unwrap_or_default();
            (r.code.to_string(), format!("{} — {regency}", r.name))
        })
        .collect();
    all.sort();
    all
}

/// A row of the list, ready to show.
#[derive(Debug)]
pub struct Row {
    code: String,
    kind: String,
    holder: String,
    desa: String,
    status: Status,
    flags: Vec<&'static str>,
    age_days: i64,
}

fn row(tr: Tr, r: &DispatchRecord, now: i64) -> Row {
    let mut flags = Vec::new();
    for (on, key) in [
        (r.conflict, "flag-conflict"),
        (r.missing, "flag-missing"),
        (r.aging, "flag-aging"),
        (r.damaged, "flag-damaged"),
    ] {
        if on {
            flags.push(key);
        }
    }
    Row {
        code: r.tracking_code.to_string(),
        kind: tr.kind(r.kind),
        holder: r.holder_name.clone(),
        desa: region::lookup(r.desa_code)
            .map(|d| d.name.to_owned())
            .unwrap_or_else(|| r.desa_code.to_string()),
        status: r.status,
        flags,
        age_days: UnixTime(r.created_at).days_until(UnixTime(now)),
    }
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/dispatches.html")]
struct ListPage {
    tr: Tr,
    here: String,
    user: User,
    f: Filters,
    query: String,
    rows: Vec<Row>,
    error: Option<String>,
    page: i64,
    more: bool,
    /// How many match in all (every page), counted up to a cap.
    total: i64,
    /// More than `total` match.
    total_more: bool,
    /// A search by NIK, masked: its results have no page links and no export link,
    /// which would carry the NIK in their address.
    nik_search: Option<String>,
    kecamatan: Vec<(String, String)>,
    statuses: [Status; 6],
    kinds: [DocumentKind; 9],
}

impl ListPage {
    /// The page for these filters, before the list is read.
    fn new(s: &Staff, f: Filters) -> ListPage {
        ListPage {
            tr: s.tr,
            here: s.here.clone(),
            user: s.user.clone(),
            query: f.query(),
            page: f.page(),
            f,
            rows: Vec::new(),
            error: None,
            more: false,
            total: 0,
            total_more: false,
            nik_search: None,
            kecamatan: kecamatan_options(),
            statuses: Status::ALL,
            kinds: DocumentKind::ALL,
        }
    }

    fn selected(&self, field: &Option<String>, value: &str) -> bool {
        non_empty(field) == Some(value)
    }
}

/// `GET /dasbor/kiriman`: the list, its filters in the address so a view can be kept
/// and shared. Not a NIK: an address is kept by the browser's history and by logs.
pub async fn list(
    State(state): State<AppState>,
    s: Staff,
    Query(mut f): Query<Filters>,
) -> Response {
    if f.searches_nik() {
        f.cari = None;
        let mut page = ListPage::new(&s, f);
        // Nor in the language switch, which links back here.
        page.here = String::from("/dasbor/kiriman");
        page.error = Some(crate::dispatch::nik_in_url().message(s.tr.lang));
        return (StatusCode::BAD_REQUEST, page).into_response();
    }
    let page = ListPage::new(&s, f.clone());
    render(&state, &s, page, &f).await
}

/// `POST /dasbor/kiriman`: the filter form. A search by NIK is answered here, from
/// the body, its results shown without the NIK in any address or link (nor in the
/// search box: only masked); anything else goes on to the list's address.
pub async fn search(
    State(state): State<AppState>,
    s: Staff,
    Form(mut f): Form<Filters>,
) -> Response {
    if !f.searches_nik() {
        f.hal = None;
        let to = format!("/dasbor/kiriman?{}", f.query());
        return (StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response();
    }
    f.hal = None;
    let mut shown = f.clone();
    shown.cari = None;
    let mut page = ListPage::new(&s, shown);
    page.nik_search = f
        .cari
        .as_deref()
        .and_then(|typed| Nik::parse(typed).ok())
        .map(|nik| nik.masked());
    let mut response = render(&state, &s, page, &f).await;
    // The answer holds a person's documents found by NIK: not for any cache.
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Fills the page with the list that `f` selects (which may hold the NIK that the page
/// itself does not show).
async fn render(state: &AppState, s: &Staff, mut page: ListPage, f: &Filters) -> Response {
    let now = now();
    match f.to_store(PAGE + 1) {
        Ok(filter) => match crate::dispatch::list_page(&state.store, &s.who(), &filter).await {
            Ok((records, total)) => {
                page.more = records.len() as i64 > PAGE;
                page.total = total.count;
                page.total_more = total.more;
                page.rows = records
                    .iter()
                    .take(PAGE as usize)
                    .map(|r| row(s.tr, r, now))
                    .collect();
            }
            Err(e) => return s.error(&e),
        },
        Err(e) => {
            page.error = Some(e.message(s.tr.lang));
            return (StatusCode::BAD_REQUEST, page).into_response();
        }
    }
    page.into_response()
}

/// `GET /dasbor/kiriman.csv`: the filtered list as CSV (no NIK: masked only).
pub async fn export(State(state): State<AppState>, s: Staff, Query(f): Query<Filters>) -> Response {
    if f.searches_nik() {
        return s.error(&crate::dispatch::nik_in_url());
    }
    let filter = match f.to_store(EXPORT_MAX) {
        Ok(mut filter) => {
            filter.offset = 0;
            filter
        }
        Err(e) => return s.error(&e),
    };
    let now = now();
    let records = match crate::dispatch::list(&state.store, &s.who(), &filter).await {
        Ok((r, _)) => r,
        Err(e) => return s.error(&e),
    };
    // Which filter, as the address had it: what was taken out of the building (never a
    // NIK: refused above).
    let query = s.here.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let event = crate::audit::Event::new("export", "kiriman.csv")
        .detail(serde_json::json!({"filter": query, "rows": records.len()}));
    crate::audit::record(&state.store, &s.who(), event).await;
    let header = [
        "tracking_code",
        "kind",
        "number",
        "holder_name",
        "nik_masked",
        "desa_code",
        "desa_name",
        "kecamatan_code",
        "status",
        "conflict",
        "missing",
        "aging",
        "damaged",
        "issued_at_wita",
        "updated_at_wita",
    ];
    let flag = |on: bool| if on { "1" } else { "0" }.to_owned();
    let rows = records.iter().map(|r| {
        vec![
            r.tracking_code.to_string(),
            r.kind.code().to_owned(),
            spreadsheet_safe(&r.number).into_owned(),
            spreadsheet_safe(&r.holder_name).into_owned(),
            r.nik_masked.clone(),
            r.desa_code.to_string(),
            region::lookup(r.desa_code)
                .map(|d| d.name.to_owned())
                .unwrap_or_default(),
            r.kecamatan_code.clone(),
            r.status.code().to_owned(),
            flag(r.conflict),
            flag(r.missing),
            flag(r.aging),
            flag(r.damaged),
            UnixTime(r.created_at).wita(),
            UnixTime(r.updated_at).wita(),
        ]
    });
    let name = format!("kiriman-{}.csv", UnixTime(now).wita_date());
    super::csv_file::download(&name, &header, rows).unwrap_or_else(|e| s.error(&e))
}

//! Which dispatches a list shows: the store's [`Filter`], and [`FilterQuery`], the
//! same filters as people type them (the API's query string, the command line's
//! options), parsed and checked once for both.

use antar_shared::doc::Status;
use antar_shared::i18n::Tr;
use antar_shared::kind::{DocumentKind, UnknownKind};
use antar_shared::lang::{Lang, Localized};
use antar_shared::region::{self, DistrictCode, RegionError, VillageCode};
use serde::Deserialize;

/// Filters for listing dispatches.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// One desa.
    pub desa: Option<VillageCode>,
    /// One kecamatan, dotted (`52.06.03`).
    pub kecamatan: Option<String>,
    /// One status.
    pub status: Option<Status>,
    /// One kind.
    pub kind: Option<DocumentKind>,
    /// Issued at least this many days ago.
    pub min_age_days: Option<i64>,
    /// Only those with a conflict.
    pub conflict_only: bool,
    /// Only those with this attention flag (by the same rules as the status flags).
    pub flag: Option<FlagFilter>,
    /// What staff typed in the search box ([`Search::parse`]).
    pub search: Option<Search>,
    /// Only these kecamatan, comma-joined (a scoped account's; see `crate::scope`).
    pub within: Option<String>,
    /// Page size.
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
}

/// A search as typed, sorted out once: a tracking code, a NIK (exact, and only on the
/// server: the caller logs it in the audit log), or part of a holder's name or a
/// document number (case and spaces ignored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    /// A tracking code.
    Code(antar_shared::tracking::TrackingCode),
    /// Sixteen digits that read as a NIK.
    Nik(antar_shared::nik::Nik),
    /// Anything else: lowercased, without spaces.
    Text(String),
}

impl Search {
    /// Sorts a typed search; `None` when nothing but spaces was typed.
    pub fn parse(typed: &str) -> Option<Search> {
        let typed = typed.trim();
        if typed.is_empty() {
            return None;
        }
        if let Ok(code) = antar_shared::tracking::TrackingCode::parse(typed) {
            return Some(Search::Code(code));
        }
        if antar_shared::text::nik_shaped(typed)
            && let Ok(nik) = antar_shared::nik::Nik::parse(typed)
        {
            return Some(Search::Nik(nik));
        }
        let text: String = typed
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .take(64)
            .collect();
        Some(Search::Text(text))
    }

    /// The `LIKE` pattern for names and numbers (wildcards in the text escaped).
    pub(super) fn pattern(&self) -> Option<String> {
        let Search::Text(text) = self else {
            return None;
        };
        let escaped: String = text
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        Some(format!("%{escaped}%"))
    }
}

/// An attention flag to filter on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagFilter {
    /// Reported missing, or on the road longer than the policy allows.
    Missing,
    /// Waiting at the desa longer than the policy allows.
    Aging,
    /// Arrived damaged.
    Damaged,
}

impl FlagFilter {
    /// The flag as the list's query compares it.
    pub(super) fn code(self) -> &'static str {
        match self {
            FlagFilter::Missing => "missing",
            FlagFilter::Aging => "aging",
            FlagFilter::Damaged => "damaged",
        }
    }
}

/// Filters for the dispatch list as typed: the API's query string
/// (`GET /api/v1/dispatches`) or body (`POST /api/v1/dispatches/search`) and the
/// options of `dispatch list`.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterQuery {
    /// Desa code.
    pub desa: Option<String>,
    /// Kecamatan code (`52.06.03`).
    pub kecamatan: Option<String>,
    /// Status (`issued`, `in_transit`, `at_desa`, `handed_over`, `returned`, `recalled`).
    pub status: Option<String>,
    /// Kind (`kk`, `ktp-el`…).
    pub kind: Option<String>,
    /// Issued at least this many days ago.
    pub min_age_days: Option<i64>,
    /// Only dispatches with a conflict.
    #[serde(default)]
    pub conflict: bool,
    /// Search: a tracking code, a NIK (exact; logged in the audit log; only in a
    /// request's body, never in an address), or part of a holder's name or a document
    /// number.
    pub q: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<i64>,
    /// Rows to skip.
    pub offset: Option<i64>,
}

impl FilterQuery {
    /// Whether the search is a NIK: refused where it would be written down on the way
    /// (an address, which browsers, proxies and logs keep; a command line, which the
    /// shell history and `ps` keep).
    pub fn searches_nik(&self) -> bool {
        self.q
            .as_deref()
            .is_some_and(antar_shared::text::nik_shaped)
    }

    /// Parses the typed filters into a store filter: codes, status and kind checked,
    /// the page size kept between 1 and 500 (50 when not given).
    pub fn parse(&self) -> Result<Filter, FilterError> {
        Ok(Filter {
            desa: self.desa.as_deref().map(parse_desa).transpose()?,
            kecamatan: match self.kecamatan.as_deref() {
                Some(k) => Some(
                    DistrictCode::parse(k)
                        .map_err(FilterError::Code)?
                        .to_string(),
                ),
                None => None,
            },
            status: match self.status.as_deref() {
                Some(s) => Some(Status::parse(s).ok_or_else(|| FilterError::Status(s.to_owned()))?),
                None => None,
            },
            kind: self
                .kind
                .as_deref()
                .map(|k| DocumentKind::parse(k).map_err(FilterError::Kind))
                .transpose()?,
            min_age_days: self.min_age_days,
            conflict_only: self.conflict,
            flag: None,
            search: self.q.as_deref().and_then(Search::parse),
            within: None,
            limit: match self.limit {
                None => 50,
                Some(n @ 1..=MAX_PAGE) => n,
                Some(n) => return Err(FilterError::Limit(n)),
            },
            offset: self.offset.unwrap_or(0).max(0),
        })
    }
}

/// A desa code that parses and names a desa of the region table.
fn parse_desa(code: &str) -> Result<VillageCode, FilterError> {
    let desa = VillageCode::parse(code).map_err(FilterError::Code)?;
    region::require(desa).map_err(FilterError::NoSuchDesa)?;
    Ok(desa)
}

/// A typed filter that cannot be used: a code and arguments ([`Localized`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterError {
    /// A desa or kecamatan code that does not parse.
    Code(RegionError),
    /// A well-formed desa code that names no desa.
    NoSuchDesa(RegionError),
    /// An unknown status.
    Status(String),
    /// An unknown document kind.
    Kind(UnknownKind),
    /// A page size outside 1..=[`MAX_PAGE`].
    Limit(i64),
}

/// The largest page a list answers with; more rows are fetched page by page.
pub const MAX_PAGE: i64 = 500;

impl Localized for FilterError {
    fn code(&self) -> &'static str {
        match self {
            FilterError::Code(e) | FilterError::NoSuchDesa(e) => e.code(),
            FilterError::Status(_) => "dispatch.bad_status",
            FilterError::Kind(e) => e.code(),
            FilterError::Limit(_) => "dispatch.bad_limit",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            FilterError::Code(e) | FilterError::NoSuchDesa(e) => e.args(),
            FilterError::Status(s) => vec![("status", format!("{s:?}"))],
            FilterError::Kind(e) => e.args(),
            FilterError::Limit(n) => vec![("limit", n.to_string()), ("max", MAX_PAGE.to_string())],
        }
    }
}

/// English, for logs; people read the message of [`Localized::code`].
impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Tr::new(Lang::En).error(self))
    }
}

impl std::error::Error for FilterError {}

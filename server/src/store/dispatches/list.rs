//! Listing records by filter, and counting all that match, with one `WHERE` for both
//! so that "100 of 1,000 shown" is never a guess.

use antar_shared::doc::Policy;
use antar_shared::time::DAY;

use super::filter::{Filter, FlagFilter, Search};
use super::{DispatchRecord, RECORD_COLUMNS, RecordRow, record};
use crate::store::{Store, StoreError};

/// The filter's conditions; `$1`… are bound by `bind_filter!` in this order.
const WHERE: &str = "WHERE (CAST($1 AS TEXT) IS NULL OR desa_code = $1) \
     AND (CAST($2 AS TEXT) IS NULL OR kecamatan_code = $2) \
     AND (CAST($3 AS TEXT) IS NULL OR status = $3) \
     AND (CAST($4 AS TEXT) IS NULL OR kind = $4) \
     AND (CAST($5 AS BIGINT) IS NULL OR created_at <= $5) \
     AND ($6 = 0 OR conflict = 1) \
     AND (CAST($7 AS TEXT) IS NULL \
          OR ($7 = 'missing' AND (reported_missing = 1 OR (status = 'in_transit' AND first_trip_at <= $8))) \
          OR ($7 = 'aging' AND status = 'at_desa' AND arrived_at <= $9) \
          OR ($7 = 'damaged' AND damaged = 1)) \
     AND (CAST($10 AS BIGINT) IS NULL OR tracking = $10) \
     AND (CAST($11 AS TEXT) IS NULL OR nik = $11 OR (kind IN ('ktp-el', 'kia') AND number = $11)) \
     AND (CAST($12 AS TEXT) IS NULL OR REPLACE(LOWER(holder_name), ' ', '') LIKE $12 ESCAPE '\\' \
          OR (kind NOT IN ('ktp-el', 'kia') AND REPLACE(LOWER(number), ' ', '') LIKE $12 ESCAPE '\\')) \
     AND (CAST($13 AS TEXT) IS NULL OR (',' || $13 || ',') LIKE ('%,' || kecamatan_code || ',%'))";

/// The values the conditions compare with, in `WHERE`'s order.
struct Bound {
    desa: Option<String>,
    kecamatan: Option<String>,
    status: Option<&'static str>,
    kind: Option<&'static str>,
    max_created: Option<i64>,
    conflict_only: i64,
    flag: Option<&'static str>,
    missing_before: i64,
    aging_before: i64,
    code: Option<i64>,
    nik: Option<String>,
    pattern: Option<String>,
    within: Option<String>,
}

impl Bound {
    fn of(filter: &Filter, now: i64) -> Bound {
        let policy = Policy::default();
        // A KTP-el's or KIA's number is the NIK: found by the exact NIK only, never by
        // part of it.
        let (code, nik, pattern) = match &filter.search {
            Some(Search::Code(code)) => (i64::try_from(code.bits()).ok(), None, None),
            Some(Search::Nik(nik)) => (None, Some(nik.expose().to_owned()), None),
            Some(text) => (None, None, text.pattern()),
            None => (None, None, None),
        };
        Bound {
            desa: filter.desa.map(|d| d.to_string()),
            kecamatan: filter.kecamatan.clone(),
            status: filter.status.map(|s| s.code()),
            kind: filter.kind.map(|k| k.code()),
            max_created: filter
                .min_age_days
                .map(|d| now.saturating_sub(d.saturating_mul(DAY))),
            conflict_only: i64::from(filter.conflict_only),
            flag: filter.flag.map(FlagFilter::code),
            missing_before: now.saturating_sub(policy.missing_after_days.saturating_mul(DAY)),
            aging_before: now.saturating_sub(policy.aging_after_days.saturating_mul(DAY)),
            code,
            nik,
            pattern,
            within: filter.within.clone(),
        }
    }
}

/// Binds a [`Bound`] to a query, in `WHERE`'s order.
macro_rules! bind_filter {
    ($query:expr, $b:expr) => {
        $query
            .bind($b.desa)
            .bind($b.kecamatan)
            .bind($b.status)
            .bind($b.kind)
            .bind($b.max_created)
            .bind($b.conflict_only)
            .bind($b.flag)
            .bind($b.missing_before)
            .bind($b.aging_before)
            .bind($b.code)
            .bind($b.nik)
            .bind($b.pattern)
            .bind($b.within)
    };
}

impl Store {
    /// Records matching a filter, newest first, one page (`limit`, `offset`).
    pub async fn list_dispatches(
        &self,
        filter: &Filter,
        now: i64,
    ) -> Result<Vec<DispatchRecord>, StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM dispatches {WHERE} \
             ORDER BY created_at DESC, id DESC LIMIT $14 OFFSET $15"
        );
        // The text is constant apart from the column list; every value is bound.
        let rows: Vec<RecordRow> = bind_filter!(
            sqlx::query_as(sqlx::AssertSqlSafe(sql)),
            Bound::of(filter, now)
        )
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(&self.pool)
        .await?;
        let policy = Policy::default();
        let mut records: Vec<DispatchRecord> = rows
            .into_iter()
            .filter_map(|r| record(r, now, &policy))
            .collect();
        self.link_reissues(&mut records).await?;
        Ok(records)
    }

    /// How many records match a filter, all pages together.
    pub async fn count_dispatches(&self, filter: &Filter, now: i64) -> Result<i64, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM dispatches {WHERE}");
        // Constant text; every value is bound.
        Ok(bind_filter!(
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)),
            Bound::of(filter, now)
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// How many records match a filter, counting no further than `cap`: a page says
    /// "more than 10,000" rather than scan ten million rows to say how many more
    /// (`docs/scale.md`).
    pub async fn count_dispatches_upto(
        &self,
        filter: &Filter,
        now: i64,
        cap: i64,
    ) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM dispatches {WHERE} LIMIT $14) AS matching"
        );
        // Constant text; every value is bound.
        Ok(bind_filter!(
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)),
            Bound::of(filter, now)
        )
        .bind(cap)
        .fetch_one(&self.pool)
        .await?)
    }
}

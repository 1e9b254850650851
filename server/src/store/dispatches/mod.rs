//! Dispatch records: the facts only the server holds (full NIK, applicant's phone), and
//! a projection of each dispatch's derived status for listing and filtering.
//!
//! A record is created at issuance; its Issue op is *published* into the desa document
//! afterwards, once the slow NIK check value is computed (see `issuance::publish`). Until
//! then it is "issued" on the server but not yet visible to the desa.
//!
//! Issuing (each document at most once on its way) is in `issue`; which records a list
//! shows, and the filters as people type them, in `filter` ([`Filter`], [`FilterQuery`]).

use antar_shared::doc::{DispatchId, OpBody, Policy, Reissue, Status};
use antar_shared::kind::DocumentKind;
use antar_shared::nik::{Nik, NikCheck};
use antar_shared::region::VillageCode;
use antar_shared::text::{DocNumber, PersonName};
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;
use serde::Serialize;

use super::document::WriteError;
use super::{Backend, Store, StoreError};

mod filter;
mod issue;
mod list;

pub use filter::{Filter, FilterError, FilterQuery, FlagFilter, MAX_PAGE, Search};
pub use issue::{IssueReport, Issuing, OnExisting, Replaced};

/// A validated dispatch waiting to be stored.
#[derive(Clone, Debug)]
pub struct NewDispatch {
    /// What document.
    pub kind: DocumentKind,
    /// Its number.
    pub number: DocNumber,
    /// The holder.
    pub holder: PersonName,
    /// The holder's NIK (kept on the server only).
    pub nik: Nik,
    /// Where it goes.
    pub desa: VillageCode,
    /// The applicant's WhatsApp number, `62…` (kept on the server only).
    pub phone: Option<String>,
}

/// A stored dispatch record with its projected status.
#[derive(Clone, Debug, Serialize)]
pub struct DispatchRecord {
    /// Row id.
    #[serde(skip)]
    pub id: i64,
    /// Public tracking code.
    pub tracking_code: TrackingCode,
    /// Destination desa.
    pub desa_code: VillageCode,
    /// Its kecamatan.
    pub kecamatan_code: String,
    /// Kind.
    pub kind: DocumentKind,
    /// Document number (masked when it is the NIK: KTP-el, KIA).
    pub number: String,
    /// Holder's name.
    pub holder_name: String,
    /// Holder's NIK, masked.
    pub nik_masked: String,
    /// Full NIK (server only; never serialised).
    #[serde(skip)]
    pub nik: String,
    /// Applicant's phone (server only; never serialised).
    #[serde(skip)]
    pub phone: Option<String>,
    /// Its id in the desa document, once published.
    #[serde(skip)]
    pub dispatch_id: Option<DispatchId>,
    /// Whether the desa can see it yet.
    pub published: bool,
    /// Derived status.
    pub status: Status,
    /// Concurrent facts disagree.
    pub conflict: bool,
    /// On the road too long, or reported missing.
    pub missing: bool,
    /// Unclaimed at the desa too long.
    pub aging: bool,
    /// Arrived damaged.
    pub damaged: bool,
    /// A reprint of this earlier, closed dispatch of the same document (a lost KTP-el
    /// printed again).
    pub reprint_of: Option<TrackingCode>,
    /// Replaces this earlier dispatch, recalled when this one was issued.
    pub replaces: Option<TrackingCode>,
    /// A later dispatch that reprints this one or replaces it (the newest, if several).
    pub reissued_as: Option<TrackingCode>,
    /// When it first arrived at the desa (the device's time of the first receipt), if it
    /// did.
    pub arrived_at: Option<i64>,
    /// When it was issued (server time).
    pub created_at: i64,
    /// Last change (server time).
    pub updated_at: i64,
}

/// A row of `dispatches` as selected by `SELECT_RECORD`.
#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    tracking: i64,
    desa_code: String,
    kecamatan_code: String,
    kind: String,
    number: String,
    holder_name: String,
    nik: String,
    applicant_phone: Option<String>,
    issue_actor: Option<i64>,
    issue_counter: Option<i64>,
    status: String,
    conflict: i64,
    damaged: i64,
    reported_missing: i64,
    first_trip_at: Option<i64>,
    arrived_at: Option<i64>,
    reissue_of: Option<i64>,
    reissue_kind: Option<String>,
    created_at: i64,
    updated_at: i64,
}

/// The columns `RecordRow` reads, from `dispatches` (unaliased).
const RECORD_COLUMNS: &str = "id, tracking, desa_code, kecamatan_code, kind, number, holder_name, nik, applicant_phone, \
     issue_actor, issue_counter, status, conflict, damaged, reported_missing, first_trip_at, arrived_at, \
     reissue_of, reissue_kind, created_at, updated_at";

/// A tracking code from its integer column.
fn code_column(bits: Option<i64>) -> Option<TrackingCode> {
    TrackingCode::from_bits(u64::try_from(bits?).ok()?).ok()
}

fn record(row: RecordRow, now: i64, policy: &Policy) -> Option<DispatchRecord> {
    let RecordRow {
        id,
        tracking,
        desa_code: desa,
        kecamatan_code,
        kind,
        number,
        holder_name,
        nik,
        applicant_phone: phone,
        issue_actor,
        issue_counter,
        status,
        conflict,
        damaged,
        reported_missing,
        first_trip_at,
        arrived_at,
        reissue_of,
        reissue_kind,
        created_at,
        updated_at,
    } = row;
    let status = Status::parse(&status)?;
    let earlier = code_column(reissue_of);
    let (reprint_of, replaces) = match reissue_kind.as_deref() {
        Some(REPLACES) => (None, earlier),
        _ => (earlier, None),
    };
    let tracking_code = TrackingCode::from_bits(u64::try_from(tracking).ok()?).ok()?;
    // Published once its Issue op is in the desa document.
    let dispatch_id = match (issue_actor, issue_counter) {
        (Some(_), Some(_)) => Some(DispatchId(tracking_code)),
        _ => None,
    };
    let days = |since: Option<i64>| since.map(|t| UnixTime(t).days_until(UnixTime(now)));
    let missing = reported_missing != 0
        || (status == Status::InTransit
            && days(first_trip_at).is_some_and(|d| d >= policy.missing_after_days));
    let aging =
        status == Status::AtDesa && days(arrived_at).is_some_and(|d| d >= policy.aging_after_days);
    let nik_masked = Nik::parse(&nik).map(|n| n.masked()).unwrap_or_default();
    let kind = DocumentKind::parse(&kind).ok()?;
    Some(DispatchRecord {
        id,
        tracking_code,
        desa_code: VillageCode::parse(&desa).ok()?,
        kecamatan_code,
        kind,
        // A KTP-el's or KIA's number is the NIK: every screen, file and answer made
        // from a record shows it masked. The full number stays in its column.
        number: kind.shown_number(&number),
        holder_name,
        nik_masked,
        nik,
        phone,
        published: dispatch_id.is_some(),
        dispatch_id,
        status,
        conflict: conflict != 0,
        missing,
        aging,
        damaged: damaged != 0,
        reprint_of,
        replaces,
        // Filled by `Store::link_reissues`.
        reissued_as: None,
        arrived_at,
        created_at,
        updated_at,
    })
}

/// A published dispatch waiting for its Issue op.
#[derive(Clone, Debug)]
pub struct PendingIssue {
    /// Row id.
    pub id: i64,
    /// The record.
    pub tracking: TrackingCode,
    /// Destination.
    pub desa: VillageCode,
    /// The header fields.
    pub kind: DocumentKind,
    /// Number.
    pub number: DocNumber,
    /// Holder.
    pub holder: PersonName,
    /// Full NIK, to compute the check value.
    pub nik: Nik,
    /// An earlier dispatch of the same document, if any.
    pub reissue: Option<Reissue>,
}

/// The columns a [`PendingIssue`] is read from.
const PENDING_COLUMNS: &str =
    "id, tracking, desa_code, kind, number, holder_name, nik, reissue_of, reissue_kind";

/// A row of [`PENDING_COLUMNS`].
#[derive(Debug, sqlx::FromRow)]
struct PendingRow {
    id: i64,
    tracking: i64,
    desa_code: String,
    kind: String,
    number: String,
    holder_name: String,
    nik: String,
    reissue_of: Option<i64>,
    reissue_kind: Option<String>,
}

impl PendingRow {
    /// The record, or `None` for a row that no longer parses (left for an operator).
    fn into_pending(self) -> Option<PendingIssue> {
        let earlier = self
            .reissue_of
            .and_then(|e| u64::try_from(e).ok())
            .and_then(|e| TrackingCode::from_bits(e).ok());
        let reissue = match (earlier, self.reissue_kind.as_deref()) {
            (Some(code), Some(REPLACES)) => Some(Reissue::Replaces(code)),
            (Some(code), _) => Some(Reissue::Reprint(code)),
            (None, _) => None,
        };
        Some(PendingIssue {
            reissue,
            id: self.id,
            tracking: TrackingCode::from_bits(u64::try_from(self.tracking).ok()?).ok()?,
            desa: VillageCode::parse(&self.desa_code).ok()?,
            kind: DocumentKind::parse(&self.kind).ok()?,
            number: DocNumber::parse(&self.number).ok()?,
            holder: PersonName::parse(&self.holder_name).ok()?,
            nik: Nik::parse(&self.nik).ok()?,
        })
    }
}

/// `reissue_kind` of a reprint: the earlier dispatch of the document had closed.
pub const REPRINT: &str = "reprint";
/// `reissue_kind` of a replacement: the earlier dispatch was open and was recalled.
pub const REPLACES: &str = "replaces";

/// Whether a dispatch is still on its way: not handed over, returned or recalled.
pub fn is_open(status: Status) -> bool {
    !matches!(
        status,
        Status::HandedOver | Status::Returned | Status::Recalled
    )
}

/// An earlier dispatch of the same document (kind and number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Earlier {
    /// Its tracking code.
    pub tracking_code: TrackingCode,
    /// Its status (as the server knows it).
    pub status: Status,
    /// A record rebuilt from an Issue op a device handed back after a restore: the
    /// NIK and phone were lost with the newer rows, and a re-imported row fills them in.
    pub incomplete: bool,
}

/// What the store already holds of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Precedent {
    /// Its open dispatches, newest first (at most one, unless issued twice before
    /// duplicates were refused).
    pub open: Vec<Earlier>,
    /// Its newest closed dispatch.
    pub closed: Option<Earlier>,
    /// A record handed back after a restore that this item completed (NIK and phone).
    pub completed: Option<TrackingCode>,
}

impl Precedent {
    /// The earlier dispatch a new one would be a reprint of: the newest closed one,
    /// when none is open.
    pub fn reprint_of(&self) -> Option<TrackingCode> {
        match (self.open.is_empty(), self.closed) {
            (true, Some(earlier)) => Some(earlier.tracking_code),
            _ => None,
        }
    }
}

impl Store {
    /// Records whose Issue op is not yet in their desa document, oldest first.
    pub async fn pending_issues(
        &self,
        desa: Option<VillageCode>,
        limit: i64,
    ) -> Result<Vec<PendingIssue>, StoreError> {
        let rows: Vec<PendingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PENDING_COLUMNS} FROM dispatches \
             WHERE issue_actor IS NULL AND (CAST($1 AS TEXT) IS NULL OR desa_code = $1) ORDER BY id LIMIT $2"
        )))
        .bind(desa.map(|d| d.to_string()))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(PendingRow::into_pending)
            .collect())
    }

    /// Claims up to `limit` unpublished records that no other publisher holds, until
    /// `until` (a lease: a process that dies holding it leaves it to expire), oldest
    /// first. On PostgreSQL rows another process is claiming are skipped (`FOR UPDATE
    /// SKIP LOCKED`), so several processes share the work instead of waiting on it.
    pub async fn claim_pending_issues(
        &self,
        limit: i64,
        now: i64,
        until: i64,
    ) -> Result<Vec<PendingIssue>, StoreError> {
        let free = "issue_actor IS NULL AND (publish_claim IS NULL OR publish_claim < $2)";
        let sql = match self.backend {
            // Rows another transaction is claiming are skipped, not waited for. The
            // pick is a materialised CTE: as an `IN (subquery)` PostgreSQL may run the
            // subquery more than once and claim more than `limit` rows (measured).
            Backend::Postgres => format!(
                "WITH picked AS MATERIALIZED (SELECT id AS picked_id FROM dispatches \
                 WHERE {free} ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
                 UPDATE dispatches SET publish_claim = $1 FROM picked WHERE id = picked_id \
                 RETURNING {PENDING_COLUMNS}"
            ),
            // One writer at a time: the statement is atomic as it stands.
            Backend::Sqlite => format!(
                "UPDATE dispatches SET publish_claim = $1 WHERE id IN \
                 (SELECT id FROM dispatches WHERE {free} ORDER BY id LIMIT $3) \
                 RETURNING {PENDING_COLUMNS}"
            ),
        };
        let _lane = self.write_lane().await;
        let rows: Vec<PendingRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(until)
            .bind(now)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        let mut pending: Vec<PendingIssue> = rows
            .into_iter()
            .filter_map(PendingRow::into_pending)
            .collect();
        pending.sort_by_key(|p| p.id);
        Ok(pending)
    }

    /// Writes a record's Issue op into its desa document. `Ok(false)` if another
    /// process published it first (nothing is written then).
    pub async fn publish_issue(
        &self,
        pending: &PendingIssue,
        nik_check: NikCheck,
        now: i64,
    ) -> Result<bool, WriteError> {
        let mut writer = self.write_document(pending.desa, now).await?;
        let published: Option<i64> =
            sqlx::query_scalar("SELECT issue_actor FROM dispatches WHERE id = $1")
                .bind(pending.id)
                .fetch_one(&mut **writer.tx())
                .await?;
        if published.is_some() {
            return Ok(false);
        }
        let issue = antar_shared::doc::Issue {
            tracking: pending.tracking,
            kind: pending.kind,
            // A KTP-el's or KIA's number is the NIK: the desa gets the word, not digits.
            number: pending.kind.replicated_number(&pending.number),
            holder: pending.holder.clone(),
            nik_check,
            reissue: pending.reissue,
        };
        // Committing links the record to its Issue op (see `DocWriter::commit`).
        writer.author(now, OpBody::Issue(issue)).await?;
        writer.commit().await?;
        Ok(true)
    }

    /// A record by tracking code.
    pub async fn dispatch_by_tracking(
        &self,
        code: TrackingCode,
        now: i64,
    ) -> Result<Option<DispatchRecord>, StoreError> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM dispatches WHERE tracking = $1");
        // The text is constant apart from the column list above; every value is bound.
        let row: Option<RecordRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(i64::try_from(code.bits()).unwrap_or_default())
            .fetch_optional(&self.pool)
            .await?;
        let mut records: Vec<DispatchRecord> = row
            .and_then(|r| record(r, now, &Policy::default()))
            .into_iter()
            .collect();
        self.link_reissues(&mut records).await?;
        Ok(records.pop())
    }

    /// The records a condition on one bound number selects (`batch_id = $1 ORDER BY id`),
    /// for the modules beside this one.
    pub(in crate::store) async fn records_where(
        &self,
        condition: &'static str,
        value: i64,
        now: i64,
        policy: &Policy,
    ) -> Result<Vec<DispatchRecord>, StoreError> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM dispatches WHERE {condition}");
        // The text is constant: the column list and a condition written in this crate.
        let rows: Vec<RecordRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .fetch_all(&self.pool)
            .await?;
        let mut records: Vec<DispatchRecord> = rows
            .into_iter()
            .filter_map(|r| record(r, now, policy))
            .collect();
        self.link_reissues(&mut records).await?;
        Ok(records)
    }

    /// Fills each record's `reissued_as`: the newest dispatch that reprints or
    /// replaces it (one indexed query per 500 records, after the page is chosen).
    async fn link_reissues(&self, records: &mut [DispatchRecord]) -> Result<(), StoreError> {
        const CHUNK: usize = 500;
        let mut later: std::collections::HashMap<i64, (i64, i64)> = Default::default();
        for chunk in records.chunks(CHUNK) {
            let mut sql = String::from(
                "SELECT reissue_of, id, tracking FROM dispatches WHERE reissue_of IN (",
            );
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("${}", i + 1));
            }
            sql.push(')');
            // The text is built from placeholders only; every value is bound.
            let mut query = sqlx::query_as::<_, (i64, i64, i64)>(sqlx::AssertSqlSafe(sql));
            for r in chunk {
                query = query.bind(i64::try_from(r.tracking_code.bits()).unwrap_or_default());
            }
            for (earlier, id, tracking) in query.fetch_all(&self.pool).await? {
                let newest = later.entry(earlier).or_insert((id, tracking));
                if id > newest.0 {
                    *newest = (id, tracking);
                }
            }
        }
        for r in records.iter_mut() {
            let bits = i64::try_from(r.tracking_code.bits()).unwrap_or_default();
            r.reissued_as = later.get(&bits).and_then(|(_, t)| code_column(Some(*t)));
        }
        Ok(())
    }
}

//! Dispatch records: the facts only the server holds (full NIK, applicant's phone), and
//! a projection of each dispatch's derived status for listing and filtering.
//!
//! A record is created at issuance; its Issue op is *published* into the desa document
//! afterwards, once the slow NIK check value is computed (see `issuance::publish`). Until
//! then it is "issued" on the server but not yet visible to the desa.

use antar_shared::doc::{ActorId, DispatchId, OpBody, OpId, Policy, Status};
use antar_shared::kind::DocumentKind;
use antar_shared::nik::{Nik, NikCheck};
use antar_shared::region::VillageCode;
use antar_shared::text::{DocNumber, PersonName};
use antar_shared::time::{DAY, UnixTime};
use antar_shared::tracking::TrackingCode;
use serde::Serialize;

use super::document::WriteError;
use super::{Store, StoreError};

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
    /// Document number.
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
    created_at: i64,
    updated_at: i64,
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
        created_at,
        updated_at,
    } = row;
    let status = Status::parse(&status)?;
    let dispatch_id = match (issue_actor, issue_counter) {
        (Some(a), Some(c)) => Some(DispatchId(OpId {
            actor: ActorId(u32::try_from(a).ok()?),
            counter: u64::try_from(c).ok()?,
        })),
        _ => None,
    };
    let days = |since: Option<i64>| since.map(|t| UnixTime(t).days_until(UnixTime(now)));
    let missing = reported_missing != 0
        || (status == Status::InTransit
            && days(first_trip_at).is_some_and(|d| d >= policy.missing_after_days));
    let aging =
        status == Status::AtDesa && days(arrived_at).is_some_and(|d| d >= policy.aging_after_days);
    let nik_masked = Nik::parse(&nik).map(|n| n.masked()).unwrap_or_default();
    Some(DispatchRecord {
        id,
        tracking_code: TrackingCode::from_bits(u64::try_from(tracking).ok()?).ok()?,
        desa_code: VillageCode::parse(&desa).ok()?,
        kecamatan_code,
        kind: DocumentKind::parse(&kind).ok()?,
        number,
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
        created_at,
        updated_at,
    })
}

/// Filters for listing dispatches.
#[derive(Clone, Debug, Default)]
pub struct DispatchFilter {
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
    /// Page size.
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
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
    fn code(self) -> &'static str {
        match self {
            FlagFilter::Missing => "missing",
            FlagFilter::Aging => "aging",
            FlagFilter::Damaged => "damaged",
        }
    }
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
}

impl Store {
    /// Stores validated dispatches in one transaction and returns their new tracking
    /// codes, in order. All or nothing.
    pub async fn insert_dispatches(
        &self,
        items: &[NewDispatch],
        now: i64,
    ) -> Result<Vec<TrackingCode>, StoreError> {
        // Rows per INSERT statement (9 parameters each, far below both backends' limits).
        // PostgreSQL gains most from fewer round trips; SQLite (in-process) binds many
        // parameters more slowly, and is fastest with smaller statements (measured with
        // the `sync_load` example).
        let chunk_rows = match self.backend {
            super::Backend::Sqlite => 50,
            super::Backend::Postgres => 500,
        };
        let _lane = self.write_lane().await;
        let mut tx = self.pool.begin().await?;
        let mut codes: Vec<Option<TrackingCode>> = vec![None; items.len()];
        for (chunk_index, chunk) in items.chunks(chunk_rows).enumerate() {
            // Rows still without a stored code (a random code may, very rarely, collide).
            let mut todo: Vec<usize> = (0..chunk.len()).collect();
            while !todo.is_empty() {
                let fresh: Vec<TrackingCode> = todo
                    .iter()
                    .map(|_| {
                        TrackingCode::generate()
                            .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))
                    })
                    .collect::<Result<_, _>>()?;
                let mut sql = String::from(
                    "INSERT INTO dispatches (tracking, desa_code, kecamatan_code, kind, number, holder_name, nik, \
                     applicant_phone, status, created_at, updated_at) VALUES ",
                );
                for (row, _) in todo.iter().enumerate() {
                    let p = row * 9;
                    if row > 0 {
                        sql.push(',');
                    }
                    sql.push_str(&format!(
                        "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, 'issued', ${}, ${})",
                        p + 1,
                        p + 2,
                        p + 3,
                        p + 4,
                        p + 5,
                        p + 6,
                        p + 7,
                        p + 8,
                        p + 9,
                        p + 9
                    ));
                }
                sql.push_str(" ON CONFLICT (tracking) DO NOTHING RETURNING tracking");
                // The text is built from placeholders only; every value is bound.
                let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
                for (k, code) in todo.iter().zip(&fresh) {
                    let item = &chunk[*k];
                    query = query
                        .bind(i64::try_from(code.bits()).unwrap_or_default())
                        .bind(item.desa.to_string())
                        .bind(item.desa.district().to_string())
                        .bind(item.kind.code())
                        .bind(item.number.as_str().to_owned())
                        .bind(item.holder.as_str().to_owned())
                        .bind(item.nik.expose().to_owned())
                        .bind(item.phone.clone())
                        .bind(now);
                }
                let stored: std::collections::HashSet<i64> =
                    query.fetch_all(&mut *tx).await?.into_iter().collect();
                let mut retry = Vec::new();
                for (k, code) in todo.iter().zip(fresh) {
                    if stored.contains(&i64::try_from(code.bits()).unwrap_or_default()) {
                        codes[chunk_index * chunk_rows + k] = Some(code);
                    } else {
                        retry.push(*k);
                    }
                }
                todo = retry;
            }
        }
        tx.commit().await?;
        Ok(codes.into_iter().flatten().collect())
    }

    /// Records whose Issue op is not yet in their desa document, oldest first.
    pub async fn pending_issues(
        &self,
        desa: Option<VillageCode>,
        limit: i64,
    ) -> Result<Vec<PendingIssue>, StoreError> {
        let rows: Vec<(i64, i64, String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, tracking, desa_code, kind, number, holder_name, nik FROM dispatches \
             WHERE issue_actor IS NULL AND (CAST($1 AS TEXT) IS NULL OR desa_code = $1) ORDER BY id LIMIT $2",
        )
        .bind(desa.map(|d| d.to_string()))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, tracking, desa, kind, number, holder, nik)| {
                Some(PendingIssue {
                    id,
                    tracking: TrackingCode::from_bits(u64::try_from(tracking).ok()?).ok()?,
                    desa: VillageCode::parse(&desa).ok()?,
                    kind: DocumentKind::parse(&kind).ok()?,
                    number: DocNumber::parse(&number).ok()?,
                    holder: PersonName::parse(&holder).ok()?,
                    nik: Nik::parse(&nik).ok()?,
                })
            })
            .collect())
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
            number: pending.number.clone(),
            holder: pending.holder.clone(),
            nik_tail: pending.nik.tail(),
            nik_check,
        };
        let op = writer.author(now, OpBody::Issue(issue)).await?;
        let (actor, counter) = super::document::id_columns(op.id());
        sqlx::query("UPDATE dispatches SET issue_actor = $1, issue_counter = $2, updated_at = $3 WHERE id = $4")
            .bind(actor)
            .bind(counter)
            .bind(now)
            .bind(pending.id)
            .execute(&mut **writer.tx())
            .await?;
        writer.commit().await?;
        Ok(true)
    }

    /// A record by tracking code.
    pub async fn dispatch_by_tracking(
        &self,
        code: TrackingCode,
        now: i64,
    ) -> Result<Option<DispatchRecord>, StoreError> {
        let sql = "SELECT id, tracking, desa_code, kecamatan_code, kind, number, holder_name, nik, applicant_phone, \
             issue_actor, issue_counter, status, conflict, damaged, reported_missing, first_trip_at, arrived_at, created_at, updated_at \
             FROM dispatches WHERE tracking = $1";
        let row: Option<RecordRow> = sqlx::query_as(sql)
            .bind(i64::try_from(code.bits()).unwrap_or_default())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|r| record(r, now, &Policy::default())))
    }

    /// Records matching a filter, newest first.
    pub async fn list_dispatches(
        &self,
        filter: &DispatchFilter,
        now: i64,
    ) -> Result<Vec<DispatchRecord>, StoreError> {
        let policy = Policy::default();
        let max_created = filter
            .min_age_days
            .map(|d| now.saturating_sub(d.saturating_mul(DAY)));
        let rows: Vec<RecordRow> = sqlx::query_as(
            "SELECT id, tracking, desa_code, kecamatan_code, kind, number, holder_name, nik, applicant_phone, \
             issue_actor, issue_counter, status, conflict, damaged, reported_missing, first_trip_at, arrived_at, created_at, updated_at \
             FROM dispatches WHERE (CAST($1 AS TEXT) IS NULL OR desa_code = $1) \
             AND (CAST($2 AS TEXT) IS NULL OR kecamatan_code = $2) \
             AND (CAST($3 AS TEXT) IS NULL OR status = $3) \
             AND (CAST($4 AS TEXT) IS NULL OR kind = $4) \
             AND (CAST($5 AS BIGINT) IS NULL OR created_at <= $5) \
             AND ($6 = 0 OR conflict = 1) \
             AND (CAST($9 AS TEXT) IS NULL \
                  OR ($9 = 'missing' AND (reported_missing = 1 OR (status = 'in_transit' AND first_trip_at <= $10))) \
                  OR ($9 = 'aging' AND status = 'at_desa' AND arrived_at <= $11) \
                  OR ($9 = 'damaged' AND damaged = 1)) \
             ORDER BY created_at DESC, id DESC LIMIT $7 OFFSET $8",
        )
        .bind(filter.desa.map(|d| d.to_string()))
        .bind(filter.kecamatan.clone())
        .bind(filter.status.map(|s| s.code()))
        .bind(filter.kind.map(|k| k.code()))
        .bind(max_created)
        .bind(i64::from(filter.conflict_only))
        .bind(filter.limit)
        .bind(filter.offset)
        .bind(filter.flag.map(FlagFilter::code))
        .bind(now.saturating_sub(policy.missing_after_days.saturating_mul(DAY)))
        .bind(now.saturating_sub(policy.aging_after_days.saturating_mul(DAY)))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| record(r, now, &policy))
            .collect())
    }
}

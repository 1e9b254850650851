//! Issuing: storing new dispatch records, one document (kind and number) at most once
//! on its way. The check for an earlier dispatch of each document and the insert happen
//! in one transaction under the issuing lock.

use antar_shared::doc::{DispatchId, OpBody, Reissue, Status};
use antar_shared::region::VillageCode;
use antar_shared::text::Reason;
use antar_shared::tracking::TrackingCode;
use sqlx::AnyConnection;

use super::{Earlier, NewDispatch, Precedent, REPLACES, REPRINT, code_column, is_open};
use crate::store::document::WriteError;
use crate::store::{Backend, Store, StoreError};

/// The key of the PostgreSQL advisory lock that serializes issuing ("antar" + 1): the
/// check for an open dispatch of a document and the insert of a new one happen under
/// it, so two imports at once cannot both issue the same document. (On SQLite the
/// write lane and an immediate transaction do the same.)
const ISSUE_LOCK: i64 = 0x616e_7461_7201;

/// What to do with a document that already has an open dispatch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnExisting {
    /// Store nothing at all (the default: all or nothing).
    #[default]
    Refuse,
    /// Store the other items; leave these out.
    Skip,
}

/// What issuing a batch did, item by item (in the order given).
#[derive(Clone, Debug, Default)]
pub struct IssueReport {
    /// What the store held of each item's document, checked under the issuing lock.
    pub precedents: Vec<Precedent>,
    /// Each item's new tracking code; `None` when it was not stored.
    pub codes: Vec<Option<TrackingCode>>,
}

impl IssueReport {
    /// Items whose document has an open dispatch: index and that dispatch (newest).
    pub fn existing(&self) -> impl Iterator<Item = (usize, Earlier)> + '_ {
        self.precedents
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.open.first().map(|e| (i, *e)))
    }

    /// How many items were stored.
    pub fn stored(&self) -> usize {
        self.codes.iter().flatten().count()
    }
}

/// The outcome of issuing a replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Replaced {
    /// The old dispatch was recalled and the new one issued with this code.
    Issued(TrackingCode),
    /// Nothing was done: the new document has another open dispatch (not the replaced one).
    OtherOpen(Vec<Earlier>),
}

/// Takes the issuing lock inside a transaction (PostgreSQL; SQLite serializes writers
/// otherwise).
async fn lock_issuing(conn: &mut AnyConnection, backend: Backend) -> Result<(), sqlx::Error> {
    if backend == Backend::Postgres {
        // Counted, so the driver decodes a number and not `void`.
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock($1)) AS issuing",
        )
        .bind(ISSUE_LOCK)
        .fetch_one(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A KTP-el or KIA rebuilt from its Issue op (after a restore) holds the word `NIK`
/// where its number was: the same holder's card for the same desa is that record, to
/// be completed like any rebuilt one.
async fn rebuilt_nik_cards(
    conn: &mut AnyConnection,
    items: &[NewDispatch],
    found: &mut std::collections::HashMap<(String, String), Vec<(i64, Earlier)>>,
) -> Result<(), sqlx::Error> {
    for item in items.iter().filter(|i| i.kind.number_is_nik()) {
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, tracking, status FROM dispatches WHERE kind = $1 AND number = 'NIK' \
             AND nik = '' AND desa_code = $2 AND holder_name = $3",
        )
        .bind(item.kind.code())
        .bind(item.desa.to_string())
        .bind(item.holder.as_str())
        .fetch_all(&mut *conn)
        .await?;
        for (id, tracking, status) in rows {
            if let (Some(tracking_code), Some(status)) =
                (code_column(Some(tracking)), Status::parse(&status))
            {
                let key = (item.kind.code().to_owned(), item.number.as_str().to_owned());
                found.entry(key).or_default().push((
                    id,
                    Earlier {
                        tracking_code,
                        status,
                        incomplete: true,
                    },
                ));
            }
        }
    }
    Ok(())
}

/// What the database holds of each item's document (kind and number), in item order.
async fn precedents_in(
    conn: &mut AnyConnection,
    items: &[NewDispatch],
) -> Result<Vec<Precedent>, sqlx::Error> {
    use std::collections::HashMap;
    // Numbers per statement: far below SQLite's and PostgreSQL's parameter limits.
    const CHUNK: usize = 500;
    let mut by_kind: HashMap<&'static str, Vec<&str>> = HashMap::new();
    for item in items {
        by_kind
            .entry(item.kind.code())
            .or_default()
            .push(item.number.as_str());
    }
    // (kind, number) → rows (id, tracking, status), newest first after sorting.
    let mut found: HashMap<(String, String), Vec<(i64, Earlier)>> = HashMap::new();
    for (kind, numbers) in by_kind {
        for chunk in numbers.chunks(CHUNK) {
            let mut sql = String::from(
                "SELECT id, tracking, number, status, nik FROM dispatches WHERE kind = $1 AND number IN (",
            );
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("${}", i + 2));
            }
            sql.push(')');
            // The text is built from placeholders only; every value is bound. Not kept
            // prepared: each count of numbers is a new text, and a large import's parts
            // filled the connection's statement cache with ~17 MB of them.
            let mut query =
                sqlx::query_as::<_, (i64, i64, String, String, String)>(sqlx::AssertSqlSafe(sql))
                    .persistent(false)
                    .bind(kind);
            for number in chunk {
                query = query.bind(*number);
            }
            for (id, tracking, number, status, nik) in query.fetch_all(&mut *conn).await? {
                let (Some(tracking_code), Some(status)) =
                    (code_column(Some(tracking)), Status::parse(&status))
                else {
                    continue;
                };
                found.entry((kind.to_owned(), number)).or_default().push((
                    id,
                    Earlier {
                        tracking_code,
                        status,
                        incomplete: nik.is_empty(),
                    },
                ));
            }
        }
    }
    rebuilt_nik_cards(conn, items, &mut found).await?;
    Ok(items
        .iter()
        .map(|item| {
            let key = (item.kind.code().to_owned(), item.number.as_str().to_owned());
            let mut rows = found.get(&key).cloned().unwrap_or_default();
            rows.sort_by_key(|row| std::cmp::Reverse(row.0));
            Precedent {
                open: rows
                    .iter()
                    .filter(|(_, e)| is_open(e.status))
                    .map(|(_, e)| *e)
                    .collect(),
                closed: rows
                    .iter()
                    .find(|(_, e)| !is_open(e.status))
                    .map(|(_, e)| *e),
                completed: None,
            }
        })
        .collect())
}

/// Inserts records (each with the earlier dispatch it reissues, if any) and returns
/// their new tracking codes, in order.
async fn insert_rows(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[(&NewDispatch, Option<Reissue>)],
    now: i64,
) -> Result<Vec<TrackingCode>, StoreError> {
    // Rows per INSERT statement (11 parameters each, far below both backends' limits).
    // PostgreSQL gains most from fewer round trips; SQLite (in-process) binds many
    // parameters more slowly, and is fastest with smaller statements (measured with
    // the load example that `antar-bench import` replaced).
    const PARAMS: usize = 11;
    let chunk_rows = match backend {
        Backend::Sqlite => 50,
        Backend::Postgres => 500,
    };
    let mut codes: Vec<Option<TrackingCode>> = vec![None; rows.len()];
    for (chunk_index, chunk) in rows.chunks(chunk_rows).enumerate() {
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
                 applicant_phone, reissue_of, reissue_kind, status, created_at, updated_at) VALUES ",
            );
            for (row, _) in todo.iter().enumerate() {
                let p = row * PARAMS;
                if row > 0 {
                    sql.push(',');
                }
                sql.push('(');
                for k in 1..PARAMS {
                    sql.push_str(&format!("${}, ", p + k));
                }
                sql.push_str(&format!("'issued', ${0}, ${0})", p + PARAMS));
            }
            sql.push_str(" ON CONFLICT (tracking) DO NOTHING RETURNING tracking");
            // The text is built from placeholders only; every value is bound. Only a
            // full chunk's text (the same every time) is kept prepared: the short last
            // chunks would fill the connection's statement cache (see `precedents_in`).
            let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                .persistent(todo.len() == chunk_rows);
            for (k, code) in todo.iter().zip(&fresh) {
                let (item, reissue) = &chunk[*k];
                let (earlier, how) = match reissue {
                    Some(Reissue::Reprint(code)) => (Some(code), Some(REPRINT)),
                    Some(Reissue::Replaces(code)) => (Some(code), Some(REPLACES)),
                    None => (None, None),
                };
                query = query
                    .bind(i64::try_from(code.bits()).unwrap_or_default())
                    .bind(item.desa.to_string())
                    .bind(item.desa.district().to_string())
                    .bind(item.kind.code())
                    .bind(item.number.as_str().to_owned())
                    .bind(item.holder.as_str().to_owned())
                    .bind(item.nik.expose().to_owned())
                    .bind(item.phone.clone())
                    .bind(earlier.map(|c| i64::try_from(c.bits()).unwrap_or_default()))
                    .bind(how)
                    .bind(now);
            }
            let stored: std::collections::HashSet<i64> =
                query.fetch_all(&mut *conn).await?.into_iter().collect();
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
    Ok(codes.into_iter().flatten().collect())
}

impl Store {
    /// Stores validated dispatches in one transaction and returns their new tracking
    /// codes, in order. All or nothing. This is the raw insert, for seeding and load
    /// tests: it does not look for earlier dispatches of the same documents. People's
    /// imports and issues go through [`Store::issue_dispatches`].
    pub async fn insert_dispatches(
        &self,
        items: &[NewDispatch],
        now: i64,
    ) -> Result<Vec<TrackingCode>, StoreError> {
        let _lane = self.write_lane().await;
        let mut tx = self.pool.begin().await?;
        let rows: Vec<_> = items.iter().map(|item| (item, None)).collect();
        let codes = insert_rows(&mut tx, self.backend, &rows, now).await?;
        tx.commit().await?;
        Ok(codes)
    }

    /// What the store holds of each item's document, in item order: for a preview or
    /// a dry run (nothing is locked; [`Store::issue_dispatches`] checks again).
    pub async fn precedents(&self, items: &[NewDispatch]) -> Result<Vec<Precedent>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(precedents_in(&mut conn, items).await?)
    }

    /// Issues validated dispatches: a document (kind and number) that already has an
    /// open dispatch is not issued again; with [`OnExisting::Refuse`] nothing at all is
    /// stored then. A document whose earlier dispatches are all closed is issued as a
    /// reprint of the newest. The check and the insert are one transaction under the
    /// issuing lock, so two imports at once cannot both issue the same document.
    pub async fn issue_dispatches(
        &self,
        items: &[NewDispatch],
        on_existing: OnExisting,
        now: i64,
    ) -> Result<IssueReport, StoreError> {
        let mut issuing = self.begin_issuing(on_existing, now).await?;
        let report = issuing.add(items).await?;
        issuing.finish().await?;
        Ok(report)
    }

    /// Starts issuing a batch that arrives in parts (a large import read a few hundred
    /// rows at a time, so the server never holds the whole file): every part goes into
    /// one transaction under the issuing lock, all or nothing, as
    /// [`Store::issue_dispatches`] does for a batch held whole.
    pub async fn begin_issuing(
        &self,
        on_existing: OnExisting,
        now: i64,
    ) -> Result<Issuing, StoreError> {
        let lane = self.write_lane().await;
        // SQLite: take the write lock at once, so another process (a CLI import while
        // the server runs) cannot slip a dispatch in between the check and the insert.
        let mut tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        lock_issuing(&mut tx, self.backend).await?;
        Ok(Issuing {
            tx,
            _lane: lane,
            backend: self.backend,
            on_existing,
            now,
            refused: false,
        })
    }

    /// Replaces an open dispatch: recalls `old` (of desa `old_desa`) with `reason`,
    /// through the custody rules, and issues `item` marked as its replacement, in one
    /// transaction. A refused recall (the old one was already handed over or returned)
    /// issues nothing; so does another open dispatch of the new document.
    pub async fn replace_dispatch(
        &self,
        old_desa: VillageCode,
        old: DispatchId,
        reason: Reason,
        item: &NewDispatch,
        by: &str,
        now: i64,
    ) -> Result<Replaced, WriteError> {
        let mut writer = self.write_document(old_desa, now).await?;
        writer
            .author_as(
                now,
                OpBody::Recall {
                    dispatch: old,
                    reason,
                    seen: Default::default(),
                },
                by,
            )
            .await?;
        let backend = self.backend;
        let conn: &mut AnyConnection = writer.tx();
        lock_issuing(conn, backend).await?;
        let precedent = precedents_in(conn, std::slice::from_ref(item))
            .await?
            .pop()
            .unwrap_or_default();
        let others: Vec<Earlier> = precedent
            .open
            .into_iter()
            .filter(|e| e.tracking_code != old.0)
            .collect();
        if !others.is_empty() {
            // Dropping the writer rolls the recall back.
            return Ok(Replaced::OtherOpen(others));
        }
        let codes = insert_rows(
            conn,
            backend,
            &[(item, Some(Reissue::Replaces(old.0)))],
            now,
        )
        .await?;
        writer.commit().await?;
        codes
            .into_iter()
            .next()
            .map(Replaced::Issued)
            .ok_or(WriteError::Store(StoreError::Database(
                sqlx::Error::RowNotFound,
            )))
    }
}

/// A batch being issued in parts, in one transaction under the issuing lock (from
/// [`Store::begin_issuing`]). Dropped without [`Issuing::finish`], it stores nothing.
#[derive(Debug)]
pub struct Issuing {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    /// SQLite's write lane, held until the transaction ends.
    _lane: Option<tokio::sync::OwnedMutexGuard<()>>,
    backend: Backend,
    on_existing: OnExisting,
    now: i64,
    /// A part held a document with an open dispatch, under [`OnExisting::Refuse`]:
    /// nothing more is inserted and `finish` stores nothing.
    refused: bool,
}

impl Issuing {
    /// Issues one part (its report is item by item, in the order given). Once any part
    /// found a document already on its way under [`OnExisting::Refuse`], later parts
    /// are only checked, so the caller can name every such line.
    pub async fn add(&mut self, items: &[NewDispatch]) -> Result<IssueReport, StoreError> {
        let mut precedents = precedents_in(&mut self.tx, items).await?;
        let mut codes = vec![None; items.len()];
        // A record a device handed back after a restore lacks the NIK and phone that only
        // the lost row had: the same document, re-imported for the same desa, completes
        // it (under its own tracking code) instead of being refused as a duplicate.
        for (i, (item, precedent)) in items.iter().zip(&mut precedents).enumerate() {
            // Open, or already closed (a recovered handover): completed all the same.
            let open_at = precedent.open.iter().position(|e| e.incomplete);
            let code = match (open_at, precedent.closed) {
                (Some(at), _) => precedent.open[at].tracking_code,
                (None, Some(closed)) if closed.incomplete => closed.tracking_code,
                _ => continue,
            };
            let done = sqlx::query(
                "UPDATE dispatches SET nik = $1, applicant_phone = $2, updated_at = $3, number = $6 \
                 WHERE tracking = $4 AND nik = '' AND desa_code = $5",
            )
            .bind(item.nik.expose().to_owned())
            .bind(item.phone.clone())
            .bind(self.now)
            .bind(i64::try_from(code.bits()).unwrap_or_default())
            .bind(item.desa.to_string())
            .bind(item.number.as_str())
            .execute(&mut *self.tx)
            .await?;
            if done.rows_affected() == 1 {
                if let Some(at) = open_at {
                    precedent.open.remove(at);
                }
                precedent.completed = Some(code);
                codes[i] = Some(code);
            }
        }
        let mut report = IssueReport { codes, precedents };
        if self.on_existing == OnExisting::Refuse && report.existing().next().is_some() {
            self.refused = true;
        }
        if self.refused {
            return Ok(report);
        }
        let (indexes, rows): (Vec<usize>, Vec<_>) = items
            .iter()
            .zip(&report.precedents)
            .enumerate()
            .filter(|(_, (_, p))| p.open.is_empty() && p.completed.is_none())
            .map(|(i, (item, p))| (i, (item, p.reprint_of().map(Reissue::Reprint))))
            .unzip();
        let codes = insert_rows(&mut self.tx, self.backend, &rows, self.now).await?;
        for (i, code) in indexes.into_iter().zip(codes) {
            report.codes[i] = Some(code);
        }
        Ok(report)
    }

    /// Ends the batch: commits it, or (when a part was refused) stores nothing.
    /// Whether it was stored.
    pub async fn finish(self) -> Result<bool, StoreError> {
        if self.refused {
            self.tx.rollback().await?;
            Ok(false)
        } else {
            self.tx.commit().await?;
            Ok(true)
        }
    }
}

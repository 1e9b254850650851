//! Batches: the dispatches issued together (one import, or one dispatch issued on its
//! own), so the operator can print their residents' slips and download their codes
//! right after issuing, and find them again later.

use antar_shared::doc::Policy;
use antar_shared::tracking::TrackingCode;

use super::dispatches::DispatchRecord;
use super::{Store, StoreError};

/// One batch.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Batch {
    /// Its number.
    pub id: i64,
    /// When it was issued (Unix seconds).
    pub created_at: i64,
    /// The staff account that issued it.
    pub issued_by: String,
    /// The imported file's name; empty for a dispatch issued on its own.
    pub file: String,
    /// How many dispatches it issued.
    pub dispatches: i64,
}

/// `$first, $first+1, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

impl Store {
    /// Records the dispatches just issued as one batch, noting who issued each (shown on
    /// its Issue op in the history); one statement per 500 codes, in one transaction.
    pub async fn record_batch(
        &self,
        codes: &[TrackingCode],
        by: &str,
        file: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        const CHUNK: usize = 500;
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO batches (created_at, issued_by, file, dispatches) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(now)
        .bind(by)
        .bind(file)
        .bind(i64::try_from(codes.len()).unwrap_or(i64::MAX))
        .fetch_one(&mut *tx)
        .await?;
        for chunk in codes.chunks(CHUNK) {
            let sql = format!(
                "UPDATE dispatches SET issued_by = $1, batch_id = $2 WHERE tracking IN ({})",
                placeholders(3, chunk.len())
            );
            // The text is built from placeholders only; every value is bound.
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(by).bind(id);
            for code in chunk {
                query = query.bind(i64::try_from(code.bits()).unwrap_or_default());
            }
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// A batch by number.
    pub async fn batch(&self, id: i64) -> Result<Option<Batch>, StoreError> {
        let row: Option<(i64, i64, String, String, i64)> = sqlx::query_as(
            "SELECT id, created_at, issued_by, file, dispatches FROM batches WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(
            row.map(|(id, created_at, issued_by, file, dispatches)| Batch {
                id,
                created_at,
                issued_by,
                file,
                dispatches,
            }),
        )
    }

    /// A batch's dispatches, in the order they were issued.
    pub async fn batch_dispatches(
        &self,
        id: i64,
        now: i64,
    ) -> Result<Vec<DispatchRecord>, StoreError> {
        self.records_where("batch_id = $1 ORDER BY id", id, now, &Policy::default())
            .await
    }
}

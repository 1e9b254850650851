//! The audit log's table: append one entry at the chain's head, list entries by
//! filter, read the whole chain back for verification. What an entry means and how its
//! hash is made is `crate::audit`'s business; this module only keeps the rows.

use sqlx::Row;

use super::{Store, StoreError};

/// One entry as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    /// Its place in the chain, from 1.
    pub seq: i64,
    /// When (Unix seconds, server time).
    pub at: i64,
    /// `user`, `device`, `command` (the server's own command line) or `system`.
    pub who_kind: String,
    /// The user's or device's id, when there is one.
    pub who_id: Option<i64>,
    /// The user's or device's name (as typed, for a failed login).
    pub who_name: String,
    /// The client's address, for requests.
    pub address: Option<String>,
    /// What was done (`login`, `dispatch_recall`, …).
    pub action: String,
    /// To what (a tracking code, a manifest, a user's name, a file…).
    pub target: String,
    /// The desa concerned, if one.
    pub desa_code: Option<String>,
    /// More about it (JSON text: counts, filters, results).
    pub detail: String,
    /// The hash of the entry before (empty for the first).
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// Which entries to list.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Only this user's or device's (by name, exact).
    pub who: Option<String>,
    /// Only this action, or the actions it begins (`dispatch` for `dispatch_issue`, …).
    pub action: Option<String>,
    /// Only about this desa (dotted code).
    pub desa: Option<String>,
    /// From this time (inclusive).
    pub since: Option<i64>,
    /// Before this time (exclusive).
    pub until: Option<i64>,
    /// Only about desa in these kecamatan (a scope's [`crate::scope::Scope::joined`]);
    /// an entry about no desa is then left out.
    pub within: Option<String>,
    /// At most this many, newest first.
    pub limit: i64,
}

/// The columns, in [`AuditRow`]'s order.
const COLUMNS: &str = "seq, at, who_kind, who_id, who_name, address, action, target, desa_code, detail, prev_hash, hash";

fn from_row(row: &sqlx::any::AnyRow) -> Result<AuditRow, sqlx::Error> {
    Ok(AuditRow {
        seq: row.try_get(0)?,
        at: row.try_get(1)?,
        who_kind: row.try_get(2)?,
        who_id: row.try_get(3)?,
        who_name: row.try_get(4)?,
        address: row.try_get(5)?,
        action: row.try_get(6)?,
        target: row.try_get(7)?,
        desa_code: row.try_get(8)?,
        detail: row.try_get(9)?,
        prev_hash: row.try_get(10)?,
        hash: row.try_get(11)?,
    })
}

impl Store {
    /// Appends an entry at the chain's head. `hash` is given the entry's number and the
    /// previous hash and returns this entry's hash. Taking the next number updates
    /// the head row first, which locks it until commit, so concurrent appends (two
    /// servers on one PostgreSQL) queue instead of forking the chain.
    pub async fn append_audit(
        &self,
        mut row: AuditRow,
        hash: impl FnOnce(&AuditRow) -> String,
    ) -> Result<AuditRow, StoreError> {
        let mut tx = self.pool.begin().await?;
        let (seq, prev): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *tx)
                .await?;
        row.seq = seq;
        row.prev_hash = prev;
        row.hash = hash(&row);
        sqlx::query(
            "INSERT INTO audit (seq, at, who_kind, who_id, who_name, address, action, target, desa_code, detail, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(row.seq)
        .bind(row.at)
        .bind(&row.who_kind)
        .bind(row.who_id)
        .bind(&row.who_name)
        .bind(&row.address)
        .bind(&row.action)
        .bind(&row.target)
        .bind(&row.desa_code)
        .bind(&row.detail)
        .bind(&row.prev_hash)
        .bind(&row.hash)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&row.hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Entries matching the filter, newest first.
    pub async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit WHERE \
             (CAST($1 AS TEXT) IS NULL OR who_name = $1) \
             AND (CAST($2 AS TEXT) IS NULL OR action = $2 OR action LIKE $3 ESCAPE '\\') \
             AND (CAST($4 AS TEXT) IS NULL OR desa_code = $4) \
             AND (CAST($5 AS BIGINT) IS NULL OR at >= $5) \
             AND (CAST($6 AS BIGINT) IS NULL OR at < $6) \
             AND (CAST($8 AS TEXT) IS NULL \
                  OR (',' || $8 || ',') LIKE ('%,' || substr(desa_code, 1, 8) || ',%')) \
             ORDER BY seq DESC LIMIT $7"
        );
        // The text is constant apart from the column list above; every value is bound.
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&f.who)
            .bind(&f.action)
            .bind(f.action.as_ref().map(|a| format!("{a}\\_%")))
            .bind(&f.desa)
            .bind(f.since)
            .bind(f.until)
            .bind(f.limit)
            .bind(&f.within)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// The whole chain in order, and the head's number and hash, for verification.
    pub async fn audit_chain(&self) -> Result<(Vec<AuditRow>, i64, String), StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM audit ORDER BY seq");
        // Constant text: the column list above.
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        let rows = rows.iter().map(from_row).collect::<Result<_, _>>()?;
        let (seq, hash): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(&self.pool)
                .await?;
        Ok((rows, seq, hash))
    }
}

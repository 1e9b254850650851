//! Saving what can be read from a replica file SQLite reports as damaged.
//!
//! The damaged file is kept as `replica.db.damaged-<time>` and every row that still
//! reads is copied into a fresh replica. SQLite only reaches a row through the pages
//! above it, so a damaged page makes every read that touches it fail: rows are copied
//! by ranges of rowid, and a range that fails is halved until what fails is a single
//! rowid, which is left behind. Rows lost that way vanish without a trace, so the
//! salvaged replica carries the "re-fetch own ops" guard (see `recovery.rs`).

use std::path::{Path, PathBuf};

use serde::Serialize;
// Dynamic SQL here names only the tables of `TABLES` and the columns SQLite itself
// lists for them, quoted.
use sqlx::{AssertSqlSafe, SqliteConnection};

use super::restore::{move_with_wal, remove_with_sidecars};
use super::{FILE, FileAction, Replica, ReplicaError, io, newest_backup};

/// The tables worth saving (the migrations table is made anew; clerks' sessions are
/// not saved: they log in again).
const TABLES: [&str; 10] = [
    "meta",
    "ops",
    "server_have",
    "blobs",
    "chains",
    "seals",
    "quarantine",
    "held",
    "clerks",
    "op_clerks",
];

/// How many failing reads one table may cost before the rest of it is given up.
const FAILURES_PER_TABLE: usize = 20_000;

/// What a salvage saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Salvaged {
    /// Where the damaged file was kept.
    pub damaged_file: PathBuf,
    /// Rows copied into the fresh replica.
    pub rows_copied: u64,
    /// Rowids that could not be read (an upper bound on the rows lost).
    pub rows_unreadable: u64,
    /// Tables given up (partly or wholly unread).
    pub tables_incomplete: Vec<String>,
}

/// Replaces the damaged replica of `dir` with a fresh one holding every row that still
/// reads. On failure the damaged file is put back as it was.
pub(super) async fn salvage(dir: &Path, now: i64) -> Result<(Replica, Salvaged), ReplicaError> {
    let live = dir.join(FILE);
    let damaged = dir.join(format!("{FILE}.damaged-{now}"));
    move_with_wal(&live, &damaged).map_err(io(FileAction::Move, &live))?;
    let undo = |live: &Path| {
        remove_with_sidecars(live);
        let _ = move_with_wal(&damaged, live);
    };
    let replica = match Replica::open_file(dir).await {
        Ok(r) => r,
        Err(e) => {
            undo(&live);
            return Err(e);
        }
    };
    let copied = copy_all(&replica, &damaged).await;
    let mut salvaged = match copied {
        Ok(s) => s,
        Err(detail) => {
            replica.close().await;
            undo(&live);
            return Err(ReplicaError::Unsalvageable {
                detail,
                backup: newest_backup(dir),
            });
        }
    };
    replica.require_refetch().await?;
    salvaged.damaged_file = damaged;
    Ok((replica, salvaged))
}

/// Copies every readable row of the damaged file into the fresh replica. `Err` when
/// not even the damaged file's list of tables reads.
async fn copy_all(replica: &Replica, damaged: &Path) -> Result<Salvaged, String> {
    let path = damaged
        .to_str()
        .ok_or_else(|| "the path of the damaged file is not valid UTF-8".to_owned())?;
    let mut conn = replica.pool.acquire().await.map_err(|e| e.to_string())?;
    sqlx::query("ATTACH DATABASE $1 AS old")
        .bind(path)
        .execute(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
    let result = copy_tables(&mut conn).await;
    let _ = sqlx::query("DETACH DATABASE old").execute(&mut *conn).await;
    result
}

async fn copy_tables(conn: &mut SqliteConnection) -> Result<Salvaged, String> {
    let mut salvaged = Salvaged {
        damaged_file: PathBuf::new(),
        rows_copied: 0,
        rows_unreadable: 0,
        tables_incomplete: Vec::new(),
    };
    for table in TABLES {
        let present: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM old.sqlite_master WHERE type = 'table' AND name = $1",
        )
        .bind(table)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
        if present == 0 {
            continue;
        }
        let Some(columns) = shared_columns(conn, table).await else {
            salvaged.tables_incomplete.push(table.to_owned());
            continue;
        };
        let (copied, unreadable, complete) = copy_table(conn, table, &columns).await;
        salvaged.rows_copied += copied;
        salvaged.rows_unreadable += unreadable;
        if !complete || unreadable > 0 {
            salvaged.tables_incomplete.push(table.to_owned());
        }
    }
    Ok(salvaged)
}

/// The columns a table has both in the fresh replica and in the damaged file (which
/// may be of an older schema), as a list for SQL.
async fn shared_columns(conn: &mut SqliteConnection, table: &str) -> Option<String> {
    let fresh: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1, 'main')")
        .bind(table)
        .fetch_all(&mut *conn)
        .await
        .ok()?;
    let old: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1, 'old')")
        .bind(table)
        .fetch_all(&mut *conn)
        .await
        .ok()?;
    let shared: Vec<String> = fresh
        .into_iter()
        .filter(|c| old.contains(c))
        .map(|c| format!("\"{c}\""))
        .collect();
    (!shared.is_empty()).then(|| shared.join(", "))
}

/// Copies a table range by range. Returns rows copied, rowids that failed, and whether
/// the whole rowid space was covered.
async fn copy_table(conn: &mut SqliteConnection, table: &str, columns: &str) -> (u64, u64, bool) {
    let bounds: Result<(Option<i64>, Option<i64>), _> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT MIN(rowid), MAX(rowid) FROM old.\"{table}\""
    )))
    .fetch_one(&mut *conn)
    .await;
    let (lo, hi) = match bounds {
        Ok((Some(lo), Some(hi))) => (lo, hi),
        Ok(_) => return (0, 0, true),
        // The ends of the table do not read: search the whole plausible space.
        Err(_) => (i64::MIN, i64::MAX - 1),
    };
    let insert = format!(
        "INSERT OR IGNORE INTO main.\"{table}\" ({columns}) \
         SELECT {columns} FROM old.\"{table}\" WHERE rowid BETWEEN $1 AND $2"
    );
    let (mut copied, mut unreadable, mut failures) = (0u64, 0u64, 0usize);
    let mut ranges = vec![(lo, hi)];
    while let Some((lo, hi)) = ranges.pop() {
        match sqlx::query(AssertSqlSafe(insert.as_str()))
            .bind(lo)
            .bind(hi)
            .execute(&mut *conn)
            .await
        {
            Ok(done) => copied += done.rows_affected(),
            Err(_) if lo == hi => unreadable += 1,
            Err(_) => {
                failures += 1;
                if failures > FAILURES_PER_TABLE {
                    return (copied, unreadable, false);
                }
                let mid =
                    i64::try_from((i128::from(lo) + i128::from(hi)).div_euclid(2)).unwrap_or(lo);
                ranges.push((mid + 1, hi));
                ranges.push((lo, mid));
            }
        }
    }
    (copied, unreadable, true)
}

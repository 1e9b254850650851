//! `migrate-to postgres://…`: moves a regency's SQLite database to PostgreSQL when it
//! outgrows one file (docs/operations.md). Every table is copied — the server's signing
//! key and incarnations included, so receipts stay verifiable and no op id is ever
//! reused — in one PostgreSQL transaction, and each table's row count is compared
//! before it commits: a copy that differs is never left behind.
//!
//! Rows cross as JSON (`json_object` on SQLite, `json_populate_recordset` on
//! PostgreSQL), so each value is converted by PostgreSQL's own input rules for the
//! column's type; blobs go as `\x…` hex, bytea's text form.

use std::collections::{BTreeMap, BTreeSet};

use antar_shared::Lang;
use antar_shared::i18n::Tr;
use sqlx::AssertSqlSafe;

use crate::error::{AppError, ErrorKind, sqlx_why};
use crate::store::{Backend, Store};

/// Options of `migrate-to`.
#[derive(Debug, clap::Args)]
pub struct MigrateToArgs {
    /// Basis data PostgreSQL tujuan (kosong) / the target PostgreSQL database (empty),
    /// e.g. postgres://antar@127.0.0.1/antar.
    #[arg(value_name = "POSTGRES_URL")]
    pub url: String,
}

/// Rows per statement: large enough that a million ops cross in minutes, small enough
/// that one batch's JSON stays a few megabytes.
const BATCH: i64 = 2_000;

/// What the target must not hold already: an operator's live data.
const MUST_BE_EMPTY: [&str; 4] = ["users", "devices", "dispatches", "ops"];

/// Copies the SQLite store into the PostgreSQL database at `args.url`.
pub async fn run(source: &Store, args: &MigrateToArgs, lang: Lang) -> Result<(), AppError> {
    let tr = Tr::new(lang);
    if source.backend() != Backend::Sqlite {
        return Err(AppError::new(
            ErrorKind::BadRequest,
            "migrate_to.not_sqlite",
        ));
    }
    if !(args.url.starts_with("postgres:") || args.url.starts_with("postgresql:")) {
        return Err(AppError::new(
            ErrorKind::BadRequest,
            "migrate_to.not_postgres",
        ));
    }
    let target = Store::connect(&args.url).await.map_err(|e| {
        AppError::new(ErrorKind::BadRequest, "migrate_to.target")
            .arg("why", e.to_string())
            .caused_by(e)
    })?;
    for table in MUST_BE_EMPTY {
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(target.pool())
            .await
            .map_err(db)?;
        if n > 0 {
            return Err(AppError::new(ErrorKind::Conflict, "migrate_to.not_empty")
                .arg("table", table)
                .arg("n", n));
        }
    }
    let tables = tables_in_order(&target).await?;
    let source_tables = sqlite_tables(source).await?;
    let missing: Vec<&String> = source_tables
        .iter()
        .filter(|t| !tables.contains(t))
        .collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        return Err(
            AppError::new(ErrorKind::Conflict, "migrate_to.schema").arg("tables", names.join(", "))
        );
    }

    let mut tx = target.pool().begin().await.map_err(db)?;
    // What `connect` seeded (regions, a fresh signing key) gives way to the source's.
    for table in tables.iter().rev() {
        sqlx::query(AssertSqlSafe(format!("DELETE FROM \"{table}\"")))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    let mut copied = BTreeMap::new();
    for table in tables.iter().filter(|t| source_tables.contains(*t)) {
        let columns = shared_columns(source, &target, table).await?;
        let n = copy_table(source, &mut tx, table, &columns).await?;
        let there: i64 =
            sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\"")))
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?;
        if there != n {
            return Err(AppError::new(ErrorKind::Internal, "migrate_to.count")
                .arg("table", table)
                .arg("source", n)
                .arg("target", there));
        }
        reset_identities(&mut tx, table, &columns).await?;
        eprintln!("{}", tr.t2("srv-migrate-table", "table", table, "n", n));
        copied.insert(table.clone(), n);
    }
    tx.commit().await.map_err(db)?;
    let rows: i64 = copied.values().sum();
    eprintln!(
        "{}",
        tr.t2("srv-migrate-done", "tables", copied.len(), "rows", rows)
    );
    Ok(())
}

fn db(e: sqlx::Error) -> AppError {
    AppError::new(ErrorKind::Internal, "migrate_to.database")
        .arg("why", sqlx_why(&e))
        .caused_by(e)
}

/// The target's tables, each after the tables its foreign keys point to.
async fn tables_in_order(target: &Store) -> Result<Vec<String>, AppError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
         AND table_name <> '_sqlx_migrations' ORDER BY table_name",
    )
    .fetch_all(target.pool())
    .await
    .map_err(db)?;
    let edges: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c \
         WHERE c.contype = 'f' AND c.conrelid <> c.confrelid",
    )
    .fetch_all(target.pool())
    .await
    .map_err(db)?;
    let unquote = |s: &str| s.trim_matches('"').to_owned();
    let mut order = Vec::new();
    let mut placed = BTreeSet::new();
    while order.len() < names.len() {
        let before = order.len();
        for name in &names {
            let ready = edges
                .iter()
                .filter(|(from, _)| unquote(from) == *name)
                .all(|(_, to)| placed.contains(&unquote(to)) || !names.contains(&unquote(to)));
            if !placed.contains(name) && ready {
                placed.insert(name.clone());
                order.push(name.clone());
            }
        }
        if order.len() == before {
            // A cycle of foreign keys (none today): the rest in name order.
            order.extend(names.iter().filter(|n| !placed.contains(*n)).cloned());
            break;
        }
    }
    Ok(order)
}

/// The source's tables (not SQLite's or the migrator's own).
async fn sqlite_tables(source: &Store) -> Result<Vec<String>, AppError> {
    sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(source.pool())
    .await
    .map_err(db)
}

/// A column both databases have, and whether it holds bytes.
#[derive(Debug)]
struct Column {
    name: String,
    bytes: bool,
    identity: bool,
}

async fn shared_columns(
    source: &Store,
    target: &Store,
    table: &str,
) -> Result<Vec<Column>, AppError> {
    let there: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text, \
         CASE WHEN is_identity = 'YES' OR column_default LIKE 'nextval(%' THEN 'y' ELSE 'n' END \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(target.pool())
    .await
    .map_err(db)?;
    let here: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
        .bind(table)
        .fetch_all(source.pool())
        .await
        .map_err(db)?;
    Ok(there
        .into_iter()
        .filter(|(name, _, _)| here.contains(name))
        .map(|(name, kind, identity)| Column {
            bytes: kind == "bytea",
            identity: identity == "y",
            name,
        })
        .collect())
}

/// Copies one table in batches (by rowid); returns the rows copied.
async fn copy_table(
    source: &Store,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &str,
    columns: &[Column],
) -> Result<i64, AppError> {
    let fields: Vec<String> = columns
        .iter()
        .map(|c| {
            let value = if c.bytes {
                format!(
                    "CASE WHEN \"{0}\" IS NULL THEN NULL ELSE '\\x' || hex(\"{0}\") END",
                    c.name
                )
            } else {
                format!("\"{}\"", c.name)
            };
            format!("'{}', {value}", c.name)
        })
        .collect();
    let list: Vec<String> = columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
    let list = list.join(", ");
    let read = format!(
        "SELECT COALESCE(MAX(r), $1), COUNT(*), COALESCE(json_group_array(json(o)), '[]') FROM \
         (SELECT rowid AS r, json_object({}) AS o FROM \"{table}\" WHERE rowid > $1 \
          ORDER BY rowid LIMIT $2)",
        fields.join(", ")
    );
    let write = format!(
        "INSERT INTO \"{table}\" ({list}) SELECT {list} FROM json_populate_recordset(NULL::\"{table}\", $1::json)"
    );
    let mut after = i64::MIN;
    let mut copied = 0;
    loop {
        let (last, n, batch): (i64, i64, String) = sqlx::query_as(AssertSqlSafe(read.as_str()))
            .bind(after)
            .bind(BATCH)
            .fetch_one(source.pool())
            .await
            .map_err(db)?;
        if n == 0 {
            break;
        }
        sqlx::query(AssertSqlSafe(write.as_str()))
            .bind(batch)
            .execute(&mut **tx)
            .await
            .map_err(|e| {
                AppError::new(ErrorKind::Internal, "migrate_to.table")
                    .arg("table", table)
                    .arg("why", sqlx_why(&e))
                    .caused_by(e)
            })?;
        copied += n;
        after = last;
    }
    Ok(copied)
}

/// Identity and serial columns continue after the largest copied value.
async fn reset_identities(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &str,
    columns: &[Column],
) -> Result<(), AppError> {
    for c in columns.iter().filter(|c| c.identity) {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{0}'), \
             COALESCE(MAX(\"{0}\"), 1), MAX(\"{0}\") IS NOT NULL)::text FROM \"{table}\"",
            c.name
        )))
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    }
    Ok(())
}

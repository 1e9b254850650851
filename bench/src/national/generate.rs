//! `national generate`: the live tier through the store's writer, then the copied tier
//! in SQL, then the sizes.

use std::time::Instant;

use antar_server::store::Store;
use antar_shared::region::{self, RegionCode, VillageCode};
use serde_json::{Value, json};
use sqlx::Connection;

use super::{DEFAULT_DATABASE, SavedDevice, bulk};
use crate::backend::PG;
use crate::report::{Context, Failure, Table, num};
use crate::seed::{self, History};

/// Options of `national generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PostgreSQL database to build on 127.0.0.1 (dropped and made again).
    #[arg(long, default_value = DEFAULT_DATABASE)]
    database: String,
    /// Desa in the country (Kemendagri lists about 83,000).
    #[arg(long, default_value_t = 83_000)]
    desa: usize,
    /// Dispatches in all (a year of the country's finished documents, in order of
    /// magnitude).
    #[arg(long, default_value_t = 10_000_000)]
    dispatches: usize,
    /// Where the live desa's device tokens are written for `measure`.
    #[arg(long, default_value = "target/national-devices.json")]
    devices_file: std::path::PathBuf,
}

/// Builds the database and reports what it holds.
pub async fn run(args: Args) -> Result<Value, Failure> {
    let started = Instant::now();
    recreate(&args.database).await?;
    let url = format!("{PG}/{}", args.database);
    let store = Store::connect(&url)
        .await
        .context("cannot open the national database")?;
    let live: Vec<VillageCode> = region::all()
        .filter_map(|r| match r.code {
            RegionCode::Village(v) => Some(v),
            _ => None,
        })
        .collect();
    let per_desa = args.dispatches.div_ceil(args.desa.max(1)).max(1);
    eprintln!(
        "live tier: {} NTB desa, {per_desa} dispatches each, through the store's writer",
        live.len()
    );
    let mut history = History::new();
    let mut live_ops = 0;
    let t = Instant::now();
    for (i, desa) in live.iter().enumerate() {
        // One desa in ten still waits for its courier: a year's records are mostly
        // settled, but not all.
        live_ops += history.write(&store, *desa, per_desa, i % 10 != 0).await?.1;
        if (i + 1) % 100 == 0 {
            eprintln!(
                "  {}/{} desa, {:.0} s",
                i + 1,
                live.len(),
                t.elapsed().as_secs_f64()
            );
        }
    }
    let live_secs = t.elapsed().as_secs_f64();
    let devices = seed::devices(&store, &live, live.len()).await?;
    let saved: Vec<SavedDevice> = devices
        .iter()
        .map(|d| SavedDevice {
            token: d.token.clone(),
            actor: d.actor.0,
            desa: d.desa.to_string(),
        })
        .collect();
    std::fs::write(
        &args.devices_file,
        serde_json::to_vec(&saved).context("cannot encode the devices")?,
    )
    .context("cannot write the devices file")?;
    store.pool().close().await;

    let copied = args.desa.saturating_sub(live.len());
    eprintln!("copied tier: {copied} desa with synthetic codes, in SQL");
    let mut db = sqlx::PgConnection::connect(&url)
        .await
        .context("cannot connect for the copied tier")?;
    let t = Instant::now();
    bulk::copy(&mut db, &live, copied).await?;
    let copy_secs = t.elapsed().as_secs_f64();
    // As autovacuum leaves a table that has settled: statistics for the planner, and
    // the visibility map that lets counts read the indexes alone.
    eprintln!("vacuum and analyze");
    sqlx::query("VACUUM (ANALYZE)")
        .execute(&mut db)
        .await
        .context("cannot vacuum")?;
    let figures = sizes(&mut db, &args.database).await?;
    let mut table = Table::new("national database", &["what", "value"]);
    let rows: [(&str, Value); 6] = [
        ("live desa", json!(live.len())),
        ("live tier seconds", num(live_secs)),
        ("live tier ops", json!(live_ops)),
        ("copied desa", json!(copied)),
        ("copied tier seconds", num(copy_secs)),
        ("total seconds", num(started.elapsed().as_secs_f64())),
    ];
    for (what, value) in rows {
        table.row(vec![json!(what), value]);
    }
    for (what, value) in figures.as_object().into_iter().flatten() {
        table.row(vec![json!(what), value.clone()]);
    }
    Ok(json!({ "national_generate": table.json() }))
}

/// Drops and creates the database.
async fn recreate(name: &str) -> Result<(), Failure> {
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("{name:?} is not a plain database name"));
    }
    let mut admin = sqlx::PgConnection::connect(&format!("{PG}/postgres"))
        .await
        .context("cannot reach PostgreSQL on 127.0.0.1:5432")?;
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut admin)
            .await
            .context("cannot make the national database")?;
    }
    Ok(())
}

/// Row counts and sizes of the tables that grow with dispatches.
async fn sizes(db: &mut sqlx::PgConnection, name: &str) -> Result<Value, Failure> {
    let mut out = serde_json::Map::new();
    let dispatches: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dispatches")
        .fetch_one(&mut *db)
        .await
        .context("cannot count dispatches")?;
    out.insert("dispatches".into(), json!(dispatches));
    for table in ["dispatches", "ops", "op_refs", "devices", "doc_clocks"] {
        let (rows, bytes): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT (SELECT COUNT(*) FROM {table}), pg_total_relation_size('{table}')"
        )))
        .fetch_one(&mut *db)
        .await
        .context("cannot size a table")?;
        out.insert(format!("{table} rows"), json!(rows));
        out.insert(format!("{table} MB"), num(bytes as f64 / 1e6));
    }
    let total: i64 = sqlx::query_scalar("SELECT pg_database_size($1)")
        .bind(name)
        .fetch_one(&mut *db)
        .await
        .context("cannot size the database")?;
    out.insert("database MB".into(), num(total as f64 / 1e6));
    out.insert(
        "MB per million dispatches".into(),
        num(total as f64 / 1e6 / (dispatches.max(1) as f64 / 1e6)),
    );
    Ok(Value::Object(out))
}

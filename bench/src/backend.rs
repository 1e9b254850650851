//! Where a run keeps its data: a fresh SQLite folder or a fresh PostgreSQL database,
//! dropped at the end.

use antar_server::store::Store;
use sqlx::Connection;

use crate::report::{Context, Failure};

/// PostgreSQL on this machine (trust auth), as CI and the docs have it.
pub const PG: &str = "postgres://postgres@127.0.0.1:5432";

/// The store a run uses.
#[derive(Debug)]
pub enum Backend {
    /// SQLite in a temporary folder.
    Sqlite(tempfile::TempDir),
    /// A PostgreSQL database made for the run.
    Postgres(String),
}

impl Backend {
    /// A fresh, empty backend: `sqlite` or `postgres`.
    pub async fn fresh(kind: &str) -> Result<Backend, Failure> {
        match kind {
            "sqlite" => Ok(Backend::Sqlite(
                tempfile::tempdir().context("cannot make a temporary folder")?,
            )),
            "postgres" => {
                let name = format!(
                    "antar_bench_{}_{}",
                    std::process::id(),
                    antar_server::store::now()
                );
                let mut admin = sqlx::PgConnection::connect(&format!("{PG}/postgres"))
                    .await
                    .context("cannot reach PostgreSQL on 127.0.0.1:5432")?;
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut admin)
                    .await
                    .context("cannot create the bench database")?;
                Ok(Backend::Postgres(name))
            }
            other => Err(format!("unknown backend {other} (sqlite or postgres)")),
        }
    }

    /// `sqlite` or `postgres`.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Opens (creating and migrating) the store, for seeding from this process.
    pub async fn open(&self) -> Result<Store, Failure> {
        match self {
            Backend::Sqlite(dir) => Store::open_data_dir(dir.path()).await,
            Backend::Postgres(name) => Store::connect(&format!("{PG}/{name}")).await,
        }
        .context("cannot open the store")
    }

    /// The arguments that point `antar-server` at this store.
    pub fn args(&self) -> Vec<String> {
        match self {
            Backend::Sqlite(dir) => vec!["--data-dir".into(), dir.path().display().to_string()],
            Backend::Postgres(name) => vec!["--database-url".into(), format!("{PG}/{name}")],
        }
    }

    /// Database size in MB (the SQLite file with its WAL, or `pg_database_size`).
    pub async fn size_mb(&self) -> Option<f64> {
        match self {
            Backend::Sqlite(dir) => {
                let mut bytes = 0;
                for entry in std::fs::read_dir(dir.path()).ok()?.flatten() {
                    bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
                }
                Some(bytes as f64 / 1e6)
            }
            Backend::Postgres(name) => {
                let mut admin = sqlx::PgConnection::connect(&format!("{PG}/postgres"))
                    .await
                    .ok()?;
                let bytes: i64 = sqlx::query_scalar("SELECT pg_database_size($1)")
                    .bind(name)
                    .fetch_one(&mut admin)
                    .await
                    .ok()?;
                Some(bytes as f64 / 1e6)
            }
        }
    }

    /// Drops a PostgreSQL database (a SQLite folder goes with the value).
    pub async fn drop_database(&self) {
        if let Backend::Postgres(name) = self
            && let Ok(mut admin) = sqlx::PgConnection::connect(&format!("{PG}/postgres")).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await;
        }
    }
}

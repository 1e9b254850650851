//! Storage: one `Store` over sqlx, on an embedded SQLite file by default or PostgreSQL
//! at scale.
//!
//! Both backends run the *same* query text through sqlx's `Any` driver (`$N`
//! placeholders work on SQLite too), with the types kept to what both share: integers,
//! text and bytes. The schema is per backend (`migrations/sqlite`, `migrations/postgres`)
//! and is applied at start. Every store operation is exercised on both backends by the
//! conformance suite in `server/tests/store.rs`, which stands in for compile-time checks.
//!
//! - [`users`]: operator accounts and their sessions / API tokens.
//! - [`devices`]: enrollment codes and enrolled desa devices.
//! - [`dispatches`]: dispatch records (the server-only facts) and their status projection.
//! - [`document`]: the per-desa op log — counters, version vectors, merging, deltas.
//! - [`identity`]: the server's key, this process's actor, ids never reused.
//! - [`manifests`]: couriers' trips.
//! - [`offices`]: desa offices' opening hours, for residents.
//! - [`blobs`]: evidence images (signatures) by content hash.
//! - [`reports`]: the dashboard's read-only questions (health, counts, durations).
//! - [`staged`]: checked CSV files waiting for the operator's confirmation.

pub mod accounts;
pub mod audit;
pub mod authors;
pub mod batches;
pub mod blobs;
pub mod devices;
pub mod dispatches;
pub mod document;
mod error;
mod full_disk;
pub mod identity;
pub mod manifests;
pub mod offices;
pub mod outbox;
pub mod receipts;
pub mod recoveries;
pub mod reports;
pub mod staged;
pub mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection, Executor};

pub use error::StoreError;

/// Which database a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (the default).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The server's storage.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The key that seals what this server sends (see `antar_shared::sync::seal`).
    key: std::sync::Arc<antar_shared::sync::ServerKey>,
    /// The actor this process writes as, taken on its first write.
    incarnation: std::sync::Arc<tokio::sync::OnceCell<antar_shared::doc::ActorId>>,
    /// SQLite has one writer at a time; waiting writers would otherwise poll the file
    /// lock with growing sleeps (its busy handler). Queueing them here keeps latency
    /// flat under load. PostgreSQL locks rows itself and does not use this.
    write_lane: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl Store {
    /// Opens (creating if needed) the SQLite file `antar.db` in a data directory.
    pub async fn open_data_dir(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
            dir: dir.to_owned(),
            source,
        })?;
        let file = dir.join("antar.db");
        Self::connect(&format!("sqlite://{}?mode=rwc", file.display())).await
    }

    /// Opens the SQLite file `antar.db` in a data directory, refusing to create it: a
    /// command run from the wrong folder must not write into a database no server reads.
    pub async fn open_existing_data_dir(dir: &Path) -> Result<Store, StoreError> {
        let file = dir.join("antar.db");
        let usable = std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.len() > 0);
        if !usable {
            return Err(StoreError::NoDatabase(file));
        }
        Self::connect(&format!("sqlite://{}?mode=rw", file.display())).await
    }

    /// Connects to `sqlite://…` or `postgres://…`, applies migrations and loads the
    /// region table if it is empty.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            if !cfg!(feature = "postgres") {
                return Err(StoreError::NoPostgres);
            }
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        let options = AnyConnectOptions::from_str(url)?;
        let pool_options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(10))
            // A commit the database refused (SQLite's SQLITE_FULL leaves the transaction
            // open) came back to the pool still inside its transaction, and every later
            // request on that connection failed to begin one ("non-zero transaction
            // depth") until the server restarted. Such a connection is closed instead
            // (found by the simulation's full disk, `docs/reliability.md`).
            .after_release(|conn, _| {
                Box::pin(async move {
                    // A dropped transaction's rollback is queued, not yet run: the ping waits
                    // for it, so only a connection still inside a transaction (a COMMIT the
                    // disk refused) is closed instead of reused.
                    if conn.is_in_transaction() {
                        conn.ping().await?;
                    }
                    Ok(!conn.is_in_transaction())
                })
            });
        let pool = match backend {
            Backend::Sqlite => {
                pool_options
                    .max_connections(SQLITE_CONNECTIONS)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // Durable writes (`docs/architecture.md`, invariant 1): WAL with a full fsync on commit.
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA synchronous = FULL").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                pool_options
                    .max_connections(16)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // The list's one query serves every filter (`col = $1 OR $1
                            // IS NULL`); a plan cached for one set of filters scans all
                            // ten million rows for another. Planning each time costs
                            // about a tenth of a millisecond (`docs/scale.md`).
                            conn.execute("SET plan_cache_mode = force_custom_plan")
                                .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
        };
        Self::migrate(&pool, backend).await?;
        let key = Self::load_key(&pool).await?;
        let store = Store {
            pool,
            backend,
            key: std::sync::Arc::new(key),
            incarnation: Default::default(),
            write_lane: Default::default(),
        };
        store.load_regions().await?;
        Ok(store)
    }

    /// Waits for the write lane on SQLite (a no-op guard on PostgreSQL).
    pub(crate) async fn write_lane(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(self.write_lane.clone().lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// Which backend this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for the few places that need a raw query (tests, health).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    async fn migrate(pool: &AnyPool, backend: Backend) -> Result<(), StoreError> {
        // Ops written before migration 5 (an earlier development format) cannot be
        // read or sealed: refuse such a database rather than half-convert it.
        let applied: Result<Option<i64>, _> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(pool)
                .await;
        if let Ok(Some(version)) = applied
            && version < 5
        {
            let ops: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops")
                .fetch_one(pool)
                .await?;
            if ops > 0 {
                return Err(StoreError::OldFormat);
            }
        }
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        // Format 3 dropped the NIK's last digits from the Issue op: an older op would
        // read as damage, so say what it is instead.
        let first: Option<Vec<u8>> = sqlx::query_scalar("SELECT body FROM ops LIMIT 1")
            .fetch_optional(pool)
            .await?;
        if let Some(&format) = first.as_deref().and_then(<[u8]>::first)
            && format < antar_shared::doc::codec::FORMAT
        {
            return Err(StoreError::OldFormat);
        }
        Ok(())
    }

    /// Loads Antar's embedded Kemendagri table (NTB) so queries can filter by kecamatan
    /// and show names.
    async fn load_regions(&self) -> Result<(), StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM regions")
            .fetch_one(&self.pool)
            .await?;
        if count > 0 {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for region in antar_shared::region::all() {
            let level = format!("{:?}", region.level()).to_lowercase();
            sqlx::query("INSERT INTO regions (code, name, level, parent) VALUES ($1, $2, $3, $4)")
                .bind(region.code.to_string())
                .bind(region.name)
                .bind(level)
                .bind(region.code.parent().map(|p| p.to_string()))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Checks the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// The SQLite pool's connections: one writer at a time (`write_lane`), the rest read.
pub const SQLITE_CONNECTIONS: u32 = 4;

/// Seconds since the epoch, from the server's clock (the simulation's in a simulated
/// run: `antar_shared::seams`).
pub fn now() -> i64 {
    antar_shared::seams::now()
}

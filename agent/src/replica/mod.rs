//! The local replica: the desa document in a SQLite file, and what the agent knows of
//! its enrollment and of the server.
//!
//! Durability (invariant 1): a clerk's op is committed to SQLite (WAL, `synchronous =
//! FULL`) before anyone is told it is saved; ops from the server are committed before
//! the server's vector is recorded, so a crash at any point loses nothing that was
//! acknowledged and at worst repeats a harmless, idempotent sync.
//!
//! Several processes may open the same replica (the `run` loop and a clerk's command):
//! every operation reloads the document from the file first, and the file's unique
//! `(actor, counter)` key refuses a second writer that raced for the same dot.

mod blobs;

pub use blobs::{Blob, BlobError, MAX_BLOB_BYTES};

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use antar_shared::Lang;
use antar_shared::doc::{ActorId, Clock, DesaDoc, Dot, Op, OpBody};
use antar_shared::region::VillageCode;
use antar_shared::time::UnixTime;
use crdts::CmRDT;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// Why the replica could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ReplicaError {
    /// The data directory could not be created.
    #[error("tidak bisa membuat folder data {dir}: {source}")]
    DataDir {
        /// Which.
        dir: String,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("basis data lokal: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("basis data lokal: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The device has not enrolled yet.
    #[error(
        "perangkat ini belum terdaftar; jalankan `antar-agent enroll --server URL --code KODE` dulu"
    )]
    NotEnrolled,
    /// A stored op cannot be read back (corruption, or a newer version's data).
    #[error("perubahan tersimpan {0} tidak bisa dibaca")]
    Corrupt(String),
    /// An op does not fit the document.
    #[error(transparent)]
    Apply(#[from] antar_shared::doc::ApplyError),
}

/// What this device is, from its enrollment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrollment {
    /// The Dukcapil server.
    pub server: String,
    /// Bearer token for sync.
    pub token: String,
    /// This device's actor id.
    pub actor: ActorId,
    /// Its desa.
    pub desa: VillageCode,
    /// Its name.
    pub name: String,
}

/// The open replica.
#[derive(Clone, Debug)]
pub struct Replica {
    pool: SqlitePool,
}

impl Replica {
    /// Opens (creating if needed) `replica.db` in the data directory.
    pub async fn open(dir: &Path) -> Result<Replica, ReplicaError> {
        std::fs::create_dir_all(dir).map_err(|source| ReplicaError::DataDir {
            dir: dir.display().to_string(),
            source,
        })?;
        let options = SqliteConnectOptions::from_str(&format!(
            "sqlite://{}",
            dir.join("replica.db").display()
        ))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(30))
        .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Replica { pool })
    }

    async fn meta(&self, key: &str) -> Result<Option<String>, ReplicaError> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn set_meta(&self, key: &str, value: &str) -> Result<(), ReplicaError> {
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The enrollment, if the device has enrolled.
    pub async fn enrollment(&self) -> Result<Option<Enrollment>, ReplicaError> {
        let (Some(server), Some(token), Some(actor), Some(desa), Some(name)) = (
            self.meta("server_url").await?,
            self.meta("device_token").await?,
            self.meta("actor").await?,
            self.meta("desa").await?,
            self.meta("device_name").await?,
        ) else {
            return Ok(None);
        };
        let actor = actor
            .parse()
            .map_err(|_| ReplicaError::Corrupt("actor".into()))?;
        let desa = VillageCode::parse(&desa).map_err(|_| ReplicaError::Corrupt("desa".into()))?;
        Ok(Some(Enrollment {
            server,
            token,
            actor: ActorId(actor),
            desa,
            name,
        }))
    }

    /// The enrollment, or the error telling the clerk to enroll.
    pub async fn require_enrollment(&self) -> Result<Enrollment, ReplicaError> {
        self.enrollment().await?.ok_or(ReplicaError::NotEnrolled)
    }

    /// The token this device chose for an enrollment in progress with this code, kept
    /// before the request goes out so a retry after a crash or a lost answer sends the
    /// same one (and the server recognises the device).
    pub async fn pending_token(&self, server: &str, code: &str) -> Result<String, ReplicaError> {
        let key = format!("pending_token:{server}:{code}");
        if let Some(token) = self.meta(&key).await? {
            return Ok(token);
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| ReplicaError::Corrupt(e.to_string()))?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.set_meta(&key, &token).await?;
        Ok(token)
    }

    /// Records the enrollment (in one transaction).
    pub async fn save_enrollment(&self, e: &Enrollment) -> Result<(), ReplicaError> {
        let mut tx = self.pool.begin().await?;
        for (key, value) in [
            ("server_url", e.server.clone()),
            ("device_token", e.token.clone()),
            ("actor", e.actor.0.to_string()),
            ("desa", e.desa.to_string()),
            ("device_name", e.name.clone()),
        ] {
            sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The document as stored now.
    pub async fn load(&self, desa: VillageCode) -> Result<DesaDoc, ReplicaError> {
        let rows: Vec<(i64, i64, i64, Vec<u8>)> =
            sqlx::query_as("SELECT actor, counter, device_time, body FROM ops ORDER BY seq")
                .fetch_all(&self.pool)
                .await?;
        let mut doc = DesaDoc::new(desa);
        for (actor, counter, time, body) in rows {
            let op = decode(actor, counter, time, &body)?;
            doc.apply(op)?;
        }
        Ok(doc)
    }

    /// A number that changes whenever an op is stored (by this process or another): how
    /// the sync loop notices a clerk's change without reloading the document.
    pub async fn change_marker(&self) -> Result<i64, ReplicaError> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM ops")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Stores an op this device wrote. Returns only once it is durable; a racing writer
    /// that took the same dot makes this fail, and nothing is stored.
    pub async fn store_own(&self, op: &Op) -> Result<(), ReplicaError> {
        self.store_own_all(std::slice::from_ref(op), None).await
    }

    /// Stores ops this device wrote, in order, together with the blob they name (a
    /// handover's signature), in one transaction: all of it is durable, or none of it
    /// (a racing writer that took one of the dots makes the whole batch fail).
    pub async fn store_own_all(&self, ops: &[Op], blob: Option<&Blob>) -> Result<(), ReplicaError> {
        let mut tx = self.pool.begin().await?;
        if let Some(blob) = blob {
            blobs::insert(&mut tx, blob, crate::now()).await?;
        }
        for op in ops {
            sqlx::query(
                "INSERT INTO ops (actor, counter, device_time, body) VALUES ($1, $2, $3, $4)",
            )
            .bind(i64::from(op.dot.actor.0))
            .bind(i64::try_from(op.dot.counter).unwrap_or(i64::MAX))
            .bind(op.time.0)
            .bind(encode(&op.body))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores ops received from the server and the server's vector, in one transaction.
    /// `new_ops` must be the ops not yet held, in the order they apply.
    pub async fn store_received(
        &self,
        new_ops: &[Op],
        server_have: &Clock,
        now: i64,
        server_time: i64,
    ) -> Result<(), ReplicaError> {
        let mut tx = self.pool.begin().await?;
        for op in new_ops {
            sqlx::query("INSERT INTO ops (actor, counter, device_time, body) VALUES ($1, $2, $3, $4) ON CONFLICT (actor, counter) DO NOTHING")
                .bind(i64::from(op.dot.actor.0))
                .bind(i64::try_from(op.dot.counter).unwrap_or(i64::MAX))
                .bind(op.time.0)
                .bind(encode(&op.body))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM server_have")
            .execute(&mut *tx)
            .await?;
        for (actor, counter) in &server_have.dots {
            sqlx::query("INSERT INTO server_have (actor, counter) VALUES ($1, $2)")
                .bind(i64::from(actor.0))
                .bind(i64::try_from(*counter).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await?;
        }
        for (key, value) in [("last_sync_at", now), ("last_server_time", server_time)] {
            sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(key)
                .bind(value.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The server's vector as of the last successful sync.
    pub async fn server_have(&self) -> Result<Clock, ReplicaError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT actor, counter FROM server_have")
            .fetch_all(&self.pool)
            .await?;
        let mut clock = Clock::new();
        for (actor, counter) in rows {
            if let (Ok(a), Ok(c)) = (u32::try_from(actor), u64::try_from(counter)) {
                clock.apply(Dot::new(ActorId(a), c));
            }
        }
        Ok(clock)
    }

    /// When the last sync succeeded (device clock) and the server's clock then.
    pub async fn last_sync(&self) -> Result<Option<(i64, i64)>, ReplicaError> {
        let at = self
            .meta("last_sync_at")
            .await?
            .and_then(|v| v.parse().ok());
        let server = self
            .meta("last_server_time")
            .await?
            .and_then(|v| v.parse().ok());
        Ok(at.zip(server))
    }

    /// Records the last sync failure in both languages, for `status` and the clerk's
    /// banner (which may be read in either).
    pub async fn set_last_error(
        &self,
        message: &str,
        message_en: &str,
    ) -> Result<(), ReplicaError> {
        let mut tx = self.pool.begin().await?;
        for (key, value) in [("last_error", message), ("last_error_en", message_en)] {
            sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The last sync failure (Indonesian), if any since the last success.
    pub async fn last_error(&self) -> Result<Option<String>, ReplicaError> {
        self.meta("last_error").await
    }

    /// The last sync failure in a language (Indonesian when no English was recorded).
    pub async fn last_error_in(&self, lang: Lang) -> Result<Option<String>, ReplicaError> {
        if lang == Lang::En
            && let Some(en) = self.meta("last_error_en").await?
        {
            return Ok(Some(en));
        }
        self.last_error().await
    }

    /// Clears the failure after a success.
    pub async fn clear_last_error(&self) -> Result<(), ReplicaError> {
        sqlx::query("DELETE FROM meta WHERE key IN ('last_error', 'last_error_en')")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// `PRAGMA integrity_check`, for tests and `status`.
    pub async fn integrity_check(&self) -> Result<String, ReplicaError> {
        Ok(sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?)
    }
}

fn encode(body: &OpBody) -> Vec<u8> {
    postcard::to_stdvec(body).unwrap_or_default()
}

fn decode(actor: i64, counter: i64, time: i64, body: &[u8]) -> Result<Op, ReplicaError> {
    let corrupt = || ReplicaError::Corrupt(format!("{actor}.{counter}"));
    let body: OpBody = postcard::from_bytes(body).map_err(|_| corrupt())?;
    let actor = u32::try_from(actor).map_err(|_| corrupt())?;
    let counter = u64::try_from(counter).map_err(|_| corrupt())?;
    Ok(Op {
        dot: Dot::new(ActorId(actor), counter),
        time: UnixTime(time),
        body,
    })
}

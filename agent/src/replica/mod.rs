//! The local replica: the desa document in a SQLite file, and what the agent knows of
//! its enrollment and of the server.
//!
//! Durability (`docs/architecture.md`, invariant 1): a clerk's op is committed to SQLite (WAL, `synchronous =
//! FULL`) before anyone is told it is saved; ops from the server are committed before
//! the server's vector is recorded, so a crash at any point loses nothing that was
//! acknowledged and at worst repeats a harmless, idempotent sync.
//!
//! Several processes may open the same replica (the `run` loop and a clerk's command):
//! every operation reads the document from the file first (applying only the rows
//! stored since its last read to the document it keeps, see `kept.rs`), and the file's
//! unique `(actor, counter)` key refuses a second writer that raced for the same dot.
//!
//! Damage is named, never a dead end: an op row that does not read is reported with
//! the advice to run `doctor` (which sets it aside and fetches it again from the
//! server); a file SQLite calls damaged, or an emptied one, is reported with the way
//! back (`doctor`'s salvage, or `restore` of the newest backup listed beside it).

mod backup;
mod blobs;
mod clerks;
mod damage;
pub mod doctor;
mod doctor_text;
mod full_disk;
mod kept;
mod messages;
mod meta;
mod private;
mod receipts;
mod recovery;
mod repair;
mod restore;
mod rows;
mod salvage;

pub use backup::{BACKUP_LIST, known_backups, newest_backup};
pub use blobs::{Blob, BlobError, MAX_BLOB_BYTES};
pub use clerks::ClerkRow;
pub use messages::{FileAction, NotReplica};
pub use meta::Enrollment;
pub use recovery::Settled;
pub use repair::{Repair, SetAside};
pub use restore::{Restored, restore};
pub use salvage::Salvaged;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use antar_shared::doc::codec::encode_body;
use antar_shared::doc::{ActorId, Clock, DesaDoc, Dot, Op};
use antar_shared::region::VillageCode;
use antar_shared::sync::seal::Signature;
use antar_shared::sync::{Chain, Seal};
use crdts::CmRDT;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use kept::KeptDoc;

/// The replica's file name in the data directory.
pub const FILE: &str = "replica.db";

/// Why the replica could not be used. The `Display` text is English, for the log; a
/// person reads the message of its code (see `messages.rs`), which names what to do
/// and leaves SQLite's and the system's words to the log.
#[derive(Debug, thiserror::Error)]
pub enum ReplicaError {
    /// The data directory could not be created.
    #[error("cannot create the data folder {dir}")]
    DataDir {
        /// Which.
        dir: String,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("local database")]
    Database(#[source] sqlx::Error),
    /// The disk under the data folder is full: nothing of the write was saved, and it
    /// can be done again once there is room.
    #[error("the disk under the data folder is full")]
    DiskFull,
    /// The schema could not be brought up to date (not because of damage).
    #[error("the local database cannot be prepared")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    /// The replica file's bytes are not a sound database (disk, power cut, a copy cut
    /// short). Never worded with SQLite's or the migrator's words.
    #[error(
        "the data file {FILE} is damaged ({detail}); run `antar-agent doctor`, or restore the newest backup: `antar-agent restore {}`",
        backup.as_ref().map_or("FILE".into(), |b| b.display().to_string())
    )]
    Damaged {
        /// What SQLite noticed.
        detail: String,
        /// The newest known backup, when there is one.
        backup: Option<PathBuf>,
    },
    /// The replica file is empty or gone while a backup of it is known: its data is lost
    /// here, not to be replaced silently by an empty replica that "is not enrolled".
    #[error(
        "the data file {} is empty or missing; the last backup is {}",
        file.display(), backup.display()
    )]
    Emptied {
        /// The replica file.
        file: PathBuf,
        /// The newest known backup.
        backup: PathBuf,
    },
    /// The replica was written by a newer antar-agent.
    #[error("this data file was written by a newer antar-agent")]
    NewerVersion,
    /// A file operation of backup, restore or repair failed.
    #[error("cannot {} {}", action.code(), path.display())]
    Io {
        /// What was being done.
        action: FileAction,
        /// To which file or folder.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A backup was asked to overwrite the live data file.
    #[error("{} is the data file itself", .0.display())]
    BackupOntoItself(PathBuf),
    /// A path SQLite cannot be given (not valid UTF-8).
    #[error("the path {} cannot be used by SQLite", .0.display())]
    PathUnusable(PathBuf),
    /// A file offered to `restore` is not a usable replica.
    #[error("{} is not a usable Antar replica backup: {why:?} ({detail})", file.display())]
    NotAReplica {
        /// The file.
        file: PathBuf,
        /// What is wrong with it (boxed: the error stays small).
        why: Box<NotReplica>,
        /// What SQLite or the check said, for the log.
        detail: String,
    },
    /// Doctor could not read even the damaged file's table list: only a backup helps.
    #[error(
        "the data file {FILE} is damaged beyond salvage ({detail}); newest backup: {}",
        backup.as_ref().map_or("none".into(), |b| b.display().to_string())
    )]
    Unsalvageable {
        /// What SQLite said.
        detail: String,
        /// The newest known backup.
        backup: Option<PathBuf>,
    },
    /// The device has not enrolled yet.
    #[error("this device is not enrolled yet")]
    NotEnrolled,
    /// A stored op cannot be read back (corruption, or another version's data).
    #[error("stored change {op} cannot be read")]
    UnreadableOp {
        /// Which (`actor.counter`).
        op: String,
        /// What is wrong with it.
        #[source]
        reason: antar_shared::doc::CodecError,
    },
    /// A stored op reads but no longer fits the ops stored before it.
    #[error("stored change {op} does not fit the data before it")]
    OpDoesNotFit {
        /// Which (`actor.counter`).
        op: String,
        /// Why it does not fit.
        #[source]
        reason: antar_shared::doc::ApplyError,
    },
    /// Something stored in the replica is not what it should be.
    #[error("the agent's data is damaged: {0}")]
    Corrupt(String),
    /// The system's random source failed (a token could not be made).
    #[error("the system's random source failed: {0}")]
    Entropy(String),
    /// The server sent ops whose seal does not match (or no seal).
    #[error("the server's seal does not match for change {0}")]
    BadSeal(String),
    /// An op does not fit the document.
    #[error(transparent)]
    Apply(#[from] antar_shared::doc::ApplyError),
}

impl From<sqlx::Error> for ReplicaError {
    fn from(e: sqlx::Error) -> Self {
        damage::from_sqlx(e)
    }
}

impl From<sqlx::migrate::MigrateError> for ReplicaError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        damage::from_migrate(e)
    }
}

impl ReplicaError {
    /// The same error, naming the newest known backup of `dir` where it tells the clerk
    /// to restore one (found only where the error is reported, which knows the folder).
    pub fn naming_backup(self, dir: &Path) -> Self {
        match self {
            ReplicaError::Damaged {
                detail,
                backup: None,
            } => ReplicaError::Damaged {
                detail,
                backup: newest_backup(dir),
            },
            other => other,
        }
    }
}

/// The open replica.
#[derive(Clone, Debug)]
pub struct Replica {
    pool: SqlitePool,
    dir: PathBuf,
    /// The document as last read, brought up to date on each read (see `kept.rs`).
    kept: KeptDoc,
}

impl Replica {
    /// Opens (creating if needed) `replica.db` in the data directory. A replica file
    /// that is empty or gone while a backup is known is refused (see
    /// [`ReplicaError::Emptied`]); a damaged one is reported as such.
    pub async fn open(dir: &Path) -> Result<Replica, ReplicaError> {
        make_dir(dir)?;
        let file = dir.join(FILE);
        let empty = std::fs::metadata(&file).map_or(true, |m| m.len() == 0);
        if empty && let Some(backup) = newest_backup(dir) {
            return Err(ReplicaError::Emptied { file, backup });
        }
        Replica::open_file(dir)
            .await
            .map_err(|e| e.naming_backup(dir))
    }

    /// Opens the replica of `dir` as it is, with no check for a lost file.
    async fn open_file(dir: &Path) -> Result<Replica, ReplicaError> {
        let pool = connect(&dir.join(FILE), true).await?;
        Ok(Replica {
            pool,
            dir: dir.to_path_buf(),
            kept: KeptDoc::default(),
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Closes the file, checkpointing its WAL (before something replaces the file).
    pub async fn close(self) {
        self.pool.close().await;
    }

    /// The document as stored now, to change (a copy of the kept one).
    pub async fn load(&self, desa: VillageCode) -> Result<DesaDoc, ReplicaError> {
        Ok(Arc::unwrap_or_clone(self.current(desa).await?))
    }

    /// The document as stored now, to read: what other processes stored since the last
    /// read is applied to the document kept in memory, so a read costs what is new,
    /// not the desa's whole history.
    pub async fn current(&self, desa: VillageCode) -> Result<Arc<DesaDoc>, ReplicaError> {
        self.kept.read(&self.pool, desa).await
    }

    /// The latest chain link this device holds for each other actor.
    pub async fn chains(&self) -> Result<HashMap<ActorId, (u64, Chain)>, ReplicaError> {
        let rows: Vec<(i64, i64, Vec<u8>)> =
            sqlx::query_as("SELECT actor, counter, chain FROM chains")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(actor, counter, chain)| {
                let bad = || ReplicaError::Corrupt(format!("chain {actor}.{counter}"));
                let actor = u32::try_from(actor).map_err(|_| bad())?;
                let counter = u64::try_from(counter).map_err(|_| bad())?;
                let chain: [u8; 32] = chain.try_into().map_err(|_| bad())?;
                Ok((ActorId(actor), (counter, Chain(chain))))
            })
            .collect()
    }

    /// The seals this device holds for an actor, by counter.
    pub async fn seals_of(&self, actor: ActorId) -> Result<Vec<Seal>, ReplicaError> {
        let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT counter, signature FROM seals WHERE actor = $1 ORDER BY counter",
        )
        .bind(i64::from(actor.0))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(counter, signature)| {
                let bad = || ReplicaError::Corrupt(format!("seal {actor}.{counter}"));
                Ok(Seal {
                    actor,
                    counter: u64::try_from(counter).map_err(|_| bad())?,
                    signature: Signature(signature.try_into().map_err(|_| bad())?),
                })
            })
            .collect()
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
        self.store_own_all(std::slice::from_ref(op), None, None)
            .await
    }

    /// Stores ops this device wrote, in order, together with the blob they name (a
    /// handover's signature), in one transaction: all of it is durable, or none of it
    /// (a racing writer that took one of the dots makes the whole batch fail). `clerk`,
    /// the one logged in (LAN mode), goes in the office's log beside each op.
    pub async fn store_own_all(
        &self,
        ops: &[Op],
        blob: Option<&Blob>,
        clerk: Option<&str>,
    ) -> Result<(), ReplicaError> {
        let mut tx = self.pool.begin().await?;
        if let Some(blob) = blob {
            blobs::insert(&mut tx, blob, crate::now()).await?;
        }
        for op in ops {
            insert_op(&mut tx, op, INSERT_OWN).await?;
            if let Some(clerk) = clerk {
                sqlx::query("INSERT INTO op_clerks (actor, counter, clerk) VALUES ($1, $2, $3)")
                    .bind(i64::from(op.dot.actor.0))
                    .bind(i64::try_from(op.dot.counter).unwrap_or(i64::MAX))
                    .bind(clerk)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores ops received from the server, the chain links and seals that vouch for
    /// them, and the server's vector, in one transaction. `new_ops` must be the ops not
    /// yet held, in the order they apply.
    pub async fn store_received(
        &self,
        new_ops: &[Op],
        received: &Received,
        server_have: &Clock,
        now: i64,
        server_time: i64,
    ) -> Result<(), ReplicaError> {
        let mut tx = self.pool.begin().await?;
        for op in new_ops {
            insert_op(&mut tx, op, INSERT_RECEIVED).await?;
        }
        for (actor, (counter, chain)) in &received.chains {
            sqlx::query("INSERT INTO chains (actor, counter, chain) VALUES ($1, $2, $3) ON CONFLICT (actor) DO UPDATE SET counter = excluded.counter, chain = excluded.chain")
                .bind(i64::from(actor.0))
                .bind(i64::try_from(*counter).unwrap_or(i64::MAX))
                .bind(chain.0.to_vec())
                .execute(&mut *tx)
                .await?;
        }
        for seal in &received.seals {
            sqlx::query("INSERT INTO seals (actor, counter, signature) VALUES ($1, $2, $3) ON CONFLICT (actor, counter) DO NOTHING")
                .bind(i64::from(seal.actor.0))
                .bind(i64::try_from(seal.counter).unwrap_or(i64::MAX))
                .bind(seal.signature.0.to_vec())
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

    /// `PRAGMA integrity_check`, for tests and `status`.
    pub async fn integrity_check(&self) -> Result<String, ReplicaError> {
        Ok(sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?)
    }
}

/// What a sync brings besides ops: the new chain links and the seals that vouch for
/// them (see [`crate::sync`]).
#[derive(Clone, Debug, Default)]
pub struct Received {
    /// Each actor's latest link after the new ops.
    pub chains: HashMap<ActorId, (u64, Chain)>,
    /// The seals that came with them.
    pub seals: Vec<Seal>,
}

/// Stores an op this device wrote: a dot another writer took fails the whole batch.
const INSERT_OWN: &str =
    "INSERT INTO ops (actor, counter, device_time, body) VALUES ($1, $2, $3, $4)";

/// Stores an op received from the server: one already held is left as it is.
const INSERT_RECEIVED: &str = "INSERT INTO ops (actor, counter, device_time, body) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (actor, counter) DO NOTHING";

/// Inserts one op into `ops` with `sql` ([`INSERT_OWN`] or [`INSERT_RECEIVED`]).
async fn insert_op(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    op: &Op,
    sql: &'static str,
) -> Result<(), ReplicaError> {
    sqlx::query(sql)
        .bind(i64::from(op.dot.actor.0))
        .bind(i64::try_from(op.dot.counter).unwrap_or(i64::MAX))
        .bind(op.time.0)
        .bind(encode(op)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn encode(op: &Op) -> Result<Vec<u8>, ReplicaError> {
    encode_body(&op.body).map_err(|reason| ReplicaError::UnreadableOp {
        op: op.id().to_string(),
        reason,
    })
}

fn make_dir(dir: &Path) -> Result<(), ReplicaError> {
    private::dir(dir).map_err(|source| ReplicaError::DataDir {
        dir: dir.display().to_string(),
        source,
    })
}

/// The pool's connections: the clerk's writes and the page's reads, one each.
const CONNECTIONS: u32 = 2;

/// A pool on a replica file with the durable settings, its schema brought up to date.
async fn connect(file: &Path, create: bool) -> Result<SqlitePool, ReplicaError> {
    private::database(file, create).map_err(io(FileAction::Create, file))?;
    let options = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(30))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(CONNECTIONS)
        // SQLite refuses a COMMIT on a full disk and keeps the transaction open; sqlx
        // hands the connection back to the pool inside it, where every later write on
        // it failed, or ran inside that transaction and was lost with the process
        // (found on the server by the simulation, `docs/reliability.md`). Such a
        // connection is closed instead. A transaction merely dropped has its rollback
        // queued on the connection's worker thread: a ping waits for it first, or
        // every dropped transaction would cost a new connection.
        .after_release(|conn, _| {
            Box::pin(async move {
                if sqlx::Connection::is_in_transaction(conn) {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(!sqlx::Connection::is_in_transaction(conn))
            })
        })
        .connect_with(options)
        .await?;
    if let Err(e) = sqlx::migrate!("./migrations").run(&pool).await {
        pool.close().await;
        return Err(e.into());
    }
    Ok(pool)
}

/// A failed file operation on `path`, as a replica error.
fn io(action: FileAction, path: &Path) -> impl FnOnce(std::io::Error) -> ReplicaError {
    let path = path.to_path_buf();
    move |source| ReplicaError::Io {
        action,
        path,
        source,
    }
}

//! Storage errors.

use std::path::PathBuf;

use thiserror::Error;

/// A storage operation failed. Database detail stays in logs; users see a generic
/// message (the HTTP layer maps this to a 500 without internals).
#[derive(Debug, Error)]
pub enum StoreError {
    /// The data directory could not be created.
    #[error("cannot create data directory {dir}: {source}")]
    DataDir {
        /// Which directory.
        dir: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A `postgres:` URL, but this build was made without the `postgres` feature.
    #[error("this antar-server was built without PostgreSQL (the `postgres` feature)")]
    NoPostgres,
    /// The database URL is neither `sqlite:` nor `postgres:`.
    #[error("database URL must start with sqlite: or postgres:")]
    UnsupportedUrl,
    /// The database refused or failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored op could not be decoded (corruption or another version's data).
    #[error("stored op {desa}/{actor}.{counter} cannot be read: {reason}")]
    CorruptOp {
        /// Which document.
        desa: String,
        /// Which actor.
        actor: i64,
        /// Which counter.
        counter: i64,
        /// What is wrong with it.
        reason: antar_shared::doc::CodecError,
    },
    /// The server's signing key is missing or invalid.
    #[error("the server key cannot be used: {0}")]
    Key(#[from] antar_shared::sync::seal::KeyError),
    /// A database written by an earlier development build, whose ops this one cannot read.
    #[error(
        "this database holds ops of an earlier development build of Antar (an older op format); \
         it cannot be converted: start this version with a new data folder or database"
    )]
    OldFormat,
    /// No database where a command expected one (only `serve` and `init` create it).
    #[error("no Antar database at {0}")]
    NoDatabase(PathBuf),
}

//! Telling a damaged replica file from an ordinary database error, so the clerk reads
//! "the file is damaged: run doctor or restore" instead of SQLite's or the migrator's
//! words (a flipped byte in the migrations table reads as "migration 2 was previously
//! applied but has been modified", which sends people looking in the wrong place).

use sqlx::migrate::MigrateError;

use super::ReplicaError;

/// SQLITE_CORRUPT and SQLITE_NOTADB (primary codes; extended codes carry them in the
/// low byte).
const CORRUPT: i64 = 11;
const NOT_A_DATABASE: i64 = 26;
/// SQLITE_FULL: the disk (or the database's page limit) has no room.
const FULL: i64 = 13;

/// Whether SQLite failed for want of room on the disk.
fn is_full(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.code()
                .and_then(|c| c.parse::<i64>().ok())
                .map(|c| c & 0xff)
                == Some(FULL)
        }
        _ => false,
    }
}

/// Whether SQLite failed because the file's bytes are not a sound database.
pub(super) fn is_corrupt(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => is_corrupt_message(db.as_ref()),
        _ => false,
    }
}

/// [`is_corrupt`] for a database error already taken apart.
pub(super) fn is_corrupt_message(db: &dyn sqlx::error::DatabaseError) -> bool {
    let code = db
        .code()
        .and_then(|c| c.parse::<i64>().ok())
        .map(|c| c & 0xff);
    let message = db.message().to_ascii_lowercase();
    matches!(code, Some(CORRUPT | NOT_A_DATABASE))
        || message.contains("malformed")
        || message.contains("not a database")
}

/// A SQLite failure, as the replica reports it.
pub(super) fn from_sqlx(e: sqlx::Error) -> ReplicaError {
    if is_full(&e) {
        ReplicaError::DiskFull
    } else if is_corrupt(&e) {
        let detail = match &e {
            sqlx::Error::Database(db) => db.message().to_owned(),
            other => other.to_string(),
        };
        ReplicaError::Damaged {
            detail,
            backup: None,
        }
    } else {
        ReplicaError::Database(e)
    }
}

/// A failure to bring the schema up to date. Applied migrations are only ever changed
/// by damage (this build never edits a released one), so a changed checksum is damage;
/// one this build does not know was written by a newer agent.
pub(super) fn from_migrate(e: MigrateError) -> ReplicaError {
    match e {
        MigrateError::Execute(inner) | MigrateError::ExecuteMigration(inner, _)
            if is_corrupt(&inner) || is_full(&inner) =>
        {
            from_sqlx(inner)
        }
        MigrateError::VersionMismatch(_) | MigrateError::Dirty(_) => ReplicaError::Damaged {
            detail: "schema record altered".into(),
            backup: None,
        },
        MigrateError::VersionMissing(_) => ReplicaError::NewerVersion,
        other => ReplicaError::Migrate(other),
    }
}

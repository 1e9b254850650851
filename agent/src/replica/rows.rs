//! Op rows as SQLite holds them, read so that a damaged row is one named, unreadable
//! op and never a failed query: a column of the wrong type reads as missing instead of
//! aborting the whole read.

use antar_shared::doc::codec::decode_op;
use antar_shared::doc::{CodecError, Op};
use sqlx::{Executor, Sqlite};

/// One row of `ops` (or `held`), its columns as found.
#[derive(Clone, Debug)]
pub(super) struct StoredRow {
    /// Its place in the application order.
    pub seq: i64,
    /// `None` where the column does not hold an integer.
    pub actor: Option<i64>,
    pub counter: Option<i64>,
    pub time: Option<i64>,
    /// `None` where the column does not hold a blob.
    pub body: Option<Vec<u8>>,
}

const SELECT_AFTER: &str = "SELECT seq, \
    CASE WHEN typeof(actor) = 'integer' THEN actor END, \
    CASE WHEN typeof(counter) = 'integer' THEN counter END, \
    CASE WHEN typeof(device_time) = 'integer' THEN device_time END, \
    CASE WHEN typeof(body) = 'blob' THEN body END \
    FROM ops WHERE seq > $1 ORDER BY seq";

/// `seq, actor, counter, device_time, body` as [`SELECT_AFTER`] reads them.
type RawRow = (i64, Option<i64>, Option<i64>, Option<i64>, Option<Vec<u8>>);

impl StoredRow {
    /// Every row of `ops`, in application order.
    pub async fn all<'e>(
        db: impl Executor<'e, Database = Sqlite>,
    ) -> Result<Vec<StoredRow>, sqlx::Error> {
        StoredRow::after(db, i64::MIN).await
    }

    /// The rows of `ops` stored after the one at `seq`, in application order.
    pub async fn after<'e>(
        db: impl Executor<'e, Database = Sqlite>,
        seq: i64,
    ) -> Result<Vec<StoredRow>, sqlx::Error> {
        let rows: Vec<RawRow> = sqlx::query_as(SELECT_AFTER).bind(seq).fetch_all(db).await?;
        Ok(rows
            .into_iter()
            .map(|(seq, actor, counter, time, body)| StoredRow {
                seq,
                actor,
                counter,
                time,
                body,
            })
            .collect())
    }

    /// How people and reports name it: `actor.counter`, or its place when those are
    /// damaged too.
    pub fn name(&self) -> String {
        match (self.actor, self.counter) {
            (Some(actor), Some(counter)) => format!("{actor}.{counter}"),
            _ => format!("#{}", self.seq),
        }
    }

    /// The op, or why it cannot be read.
    pub fn op(&self) -> Result<Op, CodecError> {
        let (Some(actor), Some(counter), Some(time)) = (self.actor, self.counter, self.time) else {
            return Err(CodecError::BadId);
        };
        let body = self
            .body
            .as_deref()
            .ok_or_else(|| CodecError::Malformed("the body column is not a blob".into()))?;
        decode_op(actor, counter, time, body)
    }
}

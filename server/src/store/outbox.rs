//! The outbox of notices to residents: rows written once per dispatch and event, claimed
//! by workers (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, on SQLite by its single
//! writer), and marked with how each send went. What the notices say and how they are
//! sent is in `crate::notify`.

use super::{Backend, Store, StoreError};

/// The events a resident hears about, as the `event` column holds them.
pub const EVENTS: [&str; 6] = [
    "issued",
    "at_desa",
    "reminder",
    "handed_over",
    "returned",
    "recalled",
];

/// A notice a worker claimed, to send now.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Claimed {
    /// The row.
    pub id: i64,
    /// The dispatch's tracking code (its integer form).
    pub tracking: i64,
    /// One of [`EVENTS`].
    pub event: String,
    /// Where to (`62…`); `None` once erased.
    pub phone: Option<String>,
    /// Tries so far, this one included.
    pub attempts: i64,
    /// `sms` when WhatsApp said the number has none: this try goes by SMS only.
    pub channel: Option<String>,
}

/// One row, for the dashboard and tests.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct OutboxRow {
    /// The row.
    pub id: i64,
    /// The dispatch's tracking code (its integer form).
    pub tracking: i64,
    /// One of [`EVENTS`].
    pub event: String,
    /// `queued`, `sending`, `sent`, `delivered`, `read`, `failed` or `skipped`.
    pub state: String,
    /// `whatsapp`, `sms` or `log`, once sent.
    pub channel: Option<String>,
    /// Tries so far.
    pub attempts: i64,
    /// Why it failed or was skipped, or the last retry's reason.
    pub error: Option<String>,
    /// Last change (Unix seconds).
    pub updated_at: i64,
}

/// A notice that needs a look, with its dispatch's desa (the outbox page).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingNotice {
    /// The row.
    pub id: i64,
    /// The dispatch's tracking code (its integer form).
    pub tracking: i64,
    /// One of [`EVENTS`].
    pub event: String,
    /// `queued`, `sending`, `failed` or `skipped`.
    pub state: String,
    /// Tries so far.
    pub attempts: i64,
    /// Why it failed or was skipped, or the last retry's reason.
    pub error: Option<String>,
    /// Last change (Unix seconds).
    pub updated_at: i64,
    /// The dispatch's desa (dotted code).
    pub desa_code: String,
}

/// How a claimed notice ended, as the worker records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Handed to a provider.
    Sent {
        /// `whatsapp`, `sms` or `log`.
        channel: &'static str,
        /// The provider's id for it, if any.
        provider_id: Option<String>,
    },
    /// To be tried again at `at`.
    Retry {
        /// Not before this time.
        at: i64,
        /// Why (for the dashboard).
        reason: String,
        /// `sms` to try by SMS only next time.
        channel: Option<&'static str>,
    },
    /// Not sent, and never will be.
    Failed(String),
    /// Not sent on purpose (the number opted out, or was erased).
    Skipped(String),
}

const ROW_COLUMNS: &str = "id, tracking, event, state, channel, attempts, error, updated_at";

impl Store {
    /// Writes the notices due for dispatches changed since `since` (their status's
    /// event) and for those waiting at the desa since before `remind_before` (a
    /// reminder). A notice already written is not written again, so every process may
    /// scan as often as it likes. Returns how many were new.
    pub async fn enqueue_notices(
        &self,
        since: i64,
        remind_before: i64,
        now: i64,
    ) -> Result<u64, StoreError> {
        let by_status = sqlx::query(
            "INSERT INTO outbox (tracking, event, phone, state, attempts, next_at, created_at, updated_at) \
             SELECT tracking, status, applicant_phone, 'queued', 0, $1, $1, $1 FROM dispatches \
             WHERE applicant_phone IS NOT NULL AND updated_at >= $2 \
             AND status IN ('issued', 'at_desa', 'handed_over', 'returned', 'recalled') \
             ON CONFLICT (tracking, event) DO NOTHING",
        )
        .bind(now)
        .bind(since)
        .execute(&self.pool)
        .await?;
        let reminders = sqlx::query(
            "INSERT INTO outbox (tracking, event, phone, state, attempts, next_at, created_at, updated_at) \
             SELECT tracking, 'reminder', applicant_phone, 'queued', 0, $1, $1, $1 FROM dispatches \
             WHERE applicant_phone IS NOT NULL AND status = 'at_desa' AND arrived_at < $2 \
             ON CONFLICT (tracking, event) DO NOTHING",
        )
        .bind(now)
        .bind(remind_before)
        .execute(&self.pool)
        .await?;
        Ok(by_status.rows_affected() + reminders.rows_affected())
    }

    /// Claims up to `limit` notices due now (queued and past their backoff, or left
    /// `sending` by a worker whose claim ran out) until `until`. Two workers never
    /// claim the same row.
    pub async fn claim_notices(
        &self,
        limit: i64,
        now: i64,
        until: i64,
    ) -> Result<Vec<Claimed>, StoreError> {
        let due =
            "(state = 'queued' AND next_at <= $2) OR (state = 'sending' AND claimed_until < $2)";
        let set = "state = 'sending', claimed_until = $1, attempts = attempts + 1, updated_at = $2";
        let sql = match self.backend() {
            // Rows another worker is claiming are skipped, not waited for. The pick is a
            // materialised CTE: as `WHERE id IN (subquery … FOR UPDATE SKIP LOCKED)`
            // PostgreSQL may run the subquery more than once, claim more than `limit`
            // rows, and two workers then send the same notice (seen in the two-server
            // notice test, and in the publishers' claim test).
            Backend::Postgres => format!(
                "WITH picked AS MATERIALIZED (SELECT id AS picked_id FROM outbox WHERE {due} \
                 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
                 UPDATE outbox SET {set} FROM picked WHERE id = picked_id \
                 RETURNING id, tracking, event, phone, attempts, channel"
            ),
            // One writer at a time: the statement is atomic as it stands.
            Backend::Sqlite => format!(
                "UPDATE outbox SET {set} WHERE id IN (SELECT id FROM outbox WHERE {due} \
                 ORDER BY id LIMIT $3) RETURNING id, tracking, event, phone, attempts, channel"
            ),
        };
        // The text is constant: one of the two statements above.
        let mut claimed: Vec<Claimed> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(until)
            .bind(now)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        claimed.sort_by_key(|c| c.id);
        Ok(claimed)
    }

    /// Records how a claimed notice ended, if the claim (held `until`) is still this
    /// worker's: one that ran out and was taken over is the other worker's to record.
    pub async fn finish_notice(
        &self,
        id: i64,
        until: i64,
        outcome: &Outcome,
        now: i64,
    ) -> Result<(), StoreError> {
        let (state, channel, provider_id, error, next_at) = match outcome {
            Outcome::Sent {
                channel,
                provider_id,
            } => ("sent", Some(*channel), provider_id.clone(), None, now),
            Outcome::Retry {
                at,
                reason,
                channel,
            } => ("queued", *channel, None, Some(reason.clone()), *at),
            Outcome::Failed(reason) => ("failed", None, None, Some(reason.clone()), now),
            Outcome::Skipped(reason) => ("skipped", None, None, Some(reason.clone()), now),
        };
        sqlx::query(
            "UPDATE outbox SET state = $1, channel = $2, provider_id = $3, error = $4, \
             next_at = $5, claimed_until = NULL, updated_at = $6 \
             WHERE id = $7 AND state = 'sending' AND claimed_until = $8",
        )
        .bind(state)
        .bind(channel)
        .bind(provider_id)
        .bind(error)
        .bind(next_at)
        .bind(now)
        .bind(id)
        .bind(until)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether a number opted out of notices.
    pub async fn opted_out(&self, phone: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT at FROM opt_outs WHERE phone = $1")
            .bind(phone)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    /// Opts a number out of notices (`true`) or back in.
    pub async fn set_opt_out(&self, phone: &str, out: bool, now: i64) -> Result<(), StoreError> {
        let query = if out {
            sqlx::query(
                "INSERT INTO opt_outs (phone, at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING",
            )
            .bind(phone)
            .bind(now)
        } else {
            sqlx::query("DELETE FROM opt_outs WHERE phone = $1").bind(phone)
        };
        query.execute(&self.pool).await?;
        Ok(())
    }

    /// Erases the applicants' phones of dispatches whose outcome is older than
    /// `before` (handed over, returned or recalled), and the phones of notices done
    /// with since then. Returns how many phones were erased.
    pub async fn erase_phones(&self, before: i64) -> Result<u64, StoreError> {
        let dispatches = sqlx::query(
            "UPDATE dispatches SET applicant_phone = NULL WHERE applicant_phone IS NOT NULL \
             AND status IN ('handed_over', 'returned', 'recalled') AND updated_at < $1",
        )
        .bind(before)
        .execute(&self.pool)
        .await?;
        let notices = sqlx::query(
            "UPDATE outbox SET phone = NULL WHERE phone IS NOT NULL \
             AND state NOT IN ('queued', 'sending') AND updated_at < $1",
        )
        .bind(before)
        .execute(&self.pool)
        .await?;
        Ok(dispatches.rows_affected() + notices.rows_affected())
    }

    /// A dispatch's notices, oldest first.
    pub async fn notices_of(&self, tracking: i64) -> Result<Vec<OutboxRow>, StoreError> {
        let sql = format!("SELECT {ROW_COLUMNS} FROM outbox WHERE tracking = $1 ORDER BY id");
        // The text is constant apart from the column list above; every value is bound.
        let rows: Vec<OutboxRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(tracking)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows)
    }

    /// Notes a message a resident sent (by its id); `false` when it was noted before
    /// (a webhook delivered twice), so it is answered once.
    pub async fn note_inbound(
        &self,
        message_id: &str,
        phone: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO wa_inbound (message_id, phone, at) VALUES ($1, $2, $3)              ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(message_id)
        .bind(phone)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// How many messages a number sent since `since`.
    pub async fn inbound_since(&self, phone: &str, since: i64) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM wa_inbound WHERE phone = $1 AND at >= $2")
                .bind(phone)
                .bind(since)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// When a number last wrote to us, if ever.
    pub async fn last_inbound(&self, phone: &str) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT MAX(at) FROM wa_inbound WHERE phone = $1")
                .bind(phone)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Records a delivery status the provider reported for one of its messages
    /// (`delivered`, `read`, `failed` with a reason). A status never goes back: a late
    /// `delivered` after `read` changes nothing. Returns whether a notice matched.
    pub async fn note_delivery(
        &self,
        provider_id: &str,
        state: &str,
        reason: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        // What each status may follow: it never goes back (a late `delivered` after
        // `read` changes nothing).
        let after = match state {
            "delivered" => "'sent'",
            "read" | "failed" => "'sent', 'delivered'",
            _ => return Ok(false),
        };
        let sql = format!(
            "UPDATE outbox SET state = $1, error = COALESCE($2, error), updated_at = $3 \
             WHERE provider_id = $4 AND state IN ({after})"
        );
        // The text is constant apart from the list of states chosen above.
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(state)
            .bind(reason)
            .bind(now)
            .bind(provider_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The desa of a notice's dispatch (dotted code), if the notice exists.
    pub async fn notice_desa(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT d.desa_code FROM outbox o JOIN dispatches d ON d.tracking = o.tracking \
             WHERE o.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// How many notices are in each state (within `within`, a scope's kecamatan list).
    pub async fn notice_counts(
        &self,
        within: Option<&str>,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT o.state, COUNT(*) FROM outbox o JOIN dispatches d ON d.tracking = o.tracking \
             WHERE (CAST($1 AS TEXT) IS NULL OR (',' || $1 || ',') LIKE ('%,' || d.kecamatan_code || ',%')) \
             GROUP BY o.state ORDER BY o.state",
        )
        .bind(within)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The newest notices that need a look (waiting, being sent, failed or skipped),
    /// with their dispatch's desa; at most `limit`.
    pub async fn notices_pending(
        &self,
        within: Option<&str>,
        limit: i64,
    ) -> Result<Vec<PendingNotice>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT o.id, o.tracking, o.event, o.state, o.attempts, o.error, o.updated_at, \
             d.desa_code FROM outbox o JOIN dispatches d ON d.tracking = o.tracking \
             WHERE o.state IN ('queued', 'sending', 'failed', 'skipped') \
             AND (CAST($1 AS TEXT) IS NULL OR (',' || $1 || ',') LIKE ('%,' || d.kecamatan_code || ',%')) \
             ORDER BY o.updated_at DESC, o.id DESC LIMIT $2",
        )
        .bind(within)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Per desa: dispatches, and those whose resident got at least one notice (sent,
    /// delivered or read).
    pub async fn reach_by_desa(
        &self,
        within: Option<&str>,
    ) -> Result<Vec<(String, i64, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT d.desa_code, COUNT(DISTINCT d.tracking), \
             COUNT(DISTINCT CASE WHEN o.state IN ('sent', 'delivered', 'read') THEN d.tracking END) \
             FROM dispatches d LEFT JOIN outbox o ON o.tracking = d.tracking \
             WHERE (CAST($1 AS TEXT) IS NULL OR (',' || $1 || ',') LIKE ('%,' || d.kecamatan_code || ',%')) \
             GROUP BY d.desa_code ORDER BY d.desa_code",
        )
        .bind(within)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Queues a failed or skipped notice again, from its first try; returns its dispatch
    /// (tracking) when there was one to queue.
    pub async fn resend_notice(&self, id: i64, now: i64) -> Result<Option<i64>, StoreError> {
        let tracking: Option<i64> = sqlx::query_scalar(
            "UPDATE outbox SET state = 'queued', attempts = 0, next_at = $1, error = NULL, \
             claimed_until = NULL, updated_at = $1 WHERE id = $2 AND state IN ('failed', 'skipped') \
             RETURNING tracking",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(tracking)
    }

    /// WhatsApp reported after the fact that a number has none (131026): the notice
    /// goes again, by SMS only. Returns whether one matched.
    pub async fn requeue_for_sms(
        &self,
        provider_id: &str,
        reason: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'queued', channel = 'sms', next_at = $1, error = $2, \
             attempts = 0, claimed_until = NULL, updated_at = $1 \
             WHERE provider_id = $3 AND channel = 'whatsapp' AND state IN ('sent', 'delivered')",
        )
        .bind(now)
        .bind(reason)
        .bind(provider_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Forgets the messages residents sent before `before` (who wrote, and when): kept
    /// only for the 24-hour window and the answers' rate limit.
    pub async fn forget_inbound(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM wa_inbound WHERE at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

//! Receipt keys and receipts: which key the server certified for each device, and the
//! latest receipt of each handed-over dispatch (for the resident's WhatsApp notice).

use antar_shared::receipt::{CertifiedKey, DeviceCertificate, ReceiptError, Statement};
use antar_shared::sync::PublicKey;
use antar_shared::tracking::TrackingCode;

use super::{Store, StoreError};

impl Store {
    /// Certifies `key` as `device`'s receipt key and remembers it. A device that sends
    /// a new key (its replica restored from elsewhere) gets the new one certified: an
    /// old certificate stays valid for the receipts it signed.
    pub async fn certify_receipt_key(
        &self,
        device: i64,
        fact: CertifiedKey,
    ) -> Result<Result<DeviceCertificate, ReceiptError>, StoreError> {
        sqlx::query("UPDATE devices SET receipt_key = $1 WHERE id = $2")
            .bind(fact.key.to_hex())
            .bind(device)
            .execute(&self.pool)
            .await?;
        Ok(DeviceCertificate::issue(&self.key, fact))
    }

    /// The receipt key the server last certified for `device`.
    pub async fn receipt_key(&self, device: i64) -> Result<Option<PublicKey>, StoreError> {
        let hex: Option<Option<String>> =
            sqlx::query_scalar("SELECT receipt_key FROM devices WHERE id = $1")
                .bind(device)
                .fetch_optional(&self.pool)
                .await?;
        Ok(hex.flatten().as_deref().and_then(PublicKey::from_hex))
    }

    /// Keeps a verified receipt, unless a later one of the same dispatch is kept (a
    /// corrected handover signs a new one). Whether it was kept.
    pub async fn keep_receipt(
        &self,
        statement: &Statement,
        text: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO receipts (tracking, receipt, handed_at, device_id, stored_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tracking) DO UPDATE SET \
             receipt = excluded.receipt, handed_at = excluded.handed_at, \
             device_id = excluded.device_id, stored_at = excluded.stored_at \
             WHERE receipts.handed_at < excluded.handed_at",
        )
        .bind(bits(statement.code))
        .bind(text)
        .bind(statement.at.0)
        .bind(i64::from(statement.device.0))
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The receipt kept for a dispatch.
    pub async fn receipt_of(&self, code: TrackingCode) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT receipt FROM receipts WHERE tracking = $1")
                .bind(bits(code))
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

/// A tracking code as the tables keep it (its 60 bits).
fn bits(code: TrackingCode) -> i64 {
    i64::try_from(code.bits()).unwrap_or_default()
}

//! What the replica keeps for residents' receipts: the device's receipt key (made once,
//! kept with the replica and its backups), the server's certificate of it, and how far
//! this device's handovers have had their receipts uploaded.

use antar_shared::receipt::{DeviceCertificate, DeviceKey};

use super::{Replica, ReplicaError};

impl Replica {
    /// The device's receipt key, made the first time it is asked for. Two processes
    /// asking at once keep the same one (the first stored).
    pub async fn receipt_key(&self) -> Result<DeviceKey, ReplicaError> {
        if let Some(hex) = self.meta("receipt_key").await? {
            return parse_key(&hex);
        }
        let fresh = DeviceKey::generate().map_err(|e| ReplicaError::Entropy(e.to_string()))?;
        let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('receipt_key', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(hex)
        .execute(&self.pool)
        .await?;
        let stored = self
            .meta("receipt_key")
            .await?
            .ok_or_else(|| ReplicaError::Corrupt("receipt_key".into()))?;
        parse_key(&stored)
    }

    /// The server's certificate of the receipt key, once it gave one.
    pub async fn receipt_certificate(&self) -> Result<Option<DeviceCertificate>, ReplicaError> {
        Ok(self
            .meta("receipt_certificate")
            .await?
            .as_deref()
            .and_then(DeviceCertificate::from_hex))
    }

    /// Keeps the server's certificate of the receipt key.
    pub async fn set_receipt_certificate(
        &self,
        certificate: &DeviceCertificate,
    ) -> Result<(), ReplicaError> {
        self.set_meta("receipt_certificate", &certificate.to_hex())
            .await
    }

    /// This device's ops up to this counter have had their receipts uploaded; `None`
    /// before the first upload.
    pub async fn receipts_sent_through(&self) -> Result<Option<u64>, ReplicaError> {
        Ok(self
            .meta("receipts_sent_through")
            .await?
            .and_then(|v| v.parse().ok()))
    }

    /// Records how far receipts were uploaded.
    pub async fn set_receipts_sent_through(&self, counter: u64) -> Result<(), ReplicaError> {
        self.set_meta("receipts_sent_through", &counter.to_string())
            .await
    }
}

fn parse_key(hex: &str) -> Result<DeviceKey, ReplicaError> {
    antar_shared::sync::seal::unhex(hex)
        .and_then(|bytes| DeviceKey::from_pkcs8(&bytes).ok())
        .ok_or_else(|| ReplicaError::Corrupt("receipt_key".into()))
}

impl Replica {
    /// The last counter of `actor`'s ops held here (0 when none): whether anything new
    /// was written, without loading the document.
    pub async fn own_counter(
        &self,
        actor: antar_shared::doc::ActorId,
    ) -> Result<u64, ReplicaError> {
        let max: Option<i64> = sqlx::query_scalar("SELECT MAX(counter) FROM ops WHERE actor = $1")
            .bind(i64::from(actor.0))
            .fetch_one(&self.pool)
            .await?;
        Ok(max.and_then(|m| u64::try_from(m).ok()).unwrap_or(0))
    }
}

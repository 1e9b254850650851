//! Evidence blobs (a handover's signature image), by SHA-256.
//!
//! Blobs travel apart from ops (`docs/architecture.md`, "The sync protocol"): an op names its image by
//! hash, and the image follows when the link allows. Storing is idempotent, so a device
//! that lost the answer simply sends the same image again.

use antar_shared::doc::{BlobHash, OpBody, Outcome, Resolution};
use antar_shared::region::VillageCode;

use super::{Store, StoreError};

/// A stored blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredBlob {
    /// The desa of the device that sent it.
    pub desa: String,
    /// `image/png`.
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// When the server stored it (server clock).
    pub received_at: i64,
}

/// A new blob, already checked against its hash.
#[derive(Clone, Copy, Debug)]
pub struct NewBlob<'a> {
    /// SHA-256 of `bytes`.
    pub hash: BlobHash,
    /// The sending device's desa.
    pub desa: VillageCode,
    /// Its media type.
    pub content_type: &'a str,
    /// The bytes.
    pub bytes: &'a [u8],
}

impl Store {
    /// Stores a blob once; `true` when it was new, `false` when it was already held
    /// (a retry), which leaves the first copy untouched.
    pub async fn put_blob(&self, blob: NewBlob<'_>, now: i64) -> Result<bool, StoreError> {
        let _lane = self.write_lane().await;
        let done = sqlx::query(
            "INSERT INTO blobs (hash, desa_code, content_type, size, bytes, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING",
        )
        .bind(blob.hash.0.to_vec())
        .bind(blob.desa.to_string())
        .bind(blob.content_type)
        .bind(i64::try_from(blob.bytes.len()).unwrap_or(i64::MAX))
        .bind(blob.bytes.to_vec())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A stored blob.
    pub async fn get_blob(&self, hash: BlobHash) -> Result<Option<StoredBlob>, StoreError> {
        let row: Option<(String, String, Vec<u8>, i64)> = sqlx::query_as(
            "SELECT desa_code, content_type, bytes, received_at FROM blobs WHERE hash = $1",
        )
        .bind(hash.0.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        Ok(
            row.map(|(desa, content_type, bytes, received_at)| StoredBlob {
                desa,
                content_type,
                bytes,
                received_at,
            }),
        )
    }

    /// Whether a handover in a desa's document names this blob as its evidence (or a
    /// resolution that kept such a handover). Only the desa's handover and resolve ops
    /// are read.
    pub async fn blob_referenced(
        &self,
        desa: VillageCode,
        hash: BlobHash,
    ) -> Result<bool, StoreError> {
        let bodies: Vec<Vec<u8>> = sqlx::query_scalar(
            "SELECT body FROM ops WHERE desa_code = $1 AND kind IN ('handover', 'resolve')",
        )
        .bind(desa.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(bodies.iter().any(|body| {
            let evidence = match antar_shared::doc::codec::decode_body(body) {
                Ok(OpBody::Handover { handover, .. }) => handover.evidence,
                Ok(OpBody::Resolve {
                    choice: Resolution::Outcome(Outcome::HandedOver(handover)),
                    ..
                }) => handover.evidence,
                _ => None,
            };
            evidence == Some(hash)
        }))
    }
}

/// A blob's media type and bytes, for a page that shows a signature (the dashboard).
/// `None` when it has not arrived yet; a storage failure is logged and shows as missing.
pub async fn blob(store: &Store, hash: BlobHash) -> Option<(String, Vec<u8>)> {
    match store.get_blob(hash).await {
        Ok(found) => found.map(|b| (b.content_type, b.bytes)),
        Err(e) => {
            tracing::error!(error = %e, blob = %hash.to_hex(), "reading a blob failed");
            None
        }
    }
}

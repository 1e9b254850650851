//! Evidence blobs in the replica: a handover's signature image, by SHA-256.
//!
//! Blobs travel apart from ops (`docs/architecture.md`, "The sync protocol"): the op carries only the
//! hash, so a sync stays small on a 2G link, and the image follows when there is
//! bandwidth. A blob is written in the same transaction as the op that names it (see
//! [`Replica::store_own_all`]), so there is never an op whose image was lost, nor an
//! image no op refers to.

use antar_shared::doc::BlobHash;
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, Transaction};

use super::{Replica, ReplicaError};

/// The largest blob the agent keeps (a signature drawn on screen is 5–30 KB as PNG).
pub const MAX_BLOB_BYTES: usize = 200 * 1024;

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// An image with its content hash, checked and ready to store.
#[derive(Clone, PartialEq, Eq)]
pub struct Blob {
    /// SHA-256 of `bytes`.
    pub hash: BlobHash,
    /// `image/png`.
    pub content_type: &'static str,
    /// The image.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Blob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blob")
            .field("hash", &self.hash)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Why bytes are not an acceptable image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BlobError {
    /// Larger than [`MAX_BLOB_BYTES`].
    #[error("gambar terlalu besar ({0} byte)")]
    TooLarge(usize),
    /// Not a PNG file.
    #[error("bukan gambar PNG")]
    NotPng,
}

impl Blob {
    /// Checks PNG bytes (size, magic number) and hashes them.
    pub fn png(bytes: Vec<u8>) -> Result<Blob, BlobError> {
        if bytes.len() > MAX_BLOB_BYTES {
            return Err(BlobError::TooLarge(bytes.len()));
        }
        if !bytes.starts_with(PNG_MAGIC) {
            return Err(BlobError::NotPng);
        }
        Ok(Blob {
            hash: sha256(&bytes),
            content_type: "image/png",
            bytes,
        })
    }
}

/// The content hash of bytes.
pub fn sha256(bytes: &[u8]) -> BlobHash {
    BlobHash(Sha256::digest(bytes).into())
}

/// Inserts a blob inside the caller's transaction; the same image twice is one row.
pub(super) async fn insert(
    tx: &mut Transaction<'_, Sqlite>,
    blob: &Blob,
    now: i64,
) -> Result<(), ReplicaError> {
    sqlx::query(
        "INSERT INTO blobs (hash, content_type, bytes, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (hash) DO NOTHING",
    )
    .bind(blob.hash.0.to_vec())
    .bind(blob.content_type)
    .bind(&blob.bytes)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn hash_of(bytes: &[u8]) -> Option<BlobHash> {
    <[u8; 32]>::try_from(bytes).ok().map(BlobHash)
}

impl Replica {
    /// A stored blob: its content type and bytes.
    pub async fn blob(&self, hash: BlobHash) -> Result<Option<(String, Vec<u8>)>, ReplicaError> {
        Ok(
            sqlx::query_as("SELECT content_type, bytes FROM blobs WHERE hash = $1")
                .bind(hash.0.to_vec())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Whether a blob is stored, and when the server took it.
    pub async fn blob_uploaded_at(
        &self,
        hash: BlobHash,
    ) -> Result<Option<Option<i64>>, ReplicaError> {
        Ok(
            sqlx::query_scalar("SELECT uploaded_at FROM blobs WHERE hash = $1")
                .bind(hash.0.to_vec())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Up to `limit` blobs the server does not have yet, oldest first (hashes only, so
    /// a long queue is not read into memory at once).
    pub async fn pending_blobs(&self, limit: u32) -> Result<Vec<BlobHash>, ReplicaError> {
        let rows: Vec<Vec<u8>> = sqlx::query_scalar(
            "SELECT hash FROM blobs WHERE uploaded_at IS NULL ORDER BY created_at, hash LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().filter_map(|h| hash_of(h)).collect())
    }

    /// How many blobs wait for upload (shown beside the changes waiting).
    pub async fn pending_blob_count(&self) -> Result<i64, ReplicaError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM blobs WHERE uploaded_at IS NULL")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Records that the server holds a blob.
    pub async fn mark_uploaded(&self, hash: BlobHash, now: i64) -> Result<(), ReplicaError> {
        sqlx::query("UPDATE blobs SET uploaded_at = $1 WHERE hash = $2 AND uploaded_at IS NULL")
            .bind(now)
            .bind(hash.0.to_vec())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_is_checked_and_hashed() {
        let mut png = PNG_MAGIC.to_vec();
        png.extend_from_slice(b"rest");
        let blob = Blob::png(png.clone()).unwrap();
        assert_eq!(blob.hash, sha256(&png));
        assert_eq!(blob.content_type, "image/png");
        assert_eq!(Blob::png(b"GIF89a".to_vec()), Err(BlobError::NotPng));
        let mut big = PNG_MAGIC.to_vec();
        big.resize(MAX_BLOB_BYTES + 1, 0);
        assert_eq!(Blob::png(big), Err(BlobError::TooLarge(MAX_BLOB_BYTES + 1)));
    }

    #[test]
    fn sha256_is_the_standard_one() {
        assert_eq!(
            sha256(b"abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

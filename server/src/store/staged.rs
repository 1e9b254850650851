//! Checked CSV files waiting for confirmation (see `issuance::staging`): kept in the
//! store so every server process sharing it can confirm what another previewed.

use super::{Store, StoreError};

/// A staged file as stored.
#[derive(Debug, sqlx::FromRow)]
pub struct StagedFile {
    /// The account that uploaded it.
    pub user_id: i64,
    /// When it was checked (Unix seconds).
    pub created: i64,
    /// The uploaded file's name.
    pub file: String,
    /// The file as uploaded.
    pub csv: Vec<u8>,
}

impl Store {
    /// Keeps a file under its token's hash, dropping files older than `cutoff` and,
    /// beyond `max` files, the oldest.
    pub async fn stage_import(
        &self,
        token_hash: &[u8],
        staged: &StagedFile,
        cutoff: i64,
        max: i64,
    ) -> Result<(), StoreError> {
        let csv: &[u8] = &staged.csv;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO staged_imports (token_hash, user_id, created, file, csv) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash.to_vec())
        .bind(staged.user_id)
        .bind(staged.created)
        .bind(&staged.file)
        .bind(csv)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM staged_imports WHERE created < $1")
            .bind(cutoff)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "DELETE FROM staged_imports WHERE token_hash NOT IN \
             (SELECT token_hash FROM staged_imports ORDER BY created DESC, token_hash LIMIT $1)",
        )
        .bind(max)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes (removes and returns) the file a token's hash names, if `user` uploaded
    /// it and it was checked at `not_before` or later. Two processes confirming the
    /// same preview at once: one gets it, the other `None`.
    pub async fn take_staged_import(
        &self,
        token_hash: &[u8],
        user: i64,
        not_before: i64,
    ) -> Result<Option<StagedFile>, StoreError> {
        Ok(sqlx::query_as(
            "DELETE FROM staged_imports WHERE token_hash = $1 AND user_id = $2 AND created >= $3 \
             RETURNING user_id, created, file, csv",
        )
        .bind(token_hash.to_vec())
        .bind(user)
        .bind(not_before)
        .fetch_optional(&self.pool)
        .await?)
    }
}

//! Desa offices: what residents need to know to pick a document up (opening hours).

use antar_shared::region::VillageCode;
use antar_shared::text::OfficeHours;

use super::{Store, StoreError};

impl Store {
    /// Sets (or replaces) a desa office's opening hours.
    pub async fn set_office_hours(
        &self,
        desa: VillageCode,
        hours: &OfficeHours,
        now: i64,
    ) -> Result<(), StoreError> {
        let _lane = self.write_lane().await;
        sqlx::query(
            "INSERT INTO desa_offices (desa_code, hours, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (desa_code) DO UPDATE SET hours = excluded.hours, updated_at = excluded.updated_at",
        )
        .bind(desa.to_string())
        .bind(hours.as_str())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A desa office's opening hours, if set.
    pub async fn office_hours(&self, desa: VillageCode) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT hours FROM desa_offices WHERE desa_code = $1")
                .bind(desa.to_string())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Every desa office with its hours set, by desa code.
    pub async fn all_office_hours(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT desa_code, hours FROM desa_offices ORDER BY desa_code")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}

//! Couriers' trips (manifests): which dispatches travel together to which desa.

use antar_shared::doc::{DispatchId, ManifestId, OpBody};
use antar_shared::region::VillageCode;
use antar_shared::text::PersonName;
use serde::Serialize;

use super::document::WriteError;
use super::{Store, StoreError};

/// A manifest with its items.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Manifest {
    /// Its number.
    pub id: i64,
    /// The courier.
    pub courier: String,
    /// When it was made.
    pub created_at: i64,
    /// Items whose arrival the desa confirmed (ok or damaged), whatever happened to
    /// them afterwards (handed over, returned, recalled): what the courier delivered.
    pub received: i64,
    /// Items: tracking code, desa, status.
    pub items: Vec<ManifestItem>,
}

/// One item of a manifest.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ManifestItem {
    /// Tracking code.
    pub tracking_code: String,
    /// Destination desa.
    pub desa_code: String,
    /// Kind of document.
    pub kind: String,
    /// Holder's name (the courier's list needs it).
    pub holder_name: String,
    /// Current status.
    pub status: String,
    /// The desa confirmed its arrival (ok or damaged), whatever its status now.
    pub received: bool,
}

impl Store {
    /// Creates a manifest for one desa's published dispatches (by row id) and writes
    /// the Dispatch op into its document, in one transaction.
    pub async fn create_manifest(
        &self,
        desa: VillageCode,
        courier: &PersonName,
        items: &[(i64, DispatchId)],
        by: &str,
        now: i64,
    ) -> Result<i64, WriteError> {
        let mut writer = self.write_document(desa, now).await?;
        // Never a number used before a restore: a recovered trip op names its manifest.
        let max: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM manifests")
            .fetch_one(&mut **writer.tx())
            .await?;
        let mut id = super::identity::next_id(max, now, super::identity::Parity::Any);
        // Another server process may take the same number at the same moment.
        while sqlx::query(
            "INSERT INTO manifests (id, courier, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(courier.as_str())
        .bind(now)
        .execute(&mut **writer.tx())
        .await?
        .rows_affected()
            == 0
        {
            id += 1;
        }
        for (row, _) in items {
            sqlx::query("INSERT INTO manifest_items (manifest_id, dispatch_id, desa_code) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(*row)
                .bind(desa.to_string())
                .execute(&mut **writer.tx())
                .await?;
        }
        let body = OpBody::Dispatch {
            manifest: ManifestId(u32::try_from(id).unwrap_or(u32::MAX)),
            courier: courier.clone(),
            items: items.iter().map(|(_, d)| *d).collect(),
        };
        writer.author_as(now, body, by).await?;
        writer.commit().await?;
        Ok(id)
    }

    /// A manifest and its items' current status.
    pub async fn manifest(&self, id: i64) -> Result<Option<Manifest>, StoreError> {
        let head: Option<(i64, String, i64)> =
            sqlx::query_as("SELECT id, courier, created_at FROM manifests WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some((id, courier, created_at)) = head else {
            return Ok(None);
        };
        // `arrived_at` is set by the status projection once an arrival (ok or damaged)
        // exists, and stays set when the item is later returned or handed over.
        let rows: Vec<(i64, String, String, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT d.tracking, d.desa_code, d.kind, d.holder_name, d.status, d.arrived_at FROM manifest_items m \
             JOIN dispatches d ON d.id = m.dispatch_id WHERE m.manifest_id = $1 ORDER BY d.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .into_iter()
            .map(
                |(tracking, desa_code, kind, holder_name, status, arrived_at)| ManifestItem {
                    tracking_code: u64::try_from(tracking)
                        .ok()
                        .and_then(|b| antar_shared::tracking::TrackingCode::from_bits(b).ok())
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                    desa_code,
                    kind,
                    holder_name,
                    status,
                    received: arrived_at.is_some(),
                },
            )
            .collect::<Vec<_>>();
        let received = items.iter().filter(|i| i.received).count();
        Ok(Some(Manifest {
            id,
            courier,
            created_at,
            received: i64::try_from(received).unwrap_or(i64::MAX),
            items,
        }))
    }
}

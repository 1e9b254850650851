//! Read-only questions the dashboard asks: counts, desa health, manifests, and the
//! numbers behind the reports. Aggregation stays in SQL where both backends agree;
//! medians are computed here (SQLite has no percentile function).

use antar_shared::region::VillageCode;
use antar_shared::time::DAY;

use super::{Store, StoreError};

/// How many dispatches are in each status, plus attention flags.
#[derive(Clone, Debug, Default)]
pub struct Overview {
    /// `(status code, count)` for every status present.
    pub by_status: Vec<(String, i64)>,
    /// With a conflict.
    pub conflicts: i64,
    /// Reported missing or overdue on the road.
    pub missing: i64,
    /// Records not yet in their desa's document.
    pub unpublished: i64,
}

/// One desa's sync health.
#[derive(Clone, Debug)]
pub struct DesaHealth {
    /// The desa.
    pub desa: VillageCode,
    /// Active (unrevoked) devices.
    pub devices: i64,
    /// The most recent sync of any of its devices (server time).
    pub last_sync_at: Option<i64>,
    /// Ops the server holds that arrived after that sync: waiting for the desa.
    pub ops_waiting: i64,
    /// Dispatches on the way.
    pub in_transit: i64,
    /// Dispatches waiting at the desa office.
    pub at_desa: i64,
}

/// A manifest in the list.
#[derive(Clone, Debug)]
pub struct ManifestRow {
    /// Its number.
    pub id: i64,
    /// The courier.
    pub courier: String,
    /// When it was made.
    pub created_at: i64,
    /// Its desa.
    pub desa_code: String,
    /// Items on it.
    pub items: i64,
    /// Items whose arrival the desa confirmed (ok or damaged), whatever happened to
    /// them afterwards (a returned item still arrived).
    pub arrived: i64,
}

/// A handed-over dispatch: when it was issued and when it was handed over.
#[derive(Clone, Debug)]
pub struct Handed {
    /// Its kecamatan, dotted.
    pub kecamatan: String,
    /// Issued (server time).
    pub issued_at: i64,
    /// Handed over: the device's claim, kept between issue and the server's receipt
    /// (a wrong village clock cannot push it outside what is possible).
    pub handed_at: i64,
}

impl Store {
    /// Counts for the dashboard's first page. "Missing" follows the status rule:
    /// reported missing, or on the road longer than the policy allows.
    pub async fn overview(&self, now: i64) -> Result<Overview, StoreError> {
        let overdue = now.saturating_sub(
            antar_shared::doc::Policy::default()
                .missing_after_days
                .saturating_mul(DAY),
        );
        let by_status: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM dispatches GROUP BY status ORDER BY status",
        )
        .fetch_all(&self.pool)
        .await?;
        let (conflicts, missing, unpublished): (i64, i64, i64) = sqlx::query_as(
            "SELECT COALESCE(CAST(SUM(conflict) AS BIGINT), 0), COALESCE(CAST(SUM(CASE WHEN reported_missing = 1 OR (status = 'in_transit' AND first_trip_at <= $1) THEN 1 ELSE 0 END) AS BIGINT), 0), \
             COALESCE(CAST(SUM(CASE WHEN issue_actor IS NULL THEN 1 ELSE 0 END) AS BIGINT), 0) FROM dispatches",
        )
        .bind(overdue)
        .fetch_one(&self.pool)
        .await?;
        Ok(Overview {
            by_status,
            conflicts,
            missing,
            unpublished,
        })
    }

    /// Every desa with a device or a dispatch, with its sync health. Counting the ops
    /// waiting reads each desa's ops since its last sync (an index range per desa), so
    /// pages that only need the sync times pass `with_waiting = false`.
    pub async fn desa_health(&self, with_waiting: bool) -> Result<Vec<DesaHealth>, StoreError> {
        let rows: Vec<(String, i64, Option<i64>, i64, i64)> = sqlx::query_as(
            "WITH desa AS ( \
                 SELECT desa_code FROM devices UNION SELECT desa_code FROM dispatches), \
             dev AS ( \
                 SELECT desa_code, COUNT(*) AS n, MAX(last_sync_at) AS last_sync \
                 FROM devices WHERE revoked_at IS NULL GROUP BY desa_code), \
             st AS ( \
                 SELECT desa_code, \
                   CAST(SUM(CASE WHEN status = 'in_transit' THEN 1 ELSE 0 END) AS BIGINT) AS transit, \
                   CAST(SUM(CASE WHEN status = 'at_desa' THEN 1 ELSE 0 END) AS BIGINT) AS waiting \
                 FROM dispatches GROUP BY desa_code) \
             SELECT desa.desa_code, COALESCE(dev.n, 0), dev.last_sync, \
                    COALESCE(st.transit, 0), COALESCE(st.waiting, 0) \
             FROM desa LEFT JOIN dev ON dev.desa_code = desa.desa_code \
             LEFT JOIN st ON st.desa_code = desa.desa_code ORDER BY desa.desa_code",
        )
        .fetch_all(&self.pool)
        .await?;
        let waiting: Vec<(String, i64)> = if with_waiting {
            sqlx::query_as(
                "SELECT o.desa_code, COUNT(*) FROM ops o \
                 WHERE o.received_at > COALESCE((SELECT MAX(last_sync_at) FROM devices d \
                     WHERE d.desa_code = o.desa_code AND d.revoked_at IS NULL), 0) \
                 GROUP BY o.desa_code",
            )
            .fetch_all(&self.pool)
            .await?
        } else {
            Vec::new()
        };
        let waiting: std::collections::HashMap<String, i64> = waiting.into_iter().collect();
        Ok(rows
            .into_iter()
            .filter_map(|(code, devices, last_sync_at, in_transit, at_desa)| {
                Some(DesaHealth {
                    desa: VillageCode::parse(&code).ok()?,
                    devices,
                    last_sync_at,
                    ops_waiting: waiting.get(&code).copied().unwrap_or(0),
                    in_transit,
                    at_desa,
                })
            })
            .collect())
    }

    /// Manifests, newest first, with how much of each has arrived.
    pub async fn list_manifests(&self, limit: i64) -> Result<Vec<ManifestRow>, StoreError> {
        let rows: Vec<(i64, String, i64, String, i64, i64)> = sqlx::query_as(
            "SELECT m.id, m.courier, m.created_at, COALESCE(MIN(i.desa_code), ''), COUNT(i.dispatch_id), \
             COALESCE(CAST(SUM(CASE WHEN d.arrived_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT), 0) \
             FROM manifests m LEFT JOIN manifest_items i ON i.manifest_id = m.id \
             LEFT JOIN dispatches d ON d.id = i.dispatch_id \
             GROUP BY m.id, m.courier, m.created_at ORDER BY m.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, courier, created_at, desa_code, items, arrived)| ManifestRow {
                    id,
                    courier,
                    created_at,
                    desa_code,
                    items,
                    arrived,
                },
            )
            .collect())
    }

    /// Handovers since a time (server receipt), for weekly counts and durations.
    pub async fn handed_over_since(&self, since: i64) -> Result<Vec<Handed>, StoreError> {
        let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
            "SELECT d.kecamatan_code, d.created_at, MIN(o.device_time), MIN(o.received_at) \
             FROM dispatches d \
             JOIN op_refs r ON r.desa_code = d.desa_code AND r.tracking = d.tracking \
             JOIN ops o ON o.desa_code = r.desa_code AND o.seq = r.seq \
             WHERE d.status = 'handed_over' AND o.kind = 'handover' AND o.received_at >= $1 \
             GROUP BY d.id, d.kecamatan_code, d.created_at",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(kecamatan, issued_at, device, received)| Handed {
                kecamatan,
                issued_at,
                handed_at: device.clamp(issued_at, received.max(issued_at)),
            })
            .collect())
    }

    /// Dispatches waiting at each desa office for at least `days`, most first.
    pub async fn aging_by_desa(
        &self,
        days: i64,
        now: i64,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT desa_code, COUNT(*) FROM dispatches WHERE status = 'at_desa' \
             AND arrived_at IS NOT NULL AND arrived_at <= $1 GROUP BY desa_code \
             ORDER BY COUNT(*) DESC, desa_code LIMIT 50",
        )
        .bind(now.saturating_sub(days.saturating_mul(DAY)))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }
}

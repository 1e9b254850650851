//! Read-only questions the dashboard asks: counts, desa health, manifests, and the
//! numbers behind the reports. Aggregation stays in SQL where both backends agree;
//! medians are computed here (SQLite has no percentile function).

use antar_shared::region::VillageCode;
use antar_shared::time::DAY;

use super::{Backend, Store, StoreError};

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

/// Handovers counted for the reports, per kecamatan: by week, and the median days
/// from issue to handover. Aggregated in the database, so the answer's size is the
/// number of kecamatan, not of handovers (ten million dispatches in a national
/// database, `docs/scale.md`).
#[derive(Clone, Debug, Default)]
pub struct HandoverReport {
    /// `(kecamatan, weeks ago, handovers)`: week 0 is the last seven days.
    pub weekly: Vec<(String, i64, i64)>,
    /// `(kecamatan, median days from issue to handover, handovers)`.
    pub medians: Vec<(String, f64, i64)>,
}

/// The median of a list (0 for none).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
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
        // One count per question, each answered from its own partial index.
        let conflicts: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM dispatches WHERE conflict = 1")
                .fetch_one(&self.pool)
                .await?;
        // Reported missing counts only while in transit (the projection keeps it so).
        let missing: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM dispatches WHERE status = 'in_transit' \
             AND (reported_missing = 1 OR first_trip_at <= $1)",
        )
        .bind(overdue)
        .fetch_one(&self.pool)
        .await?;
        let unpublished: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM dispatches WHERE issue_actor IS NULL")
                .fetch_one(&self.pool)
                .await?;
        Ok(Overview {
            by_status,
            conflicts,
            missing,
            unpublished,
        })
    }

    /// Every desa with a device or a dispatch, with its sync health; `ops_waiting` is
    /// left at 0 for [`Store::count_ops_waiting`] to fill for the desa a page shows
    /// (counting it for every desa of a country reads every op, `docs/scale.md`).
    pub async fn desa_health(&self) -> Result<Vec<DesaHealth>, StoreError> {
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
        Ok(rows
            .into_iter()
            .filter_map(|(code, devices, last_sync_at, in_transit, at_desa)| {
                Some(DesaHealth {
                    desa: VillageCode::parse(&code).ok()?,
                    devices,
                    last_sync_at,
                    ops_waiting: 0,
                    in_transit,
                    at_desa,
                })
            })
            .collect())
    }

    /// Fills in how many ops each desa has not yet fetched: those the server received
    /// after its last sync (one index range of that desa's ops each).
    pub async fn count_ops_waiting(&self, rows: &mut [DesaHealth]) -> Result<(), StoreError> {
        for row in rows {
            row.ops_waiting = sqlx::query_scalar(
                "SELECT COUNT(*) FROM ops WHERE desa_code = $1 AND received_at > $2",
            )
            .bind(row.desa.to_string())
            .bind(row.last_sync_at.unwrap_or(0))
            .fetch_one(&self.pool)
            .await?;
        }
        Ok(())
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

    /// Handovers per kecamatan and week for the last `weeks` weeks, and the median
    /// days from issue to handover of those since `median_since`. The handover time is
    /// the projection's `handed_at` (the device's claim, kept between the issue and
    /// the server's receipt).
    pub async fn handover_report(
        &self,
        now: i64,
        weeks: i64,
        median_since: i64,
    ) -> Result<HandoverReport, StoreError> {
        let week = 7 * DAY;
        let weekly: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT kecamatan_code, ($1 - handed_at) / $2, COUNT(*) FROM dispatches \
             WHERE status = 'handed_over' AND handed_at > $3 \
             GROUP BY kecamatan_code, ($1 - handed_at) / $2",
        )
        .bind(now)
        .bind(week)
        .bind(now.saturating_sub(weeks.saturating_mul(week)))
        .fetch_all(&self.pool)
        .await?;
        let weekly = weekly
            .into_iter()
            .map(|(k, w, n)| (k, w.max(0), n))
            .filter(|(_, w, _)| *w < weeks)
            .collect();
        let medians = match self.backend {
            Backend::Postgres => {
                sqlx::query_as(
                    "SELECT kecamatan_code, \
                       CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY handed_at - created_at) AS DOUBLE PRECISION) / 86400.0, \
                       COUNT(*) \
                     FROM dispatches WHERE status = 'handed_over' AND handed_at >= $1 \
                     GROUP BY kecamatan_code ORDER BY kecamatan_code",
                )
                .bind(median_since)
                .fetch_all(&self.pool)
                .await?
            }
            // SQLite has no percentile: a regency's durations, sorted here.
            Backend::Sqlite => {
                let rows: Vec<(String, i64)> = sqlx::query_as(
                    "SELECT kecamatan_code, handed_at - created_at FROM dispatches \
                     WHERE status = 'handed_over' AND handed_at >= $1",
                )
                .bind(median_since)
                .fetch_all(&self.pool)
                .await?;
                let mut by: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
                for (k, secs) in rows {
                    by.entry(k).or_default().push(secs as f64 / DAY as f64);
                }
                by.into_iter()
                    .map(|(k, days)| {
                        let n = days.len() as i64;
                        (k, median(days), n)
                    })
                    .collect()
            }
        };
        Ok(HandoverReport { weekly, medians })
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

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), 0.0);
        assert_eq!(median(vec![5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
    }
}

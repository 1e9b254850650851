//! The residents' status lookup: tracking code in, status and pickup office out.
//!
//! It shows no name and no NIK (`docs/architecture.md`, invariant 4), and an unknown code gets an answer of the
//! same shape as a known one, so the endpoint cannot be used to learn much by guessing.

use antar_shared::doc::Status;
use antar_shared::i18n::Tr;
use antar_shared::region;
use antar_shared::time::{DAY, UnixTime};
use antar_shared::tracking::TrackingCode;
use serde::Serialize;

use crate::error::AppError;
use crate::store::{Store, now};

/// The public answer.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicStatus {
    /// The code as printed.
    pub tracking_code: String,
    /// Whether a dispatch has this code.
    pub found: bool,
    /// Its status, when found.
    pub status: Option<String>,
    /// The status in words, in the request's language.
    pub status_label: Option<String>,
    /// Where to pick it up: the desa office.
    pub pickup_desa: Option<String>,
    /// The desa's kecamatan.
    pub pickup_kecamatan: Option<String>,
    /// The desa office's opening hours, when Dukcapil has recorded them.
    pub pickup_hours: Option<String>,
    /// The kind of document (`kk`, `ktp-el`…), when found.
    pub kind: Option<String>,
    /// The kind in words, in the request's language.
    pub kind_label: Option<String>,
    /// The day it arrived at the desa office (WITA, `2026-11-27`), while it waits there.
    pub arrived_on: Option<String>,
    /// The last day the desa office keeps it (WITA); after that it goes back to
    /// Dukcapil. While it waits there.
    pub kept_until: Option<String>,
}

/// How long a desa office keeps an unclaimed document before it goes back: the days
/// after which the dashboard flags it as waiting too long.
pub fn keep_days() -> i64 {
    antar_shared::doc::Policy::default().aging_after_days
}

/// Looks a code up; the status's words in `tr`'s language.
pub async fn lookup(store: &Store, code: TrackingCode, tr: Tr) -> Result<PublicStatus, AppError> {
    let record = store.dispatch_by_tracking(code, now()).await?;
    let mut answer = PublicStatus {
        tracking_code: code.to_string(),
        found: false,
        status: None,
        status_label: None,
        pickup_desa: None,
        pickup_kecamatan: None,
        pickup_hours: None,
        kind: None,
        kind_label: None,
        arrived_on: None,
        kept_until: None,
    };
    if let Some(record) = record {
        let status: Status = record.status;
        answer.found = true;
        answer.status = Some(status.code().to_owned());
        answer.status_label = Some(tr.status(status));
        answer.pickup_desa = region::lookup(record.desa_code).map(|r| r.name.to_owned());
        answer.pickup_kecamatan =
            region::lookup(record.desa_code.district()).map(|r| r.name.to_owned());
        answer.pickup_hours = store.office_hours(record.desa_code).await?;
        answer.kind = Some(record.kind.code().to_owned());
        answer.kind_label = Some(tr.kind(record.kind));
        if let (Status::AtDesa, Some(arrived)) = (status, record.arrived_at) {
            answer.arrived_on = Some(UnixTime(arrived).wita_date());
            answer.kept_until =
                Some(UnixTime(arrived.saturating_add(keep_days().saturating_mul(DAY))).wita_date());
        }
    }
    Ok(answer)
}

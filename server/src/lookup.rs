//! The residents' status lookup: tracking code in, status and pickup office out.
//!
//! It shows no name and no NIK (`docs/architecture.md`, invariant 4), and an unknown code gets an answer of the
//! same shape as a known one, so the endpoint cannot be used to learn much by guessing.

use antar_shared::doc::Status;
use antar_shared::i18n::Tr;
use antar_shared::region;
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
    }
    Ok(answer)
}

//! Desa offices' opening hours: checked, then stored for the residents' page.

use antar_shared::region::{self, VillageCode};
use antar_shared::text::OfficeHours;

use crate::error::{AppError, ErrorKind};
use crate::store::{Store, now};

/// Sets a desa office's opening hours; returns them as stored (normalised).
pub async fn set_hours(store: &Store, desa: VillageCode, hours: &str) -> Result<String, AppError> {
    region::require(desa).map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    let hours = OfficeHours::parse(hours)
        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    store.set_office_hours(desa, &hours, now()).await?;
    Ok(hours.as_str().to_owned())
}

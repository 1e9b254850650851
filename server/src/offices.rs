//! Desa offices' opening hours: checked, then stored for the residents' page.

use crate::audit::{self, Event, Who};
use antar_shared::region::{self, VillageCode};
use antar_shared::text::OfficeHours;

use crate::error::{AppError, ErrorKind};
use crate::store::{Store, now};

/// Sets a desa office's opening hours; returns them as stored (normalised).
pub async fn set_hours(
    store: &Store,
    who: &Who,
    desa: VillageCode,
    hours: &str,
) -> Result<String, AppError> {
    who.scope().require(desa)?;
    let stored = set_hours_unrecorded(store, desa, hours).await?;
    let event = Event::new("settings_office_hours", desa)
        .desa(desa)
        .detail(serde_json::json!({"hours": stored}));
    audit::record(store, who, event).await;
    Ok(stored)
}

async fn set_hours_unrecorded(
    store: &Store,
    desa: VillageCode,
    hours: &str,
) -> Result<String, AppError> {
    region::require(desa).map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    let hours = OfficeHours::parse(hours)
        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    store.set_office_hours(desa, &hours, now()).await?;
    Ok(hours.as_str().to_owned())
}

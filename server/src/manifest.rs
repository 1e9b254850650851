//! Manifests: a courier's trip to a desa with a list of dispatches.

use crate::audit::{self, Event, Who};
use antar_shared::doc::Status;
use antar_shared::region::{self, VillageCode};
use antar_shared::text::PersonName;
use antar_shared::tracking::TrackingCode;

use crate::error::{AppError, ErrorKind};
use crate::issuance::publish;
use crate::store::dispatches::Filter;
use crate::store::{Store, now};

/// Which dispatches go on the manifest.
#[derive(Clone, Debug)]
pub enum Selection {
    /// Every dispatch of the desa still waiting at Dukcapil.
    AllIssued,
    /// These tracking codes.
    Codes(Vec<TrackingCode>),
}

/// Creates a manifest for one desa. Items must belong to the desa and still be at
/// Dukcapil (status issued). Returns the manifest id and how many items it has.
pub async fn create(
    store: &Store,
    who: &Who,
    courier: &str,
    desa: VillageCode,
    selection: Selection,
) -> Result<(i64, usize), AppError> {
    who.scope().require(desa)?;
    let (id, items) = create_unrecorded(store, who, courier, desa, selection).await?;
    let event = Event::new("manifest_create", id)
        .desa(desa)
        .detail(serde_json::json!({"courier": courier.trim(), "items": items}));
    audit::record(store, who, event).await;
    Ok((id, items))
}

async fn create_unrecorded(
    store: &Store,
    who: &Who,
    courier: &str,
    desa: VillageCode,
    selection: Selection,
) -> Result<(i64, usize), AppError> {
    region::require(desa).map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    let courier = PersonName::parse(courier)
        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    // Records not yet published have no id in the desa document: publish them now.
    publish::publish_all(store, Some(desa), |_| {}).await?;
    let now = now();
    let records = match selection {
        Selection::AllIssued => {
            let filter = Filter {
                desa: Some(desa),
                status: Some(Status::Issued),
                limit: 1000,
                ..Default::default()
            };
            store.list_dispatches(&filter, now).await?
        }
        Selection::Codes(codes) => {
            let codes: std::collections::BTreeSet<TrackingCode> = codes.into_iter().collect();
            if codes.len() > antar_shared::doc::MAX_MANIFEST_ITEMS {
                return Err(AppError::new(ErrorKind::Unprocessable, "manifest.too_many")
                    .arg("max", antar_shared::doc::MAX_MANIFEST_ITEMS));
            }
            let mut records = Vec::new();
            for code in codes {
                let Some(record) = store.dispatch_by_tracking(code, now).await? else {
                    return Err(AppError::not_found("dispatch.not_found").arg("code", code));
                };
                if record.desa_code != desa {
                    return Err(
                        AppError::new(ErrorKind::Unprocessable, "manifest.wrong_desa")
                            .arg("dispatch", code)
                            .arg("for", record.desa_code)
                            .arg("desa", desa),
                    );
                }
                if record.status != Status::Issued {
                    return Err(
                        AppError::new(ErrorKind::Conflict, "manifest.not_at_dukcapil")
                            .arg("dispatch", code)
                            .arg("status", record.status.code()),
                    );
                }
                records.push(record);
            }
            records
        }
    };
    let items: Vec<(i64, antar_shared::doc::DispatchId)> = records
        .iter()
        .filter_map(|r| r.dispatch_id.map(|d| (r.id, d)))
        .collect();
    if items.is_empty() {
        return Err(AppError::new(ErrorKind::Unprocessable, "manifest.empty"));
    }
    let id = store
        .create_manifest(desa, &courier, &items, who.name(), now)
        .await?;
    Ok((id, items.len()))
}

//! Dukcapil acting in a desa's place: recording a receipt, a handover or a return for a
//! desa whose PC died, and settling conflicts.
//!
//! These ops are written as this server process's actor, through the same custody rules
//! as a clerk's (`antar_shared::doc::rules`), so they can never say what a clerk could
//! not; every history shows them as written by Dukcapil on the desa's behalf. A handover
//! recorded here checks a typed NIK against the record's own NIK (the server holds it),
//! exactly; only a record rebuilt after a restore, which lost its NIK, falls back to
//! the desa's slow check value.

use crate::audit::{self, Event, Who};
use antar_shared::doc::{Condition, DispatchState, HandoverEntry, OpBody, Outcome, Resolution};
use antar_shared::text::Reason;
use antar_shared::tracking::TrackingCode;

use crate::dispatch;
use crate::error::{AppError, ErrorKind};
use crate::store::dispatches::DispatchRecord;
use crate::store::{Store, now};

/// A receipt recorded for a desa.
#[derive(Clone, Debug)]
pub struct Receipt {
    /// Ok, damaged, or missing from the delivery.
    pub condition: Condition,
    /// It turned up after being reported missing.
    pub found: bool,
}

/// How a conflict is settled.
#[derive(Clone, Debug)]
pub enum Settle {
    /// Keep the n-th (from 1) of the competing outcomes.
    Keep(usize),
    /// None of them happened: the document is where its arrival says.
    Clear,
    /// The real condition on arrival.
    Arrival(Condition),
}

fn invalid(e: &impl antar_shared::Localized) -> AppError {
    AppError::from_localized(ErrorKind::Unprocessable, e)
}

/// The record, published into its desa's document (publishing first if needed).
async fn published(store: &Store, code: TrackingCode) -> Result<DispatchRecord, AppError> {
    let record = dispatch::get(store, code).await?;
    if record.dispatch_id.is_some() {
        return Ok(record);
    }
    crate::issuance::publish::publish_all(store, Some(record.desa_code), |_| {}).await?;
    dispatch::get(store, code).await
}

/// Writes ops about one dispatch as this server, in one transaction, through the rules;
/// `bodies` sees the record and the dispatch as the transaction holds it.
async fn write(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    bodies: impl FnOnce(&DispatchRecord, &DispatchState) -> Result<Vec<OpBody>, AppError>,
) -> Result<DispatchRecord, AppError> {
    let record = published(store, code).await?;
    who.scope().require(record.desa_code)?;
    let dispatch = record
        .dispatch_id
        .ok_or_else(|| AppError::internal_message("dispatch not published"))?;
    let now = now();
    let mut writer = store.write_document(record.desa_code, now).await?;
    let state = writer
        .state(dispatch)
        .await?
        .cloned()
        .ok_or_else(|| AppError::internal_message("published dispatch without state"))?;
    for body in bodies(&record, &state)? {
        writer.author_as(now, body, who.name()).await?;
    }
    writer.commit().await?;
    dispatch::get(store, code).await
}

fn receive_body(record: &DispatchRecord, receipt: &Receipt) -> Result<OpBody, AppError> {
    let dispatch = record
        .dispatch_id
        .ok_or_else(|| AppError::internal_message("dispatch not published"))?;
    Ok(OpBody::Receive {
        dispatch,
        condition: receipt.condition,
        found: receipt.found,
        correction: None,
        seen: Default::default(),
    })
}

/// Records a desa's receipt on its behalf.
pub async fn receive(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    receipt: &Receipt,
) -> Result<DispatchRecord, AppError> {
    let record = receive_unrecorded(store, who, code, receipt).await?;
    let event = Event::new("custody_receive", code).desa(record.desa_code);
    audit::record(store, who, event).await;
    Ok(record)
}

async fn receive_unrecorded(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    receipt: &Receipt,
) -> Result<DispatchRecord, AppError> {
    write(store, who, code, |record, _| {
        Ok(vec![receive_body(record, receipt)?])
    })
    .await
}

/// Records a handover on a desa's behalf. A typed NIK that is not the holder's refuses
/// it; a correction needs the NIK.
pub async fn handover(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    input: &HandoverEntry,
) -> Result<DispatchRecord, AppError> {
    let record = handover_unrecorded(store, who, code, input).await?;
    let event = Event::new("custody_handover", code).desa(record.desa_code);
    audit::record(store, who, event).await;
    Ok(record)
}

async fn handover_unrecorded(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    input: &HandoverEntry,
) -> Result<DispatchRecord, AppError> {
    let checked = input.check().map_err(|e| invalid(&e))?;
    write(store, who, code, |record, state| {
        let nik_verified = match &checked.nik {
            None => false,
            Some(nik) if nik.expose() == record.nik => true,
            // A record rebuilt after a restore has no NIK: the desa's check value decides.
            Some(nik)
                if record.nik.is_empty()
                    && state
                        .issue
                        .nik_check
                        .verify(nik, state.issue.tracking)
                        .unwrap_or(false) =>
            {
                true
            }
            Some(_) => {
                return Err(AppError::new(
                    ErrorKind::Unprocessable,
                    "handover.nik_mismatch",
                ));
            }
        };
        let dispatch = record
            .dispatch_id
            .ok_or_else(|| AppError::internal_message("dispatch not published"))?;
        let mut bodies = Vec::new();
        if input.receive_first {
            // Found if a device reported it missing, as the rules see it.
            bodies.push(receive_body(
                record,
                &Receipt {
                    condition: Condition::Ok,
                    found: state.reported_missing(),
                },
            )?);
        }
        bodies.push(OpBody::Handover {
            dispatch,
            handover: checked.handover(input, nik_verified, None),
            correction: checked.correction.clone(),
            seen: Default::default(),
        });
        Ok(bodies)
    })
    .await
}

/// Records that a desa sent a document back, on its behalf.
pub async fn send_back(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    reason: &str,
) -> Result<DispatchRecord, AppError> {
    let record = send_back_unrecorded(store, who, code, reason).await?;
    let event = Event::new("custody_return", code).desa(record.desa_code);
    audit::record(store, who, event).await;
    Ok(record)
}

async fn send_back_unrecorded(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    reason: &str,
) -> Result<DispatchRecord, AppError> {
    let reason = Reason::parse(reason).map_err(|e| invalid(&e))?;
    write(store, who, code, |record, _| {
        let dispatch = record
            .dispatch_id
            .ok_or_else(|| AppError::internal_message("dispatch not published"))?;
        Ok(vec![OpBody::Return {
            dispatch,
            reason,
            correction: None,
            seen: Default::default(),
        }])
    })
    .await
}

/// Settles a conflict for everyone (Dukcapil may also set aside its own recall).
pub async fn resolve(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    settle: &Settle,
) -> Result<DispatchRecord, AppError> {
    let record = resolve_unrecorded(store, who, code, settle).await?;
    let event = Event::new("custody_resolve", code).desa(record.desa_code);
    audit::record(store, who, event).await;
    Ok(record)
}

async fn resolve_unrecorded(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    settle: &Settle,
) -> Result<DispatchRecord, AppError> {
    let record = published(store, code).await?;
    let dispatch = record
        .dispatch_id
        .ok_or_else(|| AppError::internal_message("dispatch not published"))?;
    let state = store
        .dispatch_state(record.desa_code, dispatch)
        .await?
        .ok_or_else(|| AppError::internal_message("published dispatch without state"))?;
    let choice = match settle {
        Settle::Clear => Resolution::Outcome(Outcome::Cleared),
        Settle::Arrival(condition) => Resolution::Arrival(*condition),
        Settle::Keep(n) => {
            let values = state.outcomes();
            let kept = n
                .checked_sub(1)
                .and_then(|i| values.get(i))
                .ok_or_else(|| {
                    AppError::new(ErrorKind::Unprocessable, "resolve.no_such_value")
                        .arg("n", n)
                        .arg("versions", values.len())
                })?;
            Resolution::Outcome(kept.value.clone())
        }
    };
    write(store, who, code, |_, _| {
        Ok(vec![OpBody::Resolve {
            dispatch,
            choice,
            seen: Default::default(),
        }])
    })
    .await
}

//! Dispatch records from the operator's side: issue one, show one with its history,
//! list, recall.

use antar_shared::doc::{ActorId, Condition, OpBody, Outcome, Resolution};
use antar_shared::text::Reason;
use antar_shared::tracking::TrackingCode;
use serde::Serialize;

use crate::error::{AppError, ErrorKind};
use crate::issuance::{DispatchInput, invalid_input};
use crate::store::dispatches::DispatchRecord;
use crate::store::{Store, now};

/// One event in a dispatch's history, with both clocks (invariant 5).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// Op kind (`issue`, `dispatch`, `receive`, `handover`…).
    pub kind: String,
    /// Who wrote it: `server` or `device N`.
    pub by: String,
    /// The author's clock (a claim: village PCs have wrong dates).
    pub device_time: i64,
    /// When the server received it.
    pub received_at: i64,
    /// What it says, in Indonesian.
    pub summary: String,
}

/// A dispatch with its history and the values of any conflict.
#[derive(Clone, Debug, Serialize)]
pub struct DispatchDetail {
    /// The record and its status.
    #[serde(flatten)]
    pub record: DispatchRecord,
    /// Every event, in the order the server stored them.
    pub history: Vec<HistoryEntry>,
    /// The concurrent outcomes when there is a conflict (otherwise at most one).
    pub outcomes: Vec<String>,
}

fn not_found(code: TrackingCode) -> AppError {
    AppError::not_found(
        "dispatch.not_found",
        format!("Kode lacak {code} tidak ditemukan"),
        format!("Tracking code {code} not found"),
    )
}

/// Issues one dispatch; returns its tracking code.
pub async fn issue(store: &Store, input: &DispatchInput) -> Result<TrackingCode, AppError> {
    let dispatch = input.validate(0).map_err(invalid_input)?;
    let codes = store
        .insert_dispatches(std::slice::from_ref(&dispatch), now())
        .await?;
    codes
        .into_iter()
        .next()
        .ok_or_else(|| AppError::internal("no tracking code returned"))
}

/// A dispatch record by tracking code.
pub async fn get(store: &Store, code: TrackingCode) -> Result<DispatchRecord, AppError> {
    store
        .dispatch_by_tracking(code, now())
        .await?
        .ok_or_else(|| not_found(code))
}

/// A dispatch with its history.
pub async fn show(store: &Store, code: TrackingCode) -> Result<DispatchDetail, AppError> {
    let record = get(store, code).await?;
    let Some(id) = record.dispatch_id else {
        return Ok(DispatchDetail {
            record,
            history: Vec::new(),
            outcomes: Vec::new(),
        });
    };
    let history = store.dispatch_history(record.desa_code, id).await?;
    let state = store.dispatch_state(record.desa_code, id).await?;
    let outcomes = state
        .map(|s| {
            s.outcomes()
                .iter()
                .map(|o| describe_outcome(&o.value))
                .collect()
        })
        .unwrap_or_default();
    let history = history
        .iter()
        .map(|stored| HistoryEntry {
            kind: stored.op.body.name().to_owned(),
            by: if stored.op.dot.actor == ActorId::SERVER {
                "server".to_owned()
            } else {
                format!("device {}", stored.op.dot.actor.0)
            },
            device_time: stored.op.time.0,
            received_at: stored.received_at,
            summary: describe(&stored.op.body),
        })
        .collect();
    Ok(DispatchDetail {
        record,
        history,
        outcomes,
    })
}

fn describe_outcome(outcome: &Outcome) -> String {
    match outcome {
        Outcome::HandedOver(h) => format!(
            "Diserahkan kepada {} ({}), petugas {}",
            h.recipient,
            h.relation.label(antar_shared::Lang::Id),
            h.clerk
        ),
        Outcome::Returned(reason) => format!("Dikembalikan: {reason}"),
        Outcome::Recalled(reason) => format!("Ditarik: {reason}"),
        Outcome::Cleared => "Dibatalkan (tetap di desa)".to_owned(),
    }
}

fn describe(body: &OpBody) -> String {
    match body {
        OpBody::Issue(issue) => format!(
            "Diterbitkan: {} no. {}",
            issue.kind.name(antar_shared::Lang::Id),
            issue.number
        ),
        OpBody::Dispatch {
            manifest, courier, ..
        } => format!("Manifes {} dibawa {courier}", manifest.0),
        OpBody::Receive { condition, .. } => match condition {
            Condition::Ok => "Diterima di desa".to_owned(),
            Condition::Damaged => "Diterima di desa dalam keadaan rusak".to_owned(),
            Condition::Missing => "Dilaporkan tidak ada dalam kiriman".to_owned(),
        },
        OpBody::Handover { handover, .. } => {
            describe_outcome(&Outcome::HandedOver(handover.clone()))
        }
        OpBody::Return { reason, .. } => format!("Dikembalikan: {reason}"),
        OpBody::Recall { reason, .. } => format!("Ditarik Dukcapil: {reason}"),
        OpBody::Resolve { choice, .. } => match choice {
            Resolution::Arrival(c) => format!("Konflik diselesaikan: kondisi {c:?}"),
            Resolution::Outcome(o) => format!("Konflik diselesaikan: {}", describe_outcome(o)),
        },
        OpBody::Note { text, .. } => format!("Catatan: {text}"),
    }
}

/// Recalls a dispatch (a misprint): Dukcapil wants it back.
pub async fn recall(
    store: &Store,
    code: TrackingCode,
    reason: &str,
) -> Result<DispatchRecord, AppError> {
    let reason = Reason::parse(reason)
        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    let mut record = get(store, code).await?;
    if record.dispatch_id.is_none() {
        crate::issuance::publish::publish_all(store, Some(record.desa_code), |_| {}).await?;
        record = get(store, code).await?;
    }
    let id = record
        .dispatch_id
        .ok_or_else(|| AppError::internal("dispatch not published"))?;
    let now = now();
    let mut writer = store.write_document(record.desa_code, now).await?;
    // A recall must not silently erase a handover or a return: those are settled first.
    let decided = writer.state(id).await?.is_some_and(|s| {
        s.outcomes()
            .iter()
            .any(|o| !matches!(o.value, Outcome::Cleared))
    });
    if decided {
        return Err(crate::store::document::WriteError::AlreadyDecided(id).into());
    }
    writer
        .author(
            now,
            OpBody::Recall {
                dispatch: id,
                reason,
                seen: Default::default(),
            },
        )
        .await?;
    writer.commit().await?;
    get(store, code).await
}

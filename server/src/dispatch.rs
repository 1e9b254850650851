//! Dispatch records from the operator's side: issue one, show one with its history,
//! list, recall.

use crate::audit::{self, Event, Who};
use antar_shared::doc::{OpBody, Reissue};
use antar_shared::i18n::Tr;
use antar_shared::text::Reason;
use antar_shared::tracking::TrackingCode;
use serde::Serialize;

use crate::error::{AppError, ErrorKind};
use crate::issuance::{DispatchInput, invalid_input};
use crate::store::dispatches::{DispatchRecord, Replaced};
use crate::store::{Store, now};

/// One event in a dispatch's history, with both clocks (`docs/architecture.md`, invariant 5).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// Op kind (`issue`, `dispatch`, `receive`, `handover`…).
    pub kind: String,
    /// Who wrote it ("Dukcapil", "Dukcapil atas nama desa", "Perangkat desa 7"), in the
    /// request's language.
    pub by: String,
    /// The author's clock (a claim: village PCs have wrong dates).
    pub device_time: i64,
    /// When the server received it.
    pub received_at: i64,
    /// What it says, in the request's language.
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
    AppError::not_found("dispatch.not_found").arg("code", code)
}

/// Issues one dispatch; returns its tracking code and what it reissues, if anything.
///
/// A document (kind and number) that already has an open dispatch is refused
/// (`dispatch.exists`, naming it) unless the input names that dispatch in `replaces`
/// with a `replace_reason`: then it is recalled and the new one issued as its
/// replacement, in one transaction. A document whose earlier dispatch is closed is
/// issued as a reprint of it.
pub async fn issue(
    store: &Store,
    who: &Who,
    input: &DispatchInput,
) -> Result<IssuedDispatch, AppError> {
    if let Ok(desa) = antar_shared::region::VillageCode::parse(&input.desa_code) {
        who.scope().require(desa)?;
    }
    let mut issued = issue_unrecorded(store, who, input).await?;
    match store
        .record_batch(&[issued.tracking_code], who.name(), "", now())
        .await
    {
        Ok(batch) => issued.batch = Some(batch),
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "who issued it not noted"),
    }
    let mut event = Event::new("dispatch_issue", issued.tracking_code)
        .detail(serde_json::json!({"kind": input.kind, "reissue": issued.reissue.map(|r| r.earlier().to_string())}));
    if let Ok(desa) = antar_shared::region::VillageCode::parse(&input.desa_code) {
        event = event.desa(desa);
    }
    audit::record(store, who, event).await;
    Ok(issued)
}

async fn issue_unrecorded(
    store: &Store,
    who: &Who,
    input: &DispatchInput,
) -> Result<IssuedDispatch, AppError> {
    let (dispatch, replacement) = match (input.validate(0), input.replacement(0)) {
        (Ok(dispatch), Ok(replacement)) => (dispatch, replacement),
        (fields, replacement) => {
            let mut errors = fields.err().unwrap_or_default();
            errors.extend(replacement.err().unwrap_or_default());
            return Err(invalid_input(errors));
        }
    };
    if let Some((old, reason)) = replacement {
        return replace(store, who, old, reason, &dispatch).await;
    }
    let report = store
        .issue_dispatches(
            std::slice::from_ref(&dispatch),
            crate::store::dispatches::OnExisting::Refuse,
            now(),
        )
        .await?;
    let precedent = report.precedents.first().cloned().unwrap_or_default();
    match report.codes.first().copied().flatten() {
        Some(tracking_code) => Ok(IssuedDispatch {
            tracking_code,
            reissue: precedent.reprint_of().map(Reissue::Reprint),
            batch: None,
        }),
        None if !precedent.open.is_empty() => {
            Err(crate::issuance::already_open(&dispatch, &precedent.open))
        }
        None => Err(AppError::internal_message("no tracking code returned")),
    }
}

/// A newly issued dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IssuedDispatch {
    /// Its tracking code.
    pub tracking_code: TrackingCode,
    /// The earlier dispatch of the same document it reprints or replaces.
    pub reissue: Option<Reissue>,
    /// Its batch (of one), for its slip.
    pub batch: Option<i64>,
}

/// Recalls the open dispatch `old` with `reason` and issues `dispatch` as its
/// replacement; nothing happens when the custody rules refuse the recall (`old` was
/// already handed over or returned) or the new document has another open dispatch.
async fn replace(
    store: &Store,
    who: &Who,
    old: TrackingCode,
    reason: Reason,
    dispatch: &crate::store::dispatches::NewDispatch,
) -> Result<IssuedDispatch, AppError> {
    let mut record = get(store, old).await?;
    who.scope().require(record.desa_code)?;
    if record.dispatch_id.is_none() {
        // Its Issue op must be in the desa document before a Recall can name it.
        crate::issuance::publish::publish_all(store, Some(record.desa_code), |_| {}).await?;
        record = get(store, old).await?;
    }
    let id = record
        .dispatch_id
        .ok_or_else(|| AppError::internal_message("dispatch not published"))?;
    match store
        .replace_dispatch(record.desa_code, id, reason, dispatch, who.name(), now())
        .await?
    {
        Replaced::Issued(tracking_code) => Ok(IssuedDispatch {
            tracking_code,
            reissue: Some(Reissue::Replaces(old)),
            batch: None,
        }),
        Replaced::OtherOpen(open) => Err(crate::issuance::already_open(dispatch, &open)),
    }
}

/// A dispatch record by tracking code.
pub async fn get(store: &Store, code: TrackingCode) -> Result<DispatchRecord, AppError> {
    store
        .dispatch_by_tracking(code, now())
        .await?
        .ok_or_else(|| not_found(code))
}

/// A dispatch with its history, its words (history summaries, authors, conflicting
/// outcomes) in `tr`'s language: the API's request language, the command line's own.
///
/// An account scoped to other kecamatan is refused (`scope.outside`).
pub async fn show(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    tr: Tr,
) -> Result<DispatchDetail, AppError> {
    let record = get(store, code).await?;
    who.scope().require(record.desa_code)?;
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
        .map(|s| s.outcomes().iter().map(|o| tr.outcome(&o.value)).collect())
        .unwrap_or_default();
    let names = author_names(store, record.desa_code, code, &history).await;
    let history = history
        .iter()
        .map(|stored| HistoryEntry {
            kind: stored.op.body.name().to_owned(),
            by: tr.author(
                stored.op.dot.actor,
                &stored.op.body,
                None,
                names.get(&stored.op.id()).map(String::as_str),
            ),
            device_time: stored.op.time.0,
            received_at: stored.received_at,
            summary: summary(tr, &stored.op.body),
        })
        .collect();
    Ok(DispatchDetail {
        record,
        history,
        outcomes,
    })
}

/// Records matching a filter, one page, and how many match in all. A search by NIK
/// is answered (the server holds NIKs) and written in the audit log, masked.
pub async fn list(
    store: &Store,
    who: &Who,
    filter: &crate::store::dispatches::Filter,
) -> Result<(Vec<DispatchRecord>, i64), AppError> {
    audit_nik_search(store, who, filter).await;
    page(store, who, filter).await
}

/// How far a page counts the records its filter matches before it says "more than".
pub const PAGE_COUNT_CAP: i64 = 10_000;

/// How many records a page's filter matches: exact up to [`PAGE_COUNT_CAP`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageCount {
    /// The count, or the cap.
    pub count: i64,
    /// More than `count` match.
    pub more: bool,
}

/// One page of records for a person reading it, and how many match up to
/// [`PAGE_COUNT_CAP`] (the API's and the export's callers get the exact count from
/// [`list`] and [`list_all`]). A search by NIK is written in the audit log, masked.
pub async fn list_page(
    store: &Store,
    who: &Who,
    filter: &crate::store::dispatches::Filter,
) -> Result<(Vec<DispatchRecord>, PageCount), AppError> {
    audit_nik_search(store, who, filter).await;
    let now = now();
    let mut filter = filter.clone();
    filter.within = who.scope().joined();
    let records = store.list_dispatches(&filter, now).await?;
    let counted = store
        .count_dispatches_upto(&filter, now, PAGE_COUNT_CAP + 1)
        .await?;
    Ok((
        records,
        PageCount {
            count: counted.min(PAGE_COUNT_CAP),
            more: counted > PAGE_COUNT_CAP,
        },
    ))
}

/// The refusal of a NIK searched for in an address (a page's or the API's query
/// string), which names where it goes instead.
pub fn nik_in_url() -> AppError {
    AppError::new(crate::error::ErrorKind::BadRequest, "search.nik_in_url")
        .arg("route", "POST /api/v1/dispatches/search")
}

/// Every dispatch the filter matches, page after page from its offset (a program asking
/// for "all" never gets a silently cut list), and how many match; a NIK search is
/// written in the audit log once, not once per page.
pub async fn list_all(
    store: &Store,
    who: &Who,
    filter: &crate::store::dispatches::Filter,
) -> Result<(Vec<DispatchRecord>, i64), AppError> {
    audit_nik_search(store, who, filter).await;
    let mut filter = filter.clone();
    let (mut records, total) = page(store, who, &filter).await?;
    let start = filter.offset;
    while start + i64::try_from(records.len()).unwrap_or(i64::MAX) < total {
        filter.offset = start + i64::try_from(records.len()).unwrap_or(i64::MAX);
        let (more, _) = page(store, who, &filter).await?;
        if more.is_empty() {
            break;
        }
        records.extend(more);
    }
    Ok((records, total))
}

/// A search by NIK is written in the audit log (masked): who looked for whom.
async fn audit_nik_search(store: &Store, who: &Who, filter: &crate::store::dispatches::Filter) {
    if let Some(crate::store::dispatches::Search::Nik(nik)) = &filter.search {
        audit::record(store, who, Event::new("search_nik", nik.masked())).await;
    }
}

/// One page within the caller's scope, and how many match in all.
async fn page(
    store: &Store,
    who: &Who,
    filter: &crate::store::dispatches::Filter,
) -> Result<(Vec<DispatchRecord>, i64), AppError> {
    let now = now();
    let mut filter = filter.clone();
    filter.within = who.scope().joined();
    let records = store.list_dispatches(&filter, now).await?;
    let total = store.count_dispatches(&filter, now).await?;
    Ok((records, total))
}

/// The names behind a history's ops (staff accounts, devices); a failed lookup leaves
/// the words without names (and is logged) rather than failing the page.
pub async fn author_names(
    store: &Store,
    desa: antar_shared::region::VillageCode,
    code: TrackingCode,
    history: &[crate::store::document::StoredOp],
) -> std::collections::HashMap<antar_shared::doc::OpId, String> {
    let ops: Vec<_> = history
        .iter()
        .map(|s| (s.op.id(), matches!(s.op.body, OpBody::Issue(_))))
        .collect();
    store
        .author_names(desa, code, &ops)
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %format!("{e:#}"), "names behind a history not found");
            Default::default()
        })
}

/// An op in one line: what it says, then its details (a handover's ID, NIK check and
/// clerk), as the dashboard shows it.
pub fn summary(tr: Tr, body: &OpBody) -> String {
    std::iter::once(tr.op(body))
        .chain(tr.op_details(body))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Recalls a dispatch (a misprint): Dukcapil wants it back.
pub async fn recall(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    reason: &str,
) -> Result<DispatchRecord, AppError> {
    let record = recall_unrecorded(store, who, code, reason).await?;
    let event = Event::new("dispatch_recall", code)
        .desa(record.desa_code)
        .detail(serde_json::json!({"reason": reason.trim()}));
    audit::record(store, who, event).await;
    Ok(record)
}

async fn recall_unrecorded(
    store: &Store,
    who: &Who,
    code: TrackingCode,
    reason: &str,
) -> Result<DispatchRecord, AppError> {
    let reason = Reason::parse(reason)
        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    let mut record = get(store, code).await?;
    who.scope().require(record.desa_code)?;
    if record.dispatch_id.is_none() {
        crate::issuance::publish::publish_all(store, Some(record.desa_code), |_| {}).await?;
        record = get(store, code).await?;
    }
    let id = record
        .dispatch_id
        .ok_or_else(|| AppError::internal_message("dispatch not published"))?;
    let now = now();
    let mut writer = store.write_document(record.desa_code, now).await?;
    // The custody rules refuse a recall that would erase a handover or a return.
    writer
        .author_as(
            now,
            OpBody::Recall {
                dispatch: id,
                reason,
                seen: Default::default(),
            },
            who.name(),
        )
        .await?;
    writer.commit().await?;
    get(store, code).await
}

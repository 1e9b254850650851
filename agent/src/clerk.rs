//! What a clerk does at the desa office, as plain functions over the replica: receive,
//! hand over, return, resolve. Each stores its op durably before returning.
//!
//! Every op is authored through the custody rules (`antar_shared::doc::rules`), the
//! same ones the server applies: the CLI and the clerk's UI cannot do what the rules
//! refuse, and what they write is never refused later.

use antar_shared::doc::{
    Clock, Condition, DesaDoc, DispatchState, HandoverEntry, Op, OpBody, Outcome, Resolution,
};
use antar_shared::lang::Localized;
use antar_shared::text::Reason;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;

use crate::now;
use crate::replica::{Blob, Enrollment, Replica, ReplicaError};

/// A clerk's action that could not be done. Nothing was stored. The clerk reads the
/// message of its code (`tr.error(&e)`); the `Display` text is for the log.
#[derive(Debug, thiserror::Error)]
pub enum ClerkError {
    /// A typed value is invalid (code, name, NIK…), or the rules refuse the action.
    #[error("refused: {code} {args:?}")]
    Invalid {
        /// Stable code, naming the message.
        code: &'static str,
        /// The message's arguments.
        args: Vec<(&'static str, String)>,
    },
    /// The replica failed.
    #[error(transparent)]
    Replica(#[from] ReplicaError),
}

impl ClerkError {
    /// A refusal with a message of its own.
    fn invalid(code: &'static str, args: Vec<(&'static str, String)>) -> Self {
        ClerkError::Invalid { code, args }
    }

    /// A library error (a typed value, a custody rule) as a refusal.
    fn from_localized(e: &impl Localized) -> Self {
        ClerkError::invalid(e.code(), e.args())
    }
}

impl Localized for ClerkError {
    fn code(&self) -> &'static str {
        match self {
            ClerkError::Invalid { code, .. } => code,
            ClerkError::Replica(e) => e.code(),
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ClerkError::Invalid { args, .. } => args.clone(),
            ClerkError::Replica(e) => e.args(),
        }
    }
}

/// Parses a typed or scanned tracking code.
pub fn parse_code(input: &str) -> Result<TrackingCode, ClerkError> {
    TrackingCode::parse(input).map_err(|e| ClerkError::from_localized(&e))
}

/// The dispatch with this code in the replica, or an error that says it has not
/// arrived in the data yet (not silently accepted).
pub fn find(doc: &DesaDoc, code: TrackingCode) -> Result<&DispatchState, ClerkError> {
    doc.find(code).ok_or_else(|| {
        ClerkError::invalid("dispatch.not_in_replica", vec![("code", code.to_string())])
    })
}

/// Authors an op as this device and stores it durably; retries if another process on
/// the same replica took the same counter first. `signed_in` is the clerk logged in to
/// the UI in LAN mode, kept in the office's log beside the op.
pub async fn record(
    replica: &Replica,
    me: &Enrollment,
    signed_in: Option<&str>,
    build: impl Fn(&DesaDoc) -> Result<OpBody, ClerkError>,
) -> Result<Op, ClerkError> {
    let mut ops = record_all(replica, me, signed_in, None, |doc| Ok(vec![build(doc)?])).await?;
    ops.pop()
        .ok_or_else(|| ClerkError::Replica(ReplicaError::Corrupt("no op written".into())))
}

/// Authors several ops as this device, one after another, and stores them with the
/// blob they name in one transaction: all are saved or none. Retries if another process
/// on the same replica took one of the counters first.
pub async fn record_all(
    replica: &Replica,
    me: &Enrollment,
    signed_in: Option<&str>,
    blob: Option<&Blob>,
    build: impl Fn(&DesaDoc) -> Result<Vec<OpBody>, ClerkError>,
) -> Result<Vec<Op>, ClerkError> {
    let mut last = None;
    for _ in 0..5 {
        let mut doc = replica.load(me.desa).await?;
        // The next counter may be one this device already used (its own ops set aside
        // by doctor, or missing after a restore): never author under it.
        if replica.own_ops_pending(doc.clock().get(&me.actor)).await? {
            return Err(ClerkError::invalid("device.recovering_own_ops", Vec::new()));
        }
        let bodies = build(&doc)?;
        let mut ops = Vec::with_capacity(bodies.len());
        for body in bodies {
            let op = doc
                .author(me.actor, UnixTime(now()), body)
                .map_err(|e| ClerkError::from_localized(&e))?;
            // Applied to this working copy only, so the next op gets the next counter.
            doc.apply(op.clone())
                .map_err(|e| ClerkError::from_localized(&e))?;
            ops.push(op);
        }
        match replica.store_own_all(&ops, blob, signed_in).await {
            Ok(()) => return Ok(ops),
            Err(ReplicaError::Database(e))
                if e.as_database_error()
                    .is_some_and(|d| d.is_unique_violation()) =>
            {
                last = Some(ReplicaError::Database(e));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(last
        .map(ClerkError::from)
        .unwrap_or(ClerkError::Replica(ReplicaError::NotEnrolled)))
}

/// How a receipt is recorded.
#[derive(Clone, Debug)]
pub struct Arrival {
    /// Damaged, or missing from the delivery (ok otherwise).
    pub condition: Condition,
    /// It turned up after someone reported it missing ("ditemukan").
    pub found: bool,
    /// This corrects an earlier record of the arrival, with why.
    pub correction: Option<String>,
}

impl Default for Arrival {
    fn default() -> Self {
        Arrival {
            condition: Condition::Ok,
            found: false,
            correction: None,
        }
    }
}

fn receive_body(
    doc: &DesaDoc,
    code: TrackingCode,
    arrival: &Arrival,
) -> Result<OpBody, ClerkError> {
    let correction = match &arrival.correction {
        Some(why) => Some(Reason::parse(why).map_err(|e| ClerkError::from_localized(&e))?),
        None => None,
    };
    Ok(OpBody::Receive {
        dispatch: find(doc, code)?.id,
        condition: arrival.condition,
        found: arrival.found,
        correction,
        seen: Clock::new(),
    })
}

/// Confirms receipt of a dispatch (or reports it damaged or missing).
pub async fn receive(
    replica: &Replica,
    me: &Enrollment,
    signed_in: Option<&str>,
    code: TrackingCode,
    arrival: &Arrival,
) -> Result<Op, ClerkError> {
    record(replica, me, signed_in, |doc| {
        receive_body(doc, code, arrival)
    })
    .await
}

/// Confirms receipt of several dispatches (ticked on a manifest) in one transaction, or
/// reports them missing: each gets its own op, and either all are saved or none.
pub async fn receive_many(
    replica: &Replica,
    me: &Enrollment,
    signed_in: Option<&str>,
    codes: &[TrackingCode],
    arrival: &Arrival,
) -> Result<Vec<Op>, ClerkError> {
    record_all(replica, me, signed_in, None, |doc| {
        codes
            .iter()
            .map(|code| receive_body(doc, *code, arrival))
            .collect()
    })
    .await
}

/// The result of checking a typed NIK.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NikMatch {
    /// No NIK was typed.
    NotChecked,
    /// It is the holder's.
    Matches,
}

/// Records a handover. A typed NIK that is not the holder's refuses the handover.
/// `evidence` (a signature image) is stored with the op, which names it by hash.
pub async fn handover(
    replica: &Replica,
    me: &Enrollment,
    signed_in: Option<&str>,
    code: TrackingCode,
    form: &HandoverEntry,
    evidence: Option<&Blob>,
) -> Result<(Op, NikMatch), ClerkError> {
    let checked = form.check().map_err(|e| ClerkError::from_localized(&e))?;
    let doc = replica.load(me.desa).await?;
    let issue = find(&doc, code)?.issue.clone();
    let matched = match &checked.nik {
        None => NikMatch::NotChecked,
        Some(nik) => {
            let (check, nik) = (issue.nik_check, nik.clone());
            // A failed check (its task lost) is a mismatch: nothing is written.
            let ok = tokio::task::spawn_blocking(move || check.verify(&nik, code))
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or(false);
            if !ok {
                return Err(ClerkError::invalid("handover.nik_mismatch", Vec::new()));
            }
            NikMatch::Matches
        }
    };
    let handover = checked.handover(form, matched == NikMatch::Matches, evidence.map(|b| b.hash));
    let correction = checked.correction;
    let mut ops = record_all(replica, me, signed_in, evidence, |doc| {
        let state = find(doc, code)?;
        let mut bodies = Vec::new();
        if form.receive_first {
            let arrival = Arrival {
                found: state.reported_missing(),
                ..Arrival::default()
            };
            bodies.push(receive_body(doc, code, &arrival)?);
        }
        bodies.push(OpBody::Handover {
            dispatch: state.id,
            handover: handover.clone(),
            correction: correction.clone(),
            seen: Clock::new(),
        });
        Ok(bodies)
    })
    .await?;
    let op = ops
        .pop()
        .ok_or_else(|| ClerkError::Replica(ReplicaError::Corrupt("no op written".into())))?;
    Ok((op, matched))
}

/// Sends a dispatch back to Dukcapil (`correction`: this corrects an earlier handover
/// or return, with why).
pub async fn send_back(
    replica: &Replica,
    me: &Enrollment,
    signed_in: Option<&str>,
    code: TrackingCode,
    reason: &str,
    correction: Option<&str>,
) -> Result<Op, ClerkError> {
    let reason = Reason::parse(reason).map_err(|e| ClerkError::from_localized(&e))?;
    let correction = match correction {
        Some(why) => Some(Reason::parse(why).map_err(|e| ClerkError::from_localized(&e))?),
        None => None,
    };
    record(replica, me, signed_in, |doc| {
        let dispatch = find(doc, code)?.id;
        Ok(OpBody::Return {
            dispatch,
            reason: reason.clone(),
            correction: correction.clone(),
            seen: Clock::new(),
        })
    })
    .await
}

/// How a conflict is settled.
#[derive(Clone, Debug)]
pub enum Choice {
    /// Keep the n-th (1-based) of the current outcome values.
    Keep(usize),
    /// Keep this outcome value (as shown to the clerk: immune to a sync reordering the
    /// values between showing and choosing).
    Value(Outcome),
    /// None of them happened: the document is still at the desa.
    Neither,
    /// The real condition on arrival.
    Condition(Condition),
}

/// Resolves a conflict with an op that supersedes every value this device sees.
pub async fn resolve(
    replica: &Replica,
    me: &Enrollment,
    signed_in: Option<&str>,
    code: TrackingCode,
    choice: Choice,
) -> Result<Op, ClerkError> {
    record(replica, me, signed_in, |doc| {
        let state = find(doc, code)?;
        let resolution = match &choice {
            Choice::Condition(c) => Resolution::Arrival(*c),
            Choice::Neither => Resolution::Outcome(Outcome::Cleared),
            Choice::Value(value) => Resolution::Outcome(value.clone()),
            Choice::Keep(n) => {
                let values = state.outcomes();
                let value = n
                    .checked_sub(1)
                    .and_then(|i| values.get(i))
                    .ok_or_else(|| {
                        ClerkError::invalid(
                            "resolve.no_such_value",
                            vec![("n", n.to_string()), ("versions", values.len().to_string())],
                        )
                    })?;
                Resolution::Outcome(value.value.clone())
            }
        };
        Ok(OpBody::Resolve {
            dispatch: state.id,
            choice: resolution,
            seen: Clock::new(),
        })
    })
    .await
}

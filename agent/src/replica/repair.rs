//! Setting damaged ops aside so the rest of the replica works again.
//!
//! An unreadable row goes to `quarantine`, exactly as found; a readable op that no
//! longer fits because something before it went there goes to `held`, to come back
//! when the server sends what it needs. Nothing is deleted. The chain links of other
//! actors are recomputed from the ops kept (a replica holds each actor's ops
//! contiguously from 1, so a chain over them is the one the server signed), so the next
//! sync can check the ops the server sends again.

use std::collections::BTreeMap;

use antar_shared::doc::{ActorId, ApplyError, DesaDoc, Op};
use antar_shared::sync::Chain;
use serde::Serialize;

use super::rows::StoredRow;
use super::{Enrollment, Replica, ReplicaError};
use crate::failure::Notice;

/// Meta key: the highest counter of this device's own ops ever stored here (in `ops`,
/// `held` or `quarantine`). Below it, authoring would reuse a dot the server may hold.
pub(super) const OWN_FLOOR: &str = "own_floor";

/// One op doctor set aside.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SetAside {
    /// `actor.counter` (or `#seq` when those columns are damaged too).
    pub op: String,
    /// Whether this device wrote it.
    pub own: bool,
    /// The dispatch it is about, when the op could be read.
    pub dispatch: Option<String>,
    /// Why, as a message (said in the reader's language by the report).
    pub reason: Notice,
}

/// What one repair pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// Op rows examined.
    pub checked: usize,
    /// Unreadable rows moved to `quarantine`.
    pub quarantined: Vec<SetAside>,
    /// Readable ops moved to `held`.
    pub held: Vec<SetAside>,
}

fn name(op: &Op) -> String {
    format!("{}.{}", op.dot.actor.0, op.dot.counter)
}

/// Why a readable op was held, said in terms of what it waits for.
fn held_reason(e: &ApplyError) -> Notice {
    match e {
        ApplyError::Gap { actor, have, .. } => Notice {
            code: "doctor.waits_for".into(),
            args: [("op".to_owned(), format!("{}.{}", actor.0, have + 1))].into(),
            fallback: None,
            reason: None,
        },
        other => Notice::of(other),
    }
}

/// The rows a repair sets aside (by `seq`), and the document of those it keeps.
#[derive(Default)]
struct Sorted {
    quarantine: Vec<(i64, SetAside)>,
    hold: Vec<(i64, SetAside)>,
    kept: Option<DesaDoc>,
}

/// Sorts the stored rows: unreadable ones to quarantine; with an enrollment (the desa
/// is needed to rebuild the document), readable ones that no longer fit to `held`.
fn sort(rows: Vec<StoredRow>, me: Option<&Enrollment>) -> Sorted {
    let mine = |actor: Option<i64>| me.is_some_and(|m| actor == Some(i64::from(m.actor.0)));
    let mut sorted = Sorted::default();
    let mut readable = Vec::new();
    for row in rows {
        match row.op() {
            Ok(op) => readable.push((row.seq, op)),
            Err(e) => sorted.quarantine.push((
                row.seq,
                SetAside {
                    op: row.name(),
                    own: mine(row.actor),
                    dispatch: None,
                    reason: Notice::of(&e),
                },
            )),
        }
    }
    let Some(me) = me else {
        return sorted;
    };
    let mut doc = DesaDoc::new(me.desa);
    for (seq, op) in readable {
        let (op_name, own) = (name(&op), op.dot.actor == me.actor);
        let dispatch = op.body.dispatch().map(|d| d.0.to_string());
        if let Err(e) = doc.apply(op) {
            sorted.hold.push((
                seq,
                SetAside {
                    op: op_name,
                    own,
                    dispatch,
                    reason: held_reason(&e),
                },
            ));
        }
    }
    sorted.kept = Some(doc);
    sorted
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Sqlite>;

impl Replica {
    /// Sets aside every op row that cannot be read and, when the device is enrolled
    /// (the desa is needed to rebuild the document), every op that no longer fits;
    /// recomputes the chain links and records this device's highest own counter. One
    /// transaction: a crash leaves the replica as it was.
    pub async fn repair(&self, me: Option<&Enrollment>, now: i64) -> Result<Repair, ReplicaError> {
        let rows = StoredRow::all(&self.pool).await?;
        let checked = rows.len();
        let sorted = sort(rows, me);
        let mut tx = self.pool.begin().await?;
        set_aside(&mut tx, QUARANTINE, &sorted.quarantine, now).await?;
        set_aside(&mut tx, HOLD, &sorted.hold, now).await?;
        if let (Some(me), Some(doc)) = (me, &sorted.kept) {
            relink(&mut tx, me, doc).await?;
        }
        tx.commit().await?;
        Ok(Repair {
            checked,
            quarantined: sorted.quarantine.into_iter().map(|(_, a)| a).collect(),
            held: sorted.hold.into_iter().map(|(_, a)| a).collect(),
        })
    }
}

/// A reason as stored beside a set-aside row: its code and arguments in JSON (a
/// `Notice` always serialises; the code alone is kept should it ever not).
fn reason_json(reason: &Notice) -> String {
    serde_json::to_string(reason).unwrap_or_else(|_| reason.code.clone())
}

/// Moves unreadable rows to `quarantine`, exactly as found.
const QUARANTINE: &str = "INSERT INTO quarantine (seq, actor, counter, device_time, body, reason, at) \
     SELECT seq, actor, counter, device_time, body, $2, $3 FROM ops WHERE seq = $1";

/// Moves readable ops that no longer fit to `held` (the newest copy of an op wins).
const HOLD: &str = "INSERT INTO held (actor, counter, device_time, body, reason, at) \
     SELECT actor, counter, device_time, body, $2, $3 FROM ops WHERE seq = $1 \
     ON CONFLICT (actor, counter) DO UPDATE SET body = excluded.body, \
     device_time = excluded.device_time, reason = excluded.reason, at = excluded.at";

/// Copies each row out of `ops` with `copy` (one of the statements above, taking the
/// row's seq, its reason and the time) and deletes it from `ops`.
async fn set_aside(
    tx: &mut Tx<'_>,
    copy: &'static str,
    rows: &[(i64, SetAside)],
    now: i64,
) -> Result<(), ReplicaError> {
    for (seq, aside) in rows {
        sqlx::query(copy)
            .bind(seq)
            .bind(reason_json(&aside.reason))
            .bind(now)
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM ops WHERE seq = $1")
            .bind(seq)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Recomputes the other actors' chain links over the ops kept, and records this
/// device's highest own counter (never lowering it).
async fn relink(tx: &mut Tx<'_>, me: &Enrollment, doc: &DesaDoc) -> Result<(), ReplicaError> {
    sqlx::query("DELETE FROM chains").execute(&mut **tx).await?;
    for (actor, (counter, chain)) in chains_of(doc, me.actor)? {
        sqlx::query("INSERT INTO chains (actor, counter, chain) VALUES ($1, $2, $3)")
            .bind(i64::from(actor.0))
            .bind(i64::try_from(counter).unwrap_or(i64::MAX))
            .bind(chain.0.to_vec())
            .execute(&mut **tx)
            .await?;
    }
    let floor = own_floor(tx, me.actor).await?;
    sqlx::query(
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET \
         value = CAST(MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
    )
    .bind(OWN_FLOOR)
    .bind(floor.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Each other actor's chain over the ops kept, at its highest counter.
fn chains_of(doc: &DesaDoc, me: ActorId) -> Result<BTreeMap<ActorId, (u64, Chain)>, ReplicaError> {
    let mut by_actor: BTreeMap<ActorId, Vec<&Op>> = BTreeMap::new();
    for op in doc.ops().filter(|op| op.dot.actor != me) {
        by_actor.entry(op.dot.actor).or_default().push(op);
    }
    by_actor
        .into_iter()
        .filter_map(|(actor, mut ops)| {
            ops.sort_by_key(|op| op.dot.counter);
            let last = ops.last()?.dot.counter;
            Some(
                Chain::START
                    .over(doc.desa(), ops)
                    .map(|chain| (actor, (last, chain)))
                    .map_err(|reason| ReplicaError::UnreadableOp {
                        op: format!("{}.{last}", actor.0),
                        reason,
                    }),
            )
        })
        .collect()
}

/// This device's highest own counter over `ops`, `held` and `quarantine`. Readable ops
/// are believed; a quarantined row's counter only as far as the number of such rows
/// above them reaches (own ops are contiguous from 1), so one damaged counter column
/// cannot block the device for ever.
async fn own_floor(tx: &mut Tx<'_>, me: ActorId) -> Result<i64, ReplicaError> {
    let readable: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(counter), 0) FROM \
         (SELECT counter FROM ops WHERE actor = $1 UNION ALL SELECT counter FROM held WHERE actor = $1)",
    )
    .bind(i64::from(me.0))
    .fetch_one(&mut **tx)
    .await?;
    let above: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT counter FROM quarantine \
         WHERE actor = $1 AND typeof(counter) = 'integer' AND counter > $2",
    )
    .bind(i64::from(me.0))
    .bind(readable)
    .fetch_all(&mut **tx)
    .await?;
    let count = i64::try_from(above.len()).unwrap_or(i64::MAX);
    let highest = above.iter().copied().max().unwrap_or(readable);
    Ok(highest.min(readable.saturating_add(count)))
}

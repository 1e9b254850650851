//! A batch of ops as it travels.
//!
//! In JSON a batch is a plain list of ops, easy to read. On the binary wire it is a list
//! of *runs*: consecutive ops of one actor share one header (actor and first counter),
//! and each op carries only its time as a delta from the previous op of the run, then
//! its body. Field names never repeat per op, and neither do dots.

use std::fmt;

use serde::de::{Error as _, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::doc::{ActorId, Dot, Op, OpBody};
use crate::time::UnixTime;

/// The most ops one message may carry; larger catch-ups are paged.
pub const MAX_OPS_PER_MESSAGE: usize = 5000;

/// Ops per catch-up page the server sends: small enough that a page lost on a breaking
/// 2G link costs little, large enough that a new device catches up in a few round trips.
pub const PAGE_OPS: usize = 2000;

/// Ops in the order the sender applied them (a causal order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpBatch(pub Vec<Op>);

impl OpBatch {
    /// The ops.
    pub fn into_inner(self) -> Vec<Op> {
        self.0
    }

    /// Splits the ops into runs of one actor with consecutive counters.
    fn runs(&self) -> Vec<&[Op]> {
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=self.0.len() {
            let breaks = i == self.0.len() || {
                let (prev, next) = (&self.0[i - 1].dot, &self.0[i].dot);
                next.actor != prev.actor || next.counter != prev.counter + 1
            };
            if breaks {
                runs.push(&self.0[start..i]);
                start = i;
            }
        }
        runs
    }
}

impl From<Vec<Op>> for OpBatch {
    fn from(ops: Vec<Op>) -> Self {
        OpBatch(ops)
    }
}

/// One run's header and its ops, borrowed for encoding.
struct RunOut<'a>(&'a [Op]);

impl Serialize for RunOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let first = &self.0[0];
        let mut previous = 0i64;
        let ops: Vec<(i64, &OpBody)> = self
            .0
            .iter()
            .map(|op| {
                let delta = op.time.0.wrapping_sub(previous);
                previous = op.time.0;
                (delta, &op.body)
            })
            .collect();
        (first.dot.actor.0, first.dot.counter, ops).serialize(s)
    }
}

impl Serialize for OpBatch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return self.0.serialize(s);
        }
        let runs = self.runs();
        let mut seq = s.serialize_seq(Some(runs.len()))?;
        for run in runs {
            seq.serialize_element(&RunOut(run))?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for OpBatch {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            d.deserialize_seq(OpsVisitor)
        } else {
            d.deserialize_seq(RunsVisitor)
        }
    }
}

fn too_many<E: serde::de::Error>() -> E {
    E::custom(format!(
        "more than {MAX_OPS_PER_MESSAGE} ops in one message"
    ))
}

/// Reads a JSON list of ops, refusing more than the limit as it goes.
struct OpsVisitor;

impl<'de> Visitor<'de> for OpsVisitor {
    type Value = OpBatch;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of ops")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OpBatch, A::Error> {
        let mut ops = Vec::new();
        while let Some(op) = seq.next_element::<Op>()? {
            if ops.len() == MAX_OPS_PER_MESSAGE {
                return Err(too_many());
            }
            ops.push(op);
        }
        Ok(OpBatch(ops))
    }
}

/// Reads binary runs back into ops, checking counters and the op limit.
struct RunsVisitor;

type RunIn = (u32, u64, Vec<(i64, OpBody)>);

impl<'de> Visitor<'de> for RunsVisitor {
    type Value = OpBatch;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of op runs")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OpBatch, A::Error> {
        let mut ops: Vec<Op> = Vec::new();
        while let Some((actor, first, run)) = seq.next_element::<RunIn>()? {
            if first == 0 || run.is_empty() {
                return Err(A::Error::custom(
                    "an op run starts at counter 1 or later and is not empty",
                ));
            }
            if ops.len() + run.len() > MAX_OPS_PER_MESSAGE {
                return Err(too_many());
            }
            let mut time = 0i64;
            for (offset, (delta, body)) in (0u64..).zip(run) {
                let counter = first
                    .checked_add(offset)
                    .ok_or_else(|| A::Error::custom("op counter overflows"))?;
                time = time.wrapping_add(delta);
                ops.push(Op {
                    dot: Dot::new(ActorId(actor), counter),
                    time: UnixTime(time),
                    body,
                });
            }
        }
        Ok(OpBatch(ops))
    }
}

//! Identities inside a desa document: actors, dots, dispatches, manifests.
//!
//! Ids are small integers, not UUIDs: they travel in every op, and a desa's document
//! only ever has a handful of actors (the server and the desa's devices).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::tracking::TrackingCode;

/// A writer of ops: a server incarnation or one enrolled device.
///
/// Even ids are server incarnations, odd ids are devices, so every replica tells them
/// apart from the id alone (the custody rules depend on it). A server process writes
/// as a new incarnation each time it starts, and new ids never fall below the seconds
/// elapsed since 2026 (see `docs/` on restores): an id handed out before a restore from
/// an older backup is never handed out again, so no dot is ever reused.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorId(pub u32);

/// 2026-01-01T00:00:00Z: new actor (and manifest) ids never fall below the seconds
/// elapsed since then, so an id taken before a restore is not taken again after it.
pub const ID_EPOCH: i64 = 1_767_225_600;

/// The smallest id a new actor or manifest may take at `now` (Unix seconds).
pub fn id_floor(now: i64) -> u32 {
    u32::try_from(now.saturating_sub(ID_EPOCH).max(0)).unwrap_or(u32::MAX)
}

impl ActorId {
    /// The first server actor; tests and examples write as it. A running server writes
    /// as its own incarnation instead.
    pub const SERVER: ActorId = ActorId(0);

    /// Whether this actor is a server incarnation (Dukcapil) rather than a desa device.
    pub fn is_server(self) -> bool {
        self.0.is_multiple_of(2)
    }
}

impl fmt::Debug for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a{}", self.0)
    }
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The `crdts` dot that stamps every op: `(actor, counter)`, counters from 1.
pub type Dot = crdts::Dot<ActorId>;

/// A version vector over a document's actors (the `crdts` type).
pub type Clock = crdts::VClock<ActorId>;

/// A dot with a total order, for keys and sorting (`crdts::Dot` is only partially
/// ordered). Serialised as `[actor, counter]`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "(ActorId, u64)", into = "(ActorId, u64)")]
pub struct OpId {
    /// Who wrote it.
    pub actor: ActorId,
    /// The actor's counter, from 1.
    pub counter: u64,
}

impl OpId {
    /// As a `crdts` dot.
    pub fn dot(self) -> Dot {
        Dot::new(self.actor, self.counter)
    }
}

impl From<(ActorId, u64)> for OpId {
    fn from((actor, counter): (ActorId, u64)) -> OpId {
        OpId { actor, counter }
    }
}

impl From<OpId> for (ActorId, u64) {
    fn from(id: OpId) -> (ActorId, u64) {
        (id.actor, id.counter)
    }
}

impl From<Dot> for OpId {
    fn from(dot: Dot) -> OpId {
        OpId {
            actor: dot.actor,
            counter: dot.counter,
        }
    }
}

impl fmt::Debug for OpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.actor, self.counter)
    }
}

impl fmt::Display for OpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A dispatch inside its desa document: its tracking code. Not the dot of the op that
/// issued it: a server restored from an older backup may issue the same record again
/// under a new dot before a device hands the first Issue back, and both must then name
/// the same dispatch (see `docs/custody.md`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DispatchId(pub TrackingCode);

impl fmt::Debug for DispatchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "d:{}", self.0)
    }
}

/// What people read: the tracking code on the receipt, nothing internal.
impl fmt::Display for DispatchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A courier's trip (manifest), numbered by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ManifestId(pub u32);

/// Our own wire form for `crdts::VClock`, whose serde format is not stable across
/// `crdts` releases: a list of `[actor, counter]` pairs in actor order, zeros omitted.
pub mod clock_wire {
    use serde::de::{Error, SeqAccess, Visitor};
    use serde::ser::SerializeSeq;
    use serde::{Deserializer, Serializer};

    use super::{ActorId, Clock};

    /// The most actors a clock may name; a desa has a handful of devices.
    pub const MAX_ENTRIES: usize = 4096;

    /// Writes the pairs.
    pub fn serialize<S: Serializer>(clock: &Clock, s: S) -> Result<S::Ok, S::Error> {
        let entries: Vec<(u32, u64)> = clock
            .dots
            .iter()
            .filter(|(_, c)| **c > 0)
            .map(|(a, c)| (a.0, *c))
            .collect();
        let mut seq = s.serialize_seq(Some(entries.len()))?;
        for entry in &entries {
            seq.serialize_element(entry)?;
        }
        seq.end()
    }

    /// Reads the pairs, refusing unsorted, repeated or zero entries so that every
    /// clock has exactly one encoding.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Clock, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Clock;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of [actor, counter] pairs in actor order")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Clock, A::Error> {
                let mut clock = Clock::new();
                let mut last: Option<u32> = None;
                let mut count = 0usize;
                while let Some((actor, counter)) = seq.next_element::<(u32, u64)>()? {
                    count += 1;
                    if count > MAX_ENTRIES {
                        return Err(A::Error::custom(format!(
                            "clock names more than {MAX_ENTRIES} actors"
                        )));
                    }
                    if last.is_some_and(|l| l >= actor) || counter == 0 {
                        return Err(A::Error::custom(
                            "clock entries must be in actor order, non-zero",
                        ));
                    }
                    last = Some(actor);
                    clock.dots.insert(ActorId(actor), counter);
                }
                Ok(clock)
            }
        }
        d.deserialize_seq(PairsVisitor)
    }
}

/// Our own wire form for a `crdts::Dot`: `[actor, counter]`.
pub mod dot_wire {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{ActorId, Dot};

    /// Writes the pair.
    pub fn serialize<S: Serializer>(dot: &Dot, s: S) -> Result<S::Ok, S::Error> {
        (dot.actor.0, dot.counter).serialize(s)
    }

    /// Reads the pair; counters start at 1.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Dot, D::Error> {
        let (actor, counter) = <(u32, u64)>::deserialize(d)?;
        if counter == 0 {
            return Err(serde::de::Error::custom("dot counters start at 1"));
        }
        Ok(Dot::new(ActorId(actor), counter))
    }
}

#[cfg(test)]
mod tests {
    use crdts::CmRDT;

    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Wrap(#[serde(with = "clock_wire")] Clock);

    #[test]
    fn clock_wire_form_is_canonical() {
        let mut clock = Clock::new();
        clock.apply(Dot::new(ActorId(7), 3));
        clock.apply(Dot::new(ActorId::SERVER, 120));
        let json = serde_json::to_string(&Wrap(clock.clone())).unwrap();
        assert_eq!(json, "[[0,120],[7,3]]");
        assert_eq!(serde_json::from_str::<Wrap>(&json).unwrap(), Wrap(clock));
        assert!(serde_json::from_str::<Wrap>("[[7,3],[0,120]]").is_err());
        assert!(serde_json::from_str::<Wrap>("[[7,3],[7,4]]").is_err());
        assert!(serde_json::from_str::<Wrap>("[[7,0]]").is_err());
    }
}

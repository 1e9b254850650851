//! Property tests of the replicated desa document (DESIGN.md, invariant 2).
//!
//! A random *script* plays a desa's life: the server issues, ships and recalls; three
//! devices receive, hand over, return, resolve and note, each offline for a random
//! stretch and syncing with the server now and then, so their writes really are
//! concurrent. The ops of the whole script are then delivered to fresh replicas in
//! random orders, in random subsets, with duplicates, and the properties check that
//! merging is commutative, associative and idempotent and that every replica ends in
//! the same state.
//!
//! 1,000 cases per property by default; set `PROPTEST_CASES` for more.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use antar_shared::doc::{
    ActorId, CausalBuffer, Clock, Condition, DesaDoc, DispatchId, Handover, IdDocument, ManifestId,
    Op, OpBody, OpId, Outcome, Policy, Relation, Resolution,
};
use antar_shared::region::VillageCode;
use antar_shared::sample::Sampler;
use antar_shared::text::{NoteText, PersonName, Reason};
use antar_shared::time::{DAY, UnixTime};
use proptest::prelude::*;
use proptest::test_runner::Config;

const DEVICES: [ActorId; 3] = [ActorId(11), ActorId(12), ActorId(13)];
const T0: i64 = 1_793_491_200;

/// 1,000 cases unless `PROPTEST_CASES` says otherwise.
fn config() -> Config {
    let mut config = Config::default();
    if std::env::var("PROPTEST_CASES").is_err() {
        config.cases = 1000;
    }
    config
}

fn desa() -> VillageCode {
    VillageCode::parse("52.06.14.2007").unwrap() // Rasabou, Tambora
}

/// One thing that happens in the desa's life.
#[derive(Clone, Debug)]
enum Step {
    Issue,
    Ship {
        mask: u8,
    },
    Recall {
        pick: usize,
    },
    Receive {
        device: usize,
        pick: usize,
        condition: Condition,
    },
    Handover {
        device: usize,
        pick: usize,
        recipient: usize,
        relation: Relation,
    },
    Return {
        device: usize,
        pick: usize,
    },
    Resolve {
        device: usize,
        pick: usize,
        keep: usize,
    },
    Note {
        device: usize,
        pick: usize,
    },
    Sync {
        device: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let device = 0..DEVICES.len();
    let pick = any::<usize>();
    let condition = prop_oneof![
        Just(Condition::Ok),
        Just(Condition::Damaged),
        Just(Condition::Missing)
    ];
    let relation = prop_oneof![
        Just(Relation::Holder),
        Just(Relation::Family),
        Just(Relation::Proxy)
    ];
    prop_oneof![
        3 => Just(Step::Issue),
        1 => any::<u8>().prop_map(|mask| Step::Ship { mask }),
        1 => pick.prop_map(|pick| Step::Recall { pick }),
        3 => (device.clone(), pick, condition)
            .prop_map(|(device, pick, condition)| Step::Receive { device, pick, condition }),
        4 => (device.clone(), pick, 0..3usize, relation)
            .prop_map(|(device, pick, recipient, relation)| Step::Handover { device, pick, recipient, relation }),
        1 => (device.clone(), pick).prop_map(|(device, pick)| Step::Return { device, pick }),
        2 => (device.clone(), pick, any::<usize>())
            .prop_map(|(device, pick, keep)| Step::Resolve { device, pick, keep }),
        1 => (device.clone(), pick).prop_map(|(device, pick)| Step::Note { device, pick }),
        3 => device.prop_map(|device| Step::Sync { device }),
    ]
}

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

/// The replicas of one simulated desa: the server and three devices.
struct World {
    server: DesaDoc,
    devices: Vec<DesaDoc>,
    sampler: Sampler,
    clock: i64,
    manifests: u32,
}

impl World {
    fn new(seed: u64) -> Self {
        World {
            server: DesaDoc::new(desa()),
            devices: DEVICES.iter().map(|_| DesaDoc::new(desa())).collect(),
            sampler: Sampler::new(seed),
            clock: T0,
            manifests: 0,
        }
    }

    fn write(doc: &mut DesaDoc, actor: ActorId, time: i64, body: OpBody) {
        if let Ok(op) = doc.author(actor, UnixTime(time), body) {
            doc.apply(op).unwrap();
        }
    }

    fn pick(doc: &DesaDoc, pick: usize) -> Option<DispatchId> {
        let ids: Vec<DispatchId> = doc.dispatches().map(|d| d.id).collect();
        (!ids.is_empty()).then(|| ids[pick % ids.len()])
    }

    fn play(&mut self, step: &Step) {
        self.clock += 3600;
        let now = self.clock;
        match *step {
            Step::Issue => {
                let (issue, _) = self.sampler.issue(desa(), false);
                Self::write(&mut self.server, ActorId::SERVER, now, OpBody::Issue(issue));
            }
            Step::Ship { mask } => {
                let items: Vec<DispatchId> = self
                    .server
                    .dispatches()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << (i % 8)) != 0)
                    .map(|(_, d)| d.id)
                    .collect();
                self.manifests += 1;
                let body = OpBody::Dispatch {
                    manifest: ManifestId(self.manifests),
                    courier: name("Arifin Usman"),
                    items,
                };
                Self::write(&mut self.server, ActorId::SERVER, now, body);
            }
            Step::Recall { pick } => {
                if let Some(dispatch) = Self::pick(&self.server, pick) {
                    let reason = Reason::parse("Salah cetak").unwrap();
                    let body = OpBody::Recall {
                        dispatch,
                        reason,
                        seen: Clock::new(),
                    };
                    Self::write(&mut self.server, ActorId::SERVER, now, body);
                }
            }
            Step::Sync { device } => {
                let doc = &mut self.devices[device];
                self.server.merge(doc).unwrap();
                doc.merge(&self.server).unwrap();
            }
            Step::Receive { device, pick, .. }
            | Step::Handover { device, pick, .. }
            | Step::Return { device, pick }
            | Step::Resolve { device, pick, .. }
            | Step::Note { device, pick } => {
                let doc = &mut self.devices[device];
                let Some(dispatch) = Self::pick(doc, pick) else {
                    return;
                };
                // A device's clock may be days off: clocks lie (invariant 5).
                let time = now + (device as i64 - 1) * 3 * DAY;
                let body = match *step {
                    Step::Receive { condition, .. } => OpBody::Receive {
                        dispatch,
                        condition,
                        seen: Clock::new(),
                    },
                    Step::Handover {
                        recipient,
                        relation,
                        ..
                    } => OpBody::Handover {
                        dispatch,
                        handover: Handover {
                            recipient: name(
                                ["Siti Aminah", "Abdul Haris", "Nurhayati Yasin"][recipient],
                            ),
                            relation,
                            id_shown: IdDocument::KtpEl,
                            nik_verified: false,
                            evidence: None,
                            clerk: name("Hadijah Idris"),
                        },
                        seen: Clock::new(),
                    },
                    Step::Return { .. } => OpBody::Return {
                        dispatch,
                        reason: Reason::parse("Tidak diambil").unwrap(),
                        seen: Clock::new(),
                    },
                    Step::Resolve { keep, .. } => {
                        let outcomes = doc.dispatch(dispatch).unwrap().outcomes();
                        let choice = if outcomes.is_empty()
                            || keep % (outcomes.len() + 1) == outcomes.len()
                        {
                            Outcome::Cleared
                        } else {
                            outcomes[keep % outcomes.len()].value.clone()
                        };
                        OpBody::Resolve {
                            dispatch,
                            choice: Resolution::Outcome(choice),
                            seen: Clock::new(),
                        }
                    }
                    _ => OpBody::Note {
                        dispatch,
                        text: NoteText::parse("Diperiksa petugas").unwrap(),
                    },
                };
                Self::write(doc, DEVICES[device], time, body);
            }
        }
    }

    /// Every op any replica wrote, once each, in no meaningful order.
    fn all_ops(&self) -> Vec<Op> {
        let mut all: BTreeMap<OpId, Op> = BTreeMap::new();
        for doc in std::iter::once(&self.server).chain(&self.devices) {
            for op in doc.ops() {
                all.insert(op.id(), op.clone());
            }
        }
        all.into_values().collect()
    }

    /// The state every replica must reach: everything merged in causal order.
    fn reference(&self) -> DesaDoc {
        let mut doc = self.server.clone();
        for device in &self.devices {
            doc.merge(device).unwrap();
        }
        doc
    }
}

fn script() -> impl Strategy<Value = (Vec<Step>, u64)> {
    (proptest::collection::vec(step(), 1..60), any::<u64>())
}

fn simulate(steps: &[Step], seed: u64) -> World {
    let mut world = World::new(seed);
    for step in steps {
        world.play(step);
    }
    world
}

/// A random order of `ops`, with some delivered twice.
fn shuffled_with_duplicates(ops: &[Op], seed: u64) -> Vec<Op> {
    let mut rng = Sampler::new(seed);
    let mut out: Vec<Op> = ops.to_vec();
    for op in ops {
        if rng.below(4) == 0 {
            out.push(op.clone());
        }
    }
    for i in (1..out.len()).rev() {
        out.swap(i, rng.below(i + 1));
    }
    out
}

/// A replica that has seen a random subset of the ops, in random order.
fn replica_of_subset(ops: &[Op], seed: u64) -> CausalBuffer {
    let mut rng = Sampler::new(seed);
    let subset: Vec<Op> = ops.iter().filter(|_| rng.below(2) == 0).cloned().collect();
    let mut replica = CausalBuffer::new(DesaDoc::new(desa()));
    for op in shuffled_with_duplicates(&subset, seed ^ 0x5EED) {
        replica.deliver(op).unwrap();
    }
    replica
}

fn merged(a: &CausalBuffer, b: &CausalBuffer) -> CausalBuffer {
    let mut out = a.clone();
    out.merge(b).unwrap();
    out
}

/// Everything a person sees about each dispatch, at a fixed time.
fn views(doc: &DesaDoc) -> Vec<String> {
    let now = UnixTime(T0 + 40 * DAY);
    doc.dispatches()
        .map(|d| {
            format!(
                "{:?} {:?} {:?} {:?}",
                d.id,
                d.status(now, &Policy::default()),
                d.arrivals(),
                d.outcomes()
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// N replicas receiving the same ops in random orders, with duplicates, end equal.
    #[test]
    fn replicas_converge_whatever_the_order((steps, seed) in script(), orders in any::<[u64; 3]>()) {
        let world = simulate(&steps, seed);
        let reference = world.reference();
        let ops = world.all_ops();
        prop_assert_eq!(ops.len(), reference.len());
        for order in orders {
            let mut replica = CausalBuffer::new(DesaDoc::new(desa()));
            for op in shuffled_with_duplicates(&ops, order) {
                replica.deliver(op).unwrap();
            }
            prop_assert_eq!(replica.held().count(), 0);
            prop_assert_eq!(replica.doc(), &reference);
            prop_assert_eq!(views(replica.doc()), views(&reference));
        }
    }

    /// a ⊔ b = b ⊔ a
    #[test]
    fn merge_is_commutative((steps, seed) in script(), sa in any::<u64>(), sb in any::<u64>()) {
        let ops = simulate(&steps, seed).all_ops();
        let (a, b) = (replica_of_subset(&ops, sa), replica_of_subset(&ops, sb));
        let (ab, ba) = (merged(&a, &b), merged(&b, &a));
        prop_assert_eq!(views(ab.doc()), views(ba.doc()));
        prop_assert_eq!(ab, ba);
    }

    /// (a ⊔ b) ⊔ c = a ⊔ (b ⊔ c)
    #[test]
    fn merge_is_associative((steps, seed) in script(), s in any::<[u64; 3]>()) {
        let ops = simulate(&steps, seed).all_ops();
        let [a, b, c] = s.map(|seed| replica_of_subset(&ops, seed));
        let left = merged(&merged(&a, &b), &c);
        let right = merged(&a, &merged(&b, &c));
        prop_assert_eq!(views(left.doc()), views(right.doc()));
        prop_assert_eq!(left, right);
    }

    /// a ⊔ a = a, and delivering everything again changes nothing.
    #[test]
    fn merge_is_idempotent((steps, seed) in script(), sa in any::<u64>()) {
        let ops = simulate(&steps, seed).all_ops();
        let a = replica_of_subset(&ops, sa);
        prop_assert_eq!(&merged(&a, &a), &a);
        let mut again = a.clone();
        for op in a.all_ops().cloned().collect::<Vec<_>>() {
            again.deliver(op).unwrap();
        }
        prop_assert_eq!(again, a);
    }

    /// The ops a peer lacks, given its version vector, are exactly the difference, and
    /// the peer can apply them in the order given, strictly, with no buffer.
    #[test]
    fn missing_ops_are_exactly_what_the_peer_lacks((steps, seed) in script(), device in 0..DEVICES.len(), page in 1usize..8) {
        let world = simulate(&steps, seed);
        let server = world.reference();
        let mut peer = world.devices[device].clone();
        let expected: Vec<OpId> = server.ops().map(Op::id).filter(|id| peer.op(*id).is_none()).collect();
        let mut sent = Vec::new();
        loop {
            let (ops, more) = server.missing_page(peer.clock(), page);
            prop_assert!(ops.len() <= page);
            sent.extend(ops.iter().map(Op::id));
            peer.apply_all(desa(), ops).unwrap();
            if !more { break; }
        }
        sent.sort();
        let mut expected = expected;
        expected.sort();
        prop_assert_eq!(sent, expected);
        prop_assert_eq!(&peer, &server);
    }
}

/// The generator is only worth something if its scripts really produce concurrent,
/// conflicting writes and multi-page catch-ups; check that they do, often.
#[test]
fn scripts_produce_real_conflicts() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let now = UnixTime(T0 + 40 * DAY);
    let (mut with_conflict, mut resolved, mut ops) = (0, 0, 0);
    for _ in 0..300 {
        let (steps, seed) = script().new_tree(&mut runner).unwrap().current();
        let world = simulate(&steps, seed);
        let reference = world.reference();
        ops += reference.len();
        if reference
            .dispatches()
            .any(|d| d.status(now, &Policy::default()).1.conflict)
        {
            with_conflict += 1;
        }
        if reference
            .ops()
            .any(|op| matches!(op.body, OpBody::Resolve { .. }))
        {
            resolved += 1;
        }
    }
    assert!(
        with_conflict >= 30,
        "only {with_conflict} of 300 scripts end in a conflict"
    );
    assert!(
        resolved >= 30,
        "only {resolved} of 300 scripts resolve anything"
    );
    assert!(ops >= 300 * 10, "scripts are too short: {ops} ops in all");
}

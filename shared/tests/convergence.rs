//! Property tests of the replicated desa document (`docs/architecture.md`, invariant 2).
//!
//! A random *script* plays a desa's life (see `world/mod.rs`): the server and three
//! devices that are offline for random stretches, every write through the custody rules.
//! The ops of the whole script are then delivered to fresh replicas in random orders, in
//! random subsets, with duplicates, and the properties check that merging is
//! commutative, associative and idempotent and that every replica ends in the same
//! state. The rules' own properties are in `rulebook.rs`.
//!
//! 1,000 cases per property by default; set `PROPTEST_CASES` for more.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod world;

use antar_shared::doc::{CausalBuffer, DesaDoc, Op, OpBody, OpId, Policy};
use antar_shared::sample::Sampler;
use antar_shared::time::{DAY, UnixTime};
use proptest::prelude::*;
use world::{DEVICES, T0, config, desa, script, simulate};

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
    let (mut with_conflict, mut resolved, mut ops, mut refused) = (0, 0, 0, 0);
    for _ in 0..300 {
        let (steps, seed) = script().new_tree(&mut runner).unwrap().current();
        let world = simulate(&steps, seed);
        refused += world.refused;
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
    println!("{with_conflict} conflicts, {resolved} resolved, {ops} ops, {refused} refused");
    assert!(
        with_conflict >= 30,
        "only {with_conflict} of 300 scripts end in a conflict"
    );
    assert!(
        resolved >= 20,
        "only {resolved} of 300 scripts resolve anything"
    );
    assert!(
        refused >= 300,
        "the rules refused only {refused} writes: the scripts do not test them"
    );
    assert!(ops >= 300 * 10, "scripts are too short: {ops} ops in all");
}

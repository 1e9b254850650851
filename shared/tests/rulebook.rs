//! Properties of the custody rules (`antar_shared::doc::rules`).
//!
//! 1. Ops written only through the rulebook, by the server and by devices that are
//!    offline for random stretches, are never refused by any replica they reach, and
//!    every replica ends the same: no op a correct author wrote is ever stranded.
//! 2. Hand-crafted ops (any kind, any author, any `seen` within what the document holds)
//!    that break a rule are refused with a stable `rule.*` code and change nothing; the
//!    refusals follow the rules as a reader of `docs/custody.md` would state them.
//! 3. The table of rules in `docs/custody.md`, state by action, is what the code does.
//!
//! 1,000 cases per property by default; set `PROPTEST_CASES` for more.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod world;

use antar_shared::Lang;
use antar_shared::doc::{
    Action, ActorId, ApplyError, Clock, Condition, DesaDoc, DispatchId, DocView, Handover,
    IdDocument, ManifestId, Op, OpBody, Outcome, Relation, Resolution, rules,
};
use antar_shared::lang::Localized;
use antar_shared::text::{NoteText, Reason};
use antar_shared::time::UnixTime;
use crdts::CmRDT;
use proptest::prelude::*;
use world::{DEVICES, T0, config, desa, name, script, try_simulate};

/// Syncs every device with the server until nothing moves.
fn settle(world: &mut world::World) -> Result<(), String> {
    for _ in 0..2 {
        for device in world.devices.iter_mut() {
            world.server.merge(device).map_err(|e| format!("{e:?}"))?;
            device.merge(&world.server).map_err(|e| format!("{e:?}"))?;
        }
    }
    Ok(())
}

/// A crafted op: any body a hostile or broken device (or server) could send.
#[derive(Clone, Debug)]
struct Craft {
    author: usize,
    pick: usize,
    kind: u8,
    flag: bool,
    other: bool,
    trim: u64,
}

fn craft() -> impl Strategy<Value = Craft> {
    (
        0..4usize,
        any::<usize>(),
        0..9u8,
        any::<bool>(),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(author, pick, kind, flag, other, trim)| Craft {
            author,
            pick,
            kind,
            flag,
            other,
            trim,
        })
}

/// The author: the server (0) or a device (1..=3).
fn author_of(c: &Craft) -> ActorId {
    if c.author == 0 {
        ActorId::SERVER
    } else {
        DEVICES[c.author - 1]
    }
}

/// A `seen` within the document: the dispatch's register writes, with some entries
/// lowered (an author that saw less) when `trim` says so.
fn seen_of(doc: &DesaDoc, dispatch: DispatchId, trim: u64) -> Clock {
    let full = doc.dispatch(dispatch).unwrap().seen_clock();
    let mut seen = Clock::new();
    for (i, (actor, counter)) in full.dots.iter().enumerate() {
        let lowered = if trim >> (i % 64) & 1 == 1 {
            counter.saturating_sub(trim % 3)
        } else {
            *counter
        };
        if lowered > 0 {
            seen.apply(crdts::Dot::new(*actor, lowered));
        }
    }
    seen
}

fn body_of(doc: &DesaDoc, c: &Craft, dispatch: DispatchId, seen: Clock) -> OpBody {
    let reason = Reason::parse("Alasan uji").unwrap();
    let state = doc.dispatch(dispatch).unwrap();
    let handover = Handover {
        recipient: name(if c.other { "Orang Lain" } else { "Siti Aminah" }),
        relation: Relation::Holder,
        id_shown: IdDocument::KtpEl,
        nik_verified: c.flag,
        evidence: None,
        clerk: name("Nurul Hamzah"),
    };
    match c.kind {
        0 => OpBody::Receive {
            dispatch,
            condition: if c.other {
                Condition::Missing
            } else {
                Condition::Ok
            },
            found: c.flag,
            correction: None,
            seen,
        },
        1 => OpBody::Handover {
            dispatch,
            handover,
            correction: None,
            seen,
        },
        2 => OpBody::Handover {
            dispatch,
            handover,
            correction: Some(reason),
            seen,
        },
        3 => OpBody::Return {
            dispatch,
            reason,
            correction: c.flag.then(|| Reason::parse("Koreksi uji").unwrap()),
            seen,
        },
        4 => OpBody::Recall {
            dispatch,
            reason,
            seen,
        },
        5 => OpBody::Resolve {
            dispatch,
            choice: Resolution::Outcome(if c.flag {
                Outcome::Cleared
            } else {
                state
                    .outcomes()
                    .first()
                    .map(|o| o.value.clone())
                    .unwrap_or(Outcome::HandedOver(handover))
            }),
            seen,
        },
        6 => OpBody::Resolve {
            dispatch,
            choice: Resolution::Arrival(if c.flag {
                Condition::Damaged
            } else {
                Condition::Ok
            }),
            seen,
        },
        7 => OpBody::Dispatch {
            manifest: ManifestId(77),
            courier: name("Arifin Usman"),
            items: vec![dispatch],
        },
        _ => OpBody::Note {
            dispatch,
            text: NoteText::parse("Catatan uji").unwrap(),
        },
    }
}

/// Facts about the dispatch as the author saw it, computed here independently of the
/// rulebook: what a reader of the rules would check.
fn must_refuse(author: ActorId, doc: &DesaDoc, body: &OpBody) -> Option<&'static str> {
    let dispatch = body.dispatch().or(match body {
        OpBody::Dispatch { items, .. } => items.first().copied(),
        _ => None,
    })?;
    if body.server_only() && !author.is_server() {
        return Some("only Dukcapil issues, ships and recalls");
    }
    let seen = match body.register_write() {
        Some((_, seen)) => seen.clone(),
        None => return None,
    };
    let state = doc.dispatch_as_seen(dispatch, &seen).unwrap();
    let outcomes = state.outcomes();
    let arrivals = state.arrivals();
    let decided = outcomes
        .iter()
        .any(|o| matches!(o.value, Outcome::HandedOver(_) | Outcome::Returned(_)));
    let recalled = outcomes
        .iter()
        .any(|o| matches!(o.value, Outcome::Recalled(_)));
    let received = arrivals.iter().any(|a| a.value != Condition::Missing);
    let missing = arrivals.iter().any(|a| a.value == Condition::Missing);
    match body {
        OpBody::Handover {
            correction: None, ..
        }
        | OpBody::Return {
            correction: None, ..
        } => {
            if recalled {
                return Some("a recall the author saw blocks handover and return");
            }
            if decided {
                return Some("a second outcome needs an explicit correction");
            }
            if !received {
                return Some("handover and return need the document received");
            }
        }
        OpBody::Handover {
            correction: Some(_),
            handover,
            ..
        } => {
            if !handover.nik_verified {
                return Some("a corrected handover checks the NIK again");
            }
            if !decided {
                return Some("a correction needs something to correct");
            }
        }
        OpBody::Receive {
            condition,
            found,
            correction: None,
            ..
        } => {
            if decided {
                return Some("nothing is received after it was handed over or returned");
            }
            if received {
                return Some("receipt is recorded once");
            }
            if *condition != Condition::Missing && missing && !found {
                return Some("an item reported missing is received only as found");
            }
        }
        OpBody::Recall { .. } if decided => {
            return Some("a recall must not erase a handover or return");
        }
        OpBody::Resolve {
            choice: Resolution::Outcome(chosen),
            ..
        } => {
            if *chosen == Outcome::Cleared {
                if recalled && !author.is_server() {
                    return Some("only Dukcapil sets aside its recall");
                }
            } else if !outcomes.iter().any(|o| o.value == *chosen) {
                return Some("a resolution keeps one of the versions");
            }
        }
        _ => {}
    }
    None
}

proptest! {
    #![proptest_config(config())]

    /// Written through the rules by offline devices and the server: never refused by
    /// anyone, and every replica ends equal.
    #[test]
    fn ops_written_through_the_rules_are_never_refused((steps, seed) in script()) {
        let mut world = try_simulate(&steps, seed).map_err(TestCaseError::fail)?;
        settle(&mut world).map_err(TestCaseError::fail)?;
        for device in &world.devices {
            prop_assert_eq!(device, &world.server);
        }
    }

    /// Crafted ops: refused exactly when a rule says so, with a `rule.*` code, and a
    /// refused op changes nothing.
    #[test]
    fn crafted_ops_are_refused_by_rule_and_change_nothing(
        (steps, seed) in script(),
        crafts in proptest::collection::vec(craft(), 1..20),
    ) {
        let mut world = try_simulate(&steps, seed).map_err(TestCaseError::fail)?;
        settle(&mut world).map_err(TestCaseError::fail)?;
        let mut doc = world.server.clone();
        let ids: Vec<DispatchId> = doc.dispatches().map(|d| d.id).collect();
        if ids.is_empty() {
            return Ok(());
        }
        for c in &crafts {
            let dispatch = ids[c.pick % ids.len()];
            let author = author_of(c);
            let body = body_of(&doc, c, dispatch, seen_of(&doc, dispatch, c.trim));
            let op = Op {
                dot: doc.clock().inc(author),
                time: UnixTime(T0),
                body,
            };
            let expected = must_refuse(author, &doc, &op.body);
            let before = doc.clone();
            match doc.apply(op.clone()) {
                Err(ApplyError::Rule(e)) => {
                    prop_assert!(e.code().starts_with("rule."));
                    // Its message exists (a missing one reads as its key).
                    let said = antar_shared::i18n::Tr::new(Lang::Id).error(&e);
                    prop_assert_ne!(said, antar_shared::lang::message_key(e.code()));
                    prop_assert_eq!(&doc, &before, "a refused op changed the document");
                }
                Err(other) => prop_assert!(false, "refused outside the rules: {:?} for {:?}", other, op),
                Ok(_) => {
                    prop_assert!(expected.is_none(), "accepted although {}: {:?}", expected.unwrap_or_default(), op);
                    prop_assert_eq!(doc.len(), before.len() + 1);
                }
            }
        }
    }
}

/// The table in `docs/custody.md`: for each state a device can see a dispatch in, what
/// each of its actions gets. `ok` allowed, otherwise the refusal's code without `rule.`.
#[test]
fn the_table_of_rules() {
    let device = DEVICES[0];
    let states = table_states();
    let actions = [
        Action::Receive,
        Action::ReceiveFound,
        Action::ReportMissing,
        Action::Handover,
        Action::Return,
        Action::CorrectHandover,
        Action::Recall,
        Action::ResolveOutcome,
    ];
    let mut rows = Vec::new();
    for (label, doc, id) in &states {
        let state = doc.dispatch(*id).unwrap();
        let cells: Vec<String> = actions
            .iter()
            .map(|action| {
                let author = if *action == Action::Recall {
                    ActorId::SERVER
                } else {
                    device
                };
                match rules::permits(author, state, *action) {
                    Ok(()) => "ok".to_owned(),
                    Err(e) => e.code().trim_start_matches("rule.").to_owned(),
                }
            })
            .collect();
        rows.push(format!("{label}: {}", cells.join(" | ")));
    }
    let expected = [
        "issued: ok | not_missing | ok | not_received | not_received | nothing_to_correct | ok | no_conflict",
        "in transit: ok | not_missing | ok | not_received | not_received | nothing_to_correct | ok | no_conflict",
        "reported missing: reported_missing | ok | already_missing | not_received | not_received | nothing_to_correct | ok | no_conflict",
        "at desa: already_received | already_received | already_received | ok | ok | nothing_to_correct | ok | no_conflict",
        "handed over: already_decided | already_decided | already_decided | already_decided | already_decided | ok | already_decided | no_conflict",
        "returned: already_decided | already_decided | already_decided | already_decided | already_decided | ok | already_decided | no_conflict",
        "recalled at desa: already_received | already_received | already_received | recalled | recalled | recalled | already_recalled | no_conflict",
        "in conflict: already_decided | already_decided | already_decided | recalled | recalled | recalled | already_decided | ok",
    ];
    assert_eq!(rows, expected, "\n{}", rows.join("\n"));
}

/// One dispatch in each state a clerk meets, as a device's replica holds it.
fn table_states() -> Vec<(&'static str, DesaDoc, DispatchId)> {
    let mut doc = DesaDoc::new(desa());
    let mut sampler = antar_shared::sample::Sampler::new(7);
    let write = |doc: &mut DesaDoc, actor: ActorId, body: OpBody| {
        let op = doc.author(actor, UnixTime(T0), body).unwrap();
        doc.apply(op.clone()).unwrap();
        op
    };
    let mut ids = Vec::new();
    for _ in 0..8 {
        let (issue, _) = sampler.issue(desa(), false);
        ids.push(DispatchId(issue.tracking));
        write(&mut doc, ActorId::SERVER, OpBody::Issue(issue));
    }
    let laptop = DEVICES[0];
    let tablet = DEVICES[1];
    let reason = |s: &str| Reason::parse(s).unwrap();
    let receive = |d, condition| OpBody::Receive {
        dispatch: d,
        condition,
        found: false,
        correction: None,
        seen: Clock::new(),
    };
    let hand = |d, who: &str| OpBody::Handover {
        dispatch: d,
        handover: Handover {
            recipient: name(who),
            relation: Relation::Holder,
            id_shown: IdDocument::KtpEl,
            nik_verified: true,
            evidence: None,
            clerk: name("Nurul Hamzah"),
        },
        correction: None,
        seen: Clock::new(),
    };
    let trip = OpBody::Dispatch {
        manifest: ManifestId(1),
        courier: name("Arifin Usman"),
        items: ids[1..].to_vec(),
    };
    write(&mut doc, ActorId::SERVER, trip);
    write(&mut doc, tablet, receive(ids[2], Condition::Missing));
    for d in &ids[3..] {
        write(&mut doc, laptop, receive(*d, Condition::Ok));
    }
    write(&mut doc, laptop, hand(ids[4], "Siti Aminah"));
    let back = OpBody::Return {
        dispatch: ids[5],
        reason: reason("Tidak diambil"),
        correction: None,
        seen: Clock::new(),
    };
    write(&mut doc, laptop, back);
    let recall = |d| OpBody::Recall {
        dispatch: d,
        reason: reason("Salah cetak"),
        seen: Clock::new(),
    };
    write(&mut doc, ActorId::SERVER, recall(ids[6]));
    // A handover and a recall written concurrently: the device had not seen the recall.
    let mut offline = doc.clone();
    write(&mut offline, laptop, hand(ids[7], "Abdul Haris"));
    write(&mut doc, ActorId::SERVER, recall(ids[7]));
    doc.merge(&offline).unwrap();
    let labels = [
        "issued",
        "in transit",
        "reported missing",
        "at desa",
        "handed over",
        "returned",
        "recalled at desa",
        "in conflict",
    ];
    labels
        .into_iter()
        .zip(ids)
        .map(|(label, id)| (label, doc.clone(), id))
        .collect()
}

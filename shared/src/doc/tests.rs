//! Unit tests of the document: which ops fit, conflicts and their resolution, status
//! rules, and catch-up paging. Property tests of convergence are in
//! `shared/tests/convergence.rs`.

use crdts::CmRDT;

use super::*;
use crate::lang::Localized;
use crate::region::VillageCode;
use crate::sample::Sampler;
use crate::text::{PersonName, Reason};
use crate::time::{DAY, UnixTime};

const LAPTOP: ActorId = ActorId(11);
const TABLET: ActorId = ActorId(13);

/// 1 November 2026, 08:00 WITA.
const T0: i64 = 1_793_491_200;

fn at(days: i64) -> UnixTime {
    UnixTime(T0 + days * DAY)
}

fn naru() -> VillageCode {
    VillageCode::parse("52.06.03.2012").unwrap()
}

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

/// Authors an op as `actor` and applies it, as an agent or the server would.
fn write(doc: &mut DesaDoc, actor: ActorId, time: UnixTime, body: OpBody) -> Op {
    let op = doc.author(actor, time, body).unwrap();
    assert_eq!(doc.apply(op.clone()).unwrap(), Applied::New);
    op
}

/// A server document with `n` dispatches issued at day 0.
fn issued(n: usize) -> (DesaDoc, Vec<DispatchId>) {
    let mut doc = DesaDoc::new(naru());
    let mut sampler = Sampler::new(42);
    let ids = (0..n)
        .map(|_| {
            let (issue, _) = sampler.issue(naru(), false);
            let id = DispatchId(issue.tracking);
            write(&mut doc, ActorId::SERVER, at(0), OpBody::Issue(issue));
            id
        })
        .collect();
    (doc, ids)
}

fn dispatch_body(items: Vec<DispatchId>) -> OpBody {
    OpBody::Dispatch {
        manifest: ManifestId(1),
        courier: name("Arifin Usman"),
        items,
    }
}

fn receive(dispatch: DispatchId, condition: Condition) -> OpBody {
    OpBody::Receive {
        dispatch,
        condition,
        found: false,
        correction: None,
        seen: Clock::new(),
    }
}

fn handover(dispatch: DispatchId, recipient: &str, relation: Relation) -> OpBody {
    OpBody::Handover {
        dispatch,
        handover: Handover {
            recipient: name(recipient),
            relation,
            id_shown: IdDocument::KtpEl,
            nik_verified: relation == Relation::Holder,
            evidence: None,
            clerk: name("Nurul Hamzah"),
        },
        correction: None,
        seen: Clock::new(),
    }
}

/// A handover that corrects an earlier one, with the NIK checked again.
fn correction(dispatch: DispatchId, recipient: &str) -> OpBody {
    let OpBody::Handover { handover, .. } = handover(dispatch, recipient, Relation::Holder) else {
        unreachable!()
    };
    OpBody::Handover {
        dispatch,
        handover: Handover {
            nik_verified: true,
            ..handover
        },
        correction: Some(Reason::parse("Salah ketik nama penerima").unwrap()),
        seen: Clock::new(),
    }
}

fn status(doc: &DesaDoc, id: DispatchId, now: UnixTime) -> (Status, Flags) {
    doc.dispatch(id).unwrap().status(now, &Policy::default())
}

#[test]
fn a_dispatch_walks_through_its_lifecycle() {
    let (mut doc, ids) = issued(1);
    let d = ids[0];
    assert_eq!(status(&doc, d, at(0)).0, Status::Issued);

    write(&mut doc, ActorId::SERVER, at(1), dispatch_body(vec![d]));
    assert_eq!(
        status(&doc, d, at(2)),
        (Status::InTransit, Flags::default())
    );
    let (s, flags) = status(&doc, d, at(8));
    assert_eq!(s, Status::InTransit);
    assert!(
        flags.missing,
        "on the road 7 days without receipt is flagged missing"
    );

    write(&mut doc, LAPTOP, at(3), receive(d, Condition::Ok));
    assert_eq!(status(&doc, d, at(8)), (Status::AtDesa, Flags::default()));
    assert!(
        status(&doc, d, at(33)).1.aging,
        "unclaimed 30 days at the desa is aging"
    );

    write(
        &mut doc,
        LAPTOP,
        at(10),
        handover(d, "Siti Aminah", Relation::Holder),
    );
    assert_eq!(
        status(&doc, d, at(40)),
        (Status::HandedOver, Flags::default())
    );
}

#[test]
fn damaged_and_missing_receipts() {
    let (mut doc, ids) = issued(2);
    write(&mut doc, ActorId::SERVER, at(1), dispatch_body(ids.clone()));
    write(&mut doc, LAPTOP, at(2), receive(ids[0], Condition::Damaged));
    write(&mut doc, LAPTOP, at(2), receive(ids[1], Condition::Missing));
    let (s, flags) = status(&doc, ids[0], at(2));
    assert_eq!(
        (s, flags.damaged, flags.conflict),
        (Status::AtDesa, true, false)
    );
    let (s, flags) = status(&doc, ids[1], at(2));
    assert_eq!((s, flags.missing), (Status::InTransit, true));

    // Found later in the bag: an ordinary receipt is refused (someone said it was
    // missing); the clerk records it as found, which replaces the report it saw.
    let refused = doc
        .author(LAPTOP, at(4), receive(ids[1], Condition::Ok))
        .unwrap_err();
    assert_eq!(refused.code(), "rule.reported_missing");
    let found = OpBody::Receive {
        dispatch: ids[1],
        condition: Condition::Ok,
        found: true,
        correction: None,
        seen: Clock::new(),
    };
    write(&mut doc, LAPTOP, at(4), found);
    assert_eq!(
        status(&doc, ids[1], at(4)),
        (Status::AtDesa, Flags::default())
    );
}

#[test]
fn ops_that_do_not_fit_are_refused_and_change_nothing() {
    let (mut doc, ids) = issued(1);
    let before = doc.clone();

    // Handover of a dispatch this desa never got.
    let ghost = DispatchId(Sampler::new(7).tracking());
    let err = doc
        .author(
            LAPTOP,
            at(1),
            handover(ghost, "Siti Aminah", Relation::Holder),
        )
        .unwrap_err();
    assert_eq!(err, ApplyError::UnknownDispatch(ghost));
    assert_eq!(err.code(), "op.unknown_dispatch");
    let forged = Op {
        dot: Dot::new(LAPTOP, 1),
        time: at(1),
        body: handover(ghost, "Siti Aminah", Relation::Holder),
    };
    assert_eq!(doc.apply(forged), Err(ApplyError::UnknownDispatch(ghost)));

    // An op meant for another desa's document.
    let sape_naru = VillageCode::parse("52.06.06.2005").unwrap();
    let op = Op {
        dot: Dot::new(LAPTOP, 1),
        time: at(1),
        body: receive(ids[0], Condition::Ok),
    };
    let err = doc.apply_all(sape_naru, vec![op.clone()]).unwrap_err();
    assert!(matches!(err, ApplyError::WrongDesa { .. }));
    assert!(
        crate::i18n::Tr::new(Lang::Id)
            .error(&err)
            .contains("52.06.06.2005")
    );

    // A gap in an actor's counters, and counter zero.
    let late = Op {
        dot: Dot::new(LAPTOP, 3),
        ..op.clone()
    };
    assert_eq!(
        doc.apply(late),
        Err(ApplyError::Gap {
            actor: LAPTOP,
            have: 0,
            got: 3
        })
    );
    let zero = Op {
        dot: Dot::new(LAPTOP, 0),
        ..op.clone()
    };
    assert!(matches!(doc.apply(zero), Err(ApplyError::ZeroCounter(_))));

    // A `seen` that claims the op itself.
    let mut seen = Clock::new();
    seen.apply(Dot::new(LAPTOP, 1));
    let selfish = Op {
        body: OpBody::Receive {
            dispatch: ids[0],
            condition: Condition::Ok,
            found: false,
            correction: None,
            seen,
        },
        ..op.clone()
    };
    assert!(matches!(doc.apply(selfish), Err(ApplyError::SeenTooNew(_))));

    // A `seen` that names an op the document does not hold.
    let mut seen = Clock::new();
    seen.apply(Dot::new(TABLET, 5));
    let hiding = Op {
        body: OpBody::Receive {
            dispatch: ids[0],
            condition: Condition::Ok,
            found: false,
            correction: None,
            seen,
        },
        ..op.clone()
    };
    let err = doc.apply(hiding).unwrap_err();
    assert!(matches!(err, ApplyError::SeenUnknown { .. }), "{err:?}");
    assert!(err.is_not_ready(), "a causal buffer waits for it instead");

    // A manifest naming one item twice, or none.
    let twice = doc.author(ActorId::SERVER, at(1), dispatch_body(vec![ids[0], ids[0]]));
    assert_eq!(twice, Err(ApplyError::BadManifest));
    assert_eq!(
        doc.author(ActorId::SERVER, at(1), dispatch_body(vec![])),
        Err(ApplyError::BadManifest)
    );

    assert_eq!(doc, before, "nothing refused changed the document");

    // The same tracking code issued again for another record: refused. The same
    // record issued again (a restored server republishing it): the same dispatch.
    let first = doc.ops().next().unwrap().clone();
    let OpBody::Issue(header) = &first.body else {
        unreachable!()
    };
    let other = Issue {
        holder: name("Orang Lain"),
        ..header.clone()
    };
    assert_eq!(
        doc.author(ActorId(2), at(1), OpBody::Issue(other)),
        Err(ApplyError::TrackingTaken(header.tracking))
    );
    let state_before = doc.dispatch(ids[0]).unwrap().clone();
    write(&mut doc, ActorId(2), at(1), OpBody::Issue(header.clone()));
    assert_eq!(doc.dispatches().count(), 1);
    let state = doc.dispatch(ids[0]).unwrap();
    assert_eq!(
        (state.issued_at, &state.issue),
        (state_before.issued_at, &state_before.issue)
    );
}

#[test]
fn replays_are_harmless_and_forged_replays_are_caught() {
    let (mut doc, ids) = issued(1);
    let op = write(&mut doc, LAPTOP, at(1), receive(ids[0], Condition::Ok));
    let copy = doc.clone();
    assert_eq!(doc.apply(op.clone()), Ok(Applied::Duplicate));
    assert_eq!(doc, copy);
    let forged = Op {
        body: receive(ids[0], Condition::Damaged),
        ..op
    };
    assert_eq!(
        doc.apply(forged),
        Err(ApplyError::DotReused(OpId {
            actor: LAPTOP,
            counter: 1
        }))
    );
    assert_eq!(doc, copy);
}

/// Sync two replicas both ways, as a device and the server do.
fn sync(a: &mut DesaDoc, b: &mut DesaDoc) {
    a.merge(b).unwrap();
    b.merge(a).unwrap();
}

#[test]
fn two_offline_handovers_conflict_everywhere_until_resolved() {
    let (mut server, ids) = issued(1);
    let d = ids[0];
    write(&mut server, ActorId::SERVER, at(1), dispatch_body(vec![d]));
    let mut laptop = DesaDoc::new(naru());
    let mut tablet = DesaDoc::new(naru());
    sync(&mut laptop, &mut server);
    sync(&mut tablet, &mut server);
    write(&mut laptop, LAPTOP, at(2), receive(d, Condition::Ok));
    sync(&mut laptop, &mut server);
    sync(&mut tablet, &mut server);

    // Both offline: each clerk hands the KK to a different person.
    write(
        &mut laptop,
        LAPTOP,
        at(3),
        handover(d, "Siti Aminah", Relation::Holder),
    );
    write(
        &mut tablet,
        TABLET,
        at(3),
        handover(d, "Abdul Haris", Relation::Family),
    );
    sync(&mut laptop, &mut server);
    sync(&mut tablet, &mut server);
    sync(&mut laptop, &mut server);

    for replica in [&laptop, &tablet, &server] {
        let state = replica.dispatch(d).unwrap();
        let (s, flags) = state.status(at(4), &Policy::default());
        assert_eq!(s, Status::HandedOver);
        assert!(
            flags.conflict,
            "both handovers must show as a conflict on every replica"
        );
        let recipients: Vec<String> = state
            .outcomes()
            .iter()
            .map(|o| match &o.value {
                Outcome::HandedOver(h) => h.recipient.to_string(),
                _ => "?".to_owned(),
            })
            .collect();
        assert_eq!(recipients, ["Siti Aminah", "Abdul Haris"]);
    }
    assert_eq!(laptop, server);
    assert_eq!(tablet, server);

    // The tablet's clerk checks the paper register: it went to Abdul Haris.
    let kept = laptop.dispatch(d).unwrap().outcomes()[1].value.clone();
    let resolve = OpBody::Resolve {
        dispatch: d,
        choice: Resolution::Outcome(kept),
        seen: Clock::new(),
    };
    write(&mut tablet, TABLET, at(5), resolve);
    sync(&mut tablet, &mut server);
    sync(&mut laptop, &mut server);
    for replica in [&laptop, &tablet, &server] {
        let state = replica.dispatch(d).unwrap();
        assert_eq!(
            state.status(at(6), &Policy::default()),
            (Status::HandedOver, Flags::default())
        );
        let outcomes = state.outcomes();
        assert_eq!(outcomes.len(), 1);
        assert!(
            matches!(&outcomes[0].value, Outcome::HandedOver(h) if h.recipient.as_str() == "Abdul Haris")
        );
    }
    assert_eq!(laptop, server);
    assert_eq!(tablet, server);
}

#[test]
fn the_same_handover_typed_twice_is_not_a_conflict() {
    let (mut server, ids) = issued(1);
    write(&mut server, LAPTOP, at(2), receive(ids[0], Condition::Ok));
    let mut laptop = server.clone();
    let mut tablet = server.clone();
    write(
        &mut laptop,
        LAPTOP,
        at(3),
        handover(ids[0], "Siti Aminah", Relation::Holder),
    );
    write(
        &mut tablet,
        TABLET,
        at(3),
        handover(ids[0], "siti aminah", Relation::Holder),
    );
    sync(&mut laptop, &mut server);
    sync(&mut tablet, &mut server);
    let state = server.dispatch(ids[0]).unwrap();
    assert_eq!(state.outcomes().len(), 2, "both records are kept");
    assert!(!state.status(at(4), &Policy::default()).1.conflict);
}

#[test]
fn a_recall_concurrent_with_a_handover_is_a_conflict() {
    let (mut server, ids) = issued(1);
    write(&mut server, LAPTOP, at(2), receive(ids[0], Condition::Ok));
    let mut laptop = server.clone();
    write(
        &mut laptop,
        LAPTOP,
        at(3),
        handover(ids[0], "Siti Aminah", Relation::Holder),
    );
    let misprint = Reason::parse("Salah cetak nama").unwrap();
    write(
        &mut server,
        ActorId::SERVER,
        at(3),
        OpBody::Recall {
            dispatch: ids[0],
            reason: misprint,
            seen: Clock::new(),
        },
    );
    sync(&mut laptop, &mut server);
    let (s, flags) = status(&server, ids[0], at(4));
    assert_eq!((s, flags.conflict), (Status::HandedOver, true));
    assert_eq!(
        status(&laptop, ids[0], at(4)),
        status(&server, ids[0], at(4))
    );

    // A recall written after the server saw the handover would erase it silently:
    // the rules refuse it, and a device that saw the recall may not hand over.
    let (mut server, ids) = issued(2);
    write(&mut server, LAPTOP, at(2), receive(ids[0], Condition::Ok));
    write(&mut server, LAPTOP, at(2), receive(ids[1], Condition::Ok));
    write(
        &mut server,
        LAPTOP,
        at(3),
        handover(ids[0], "Siti Aminah", Relation::Holder),
    );
    let recall = |dispatch| OpBody::Recall {
        dispatch,
        reason: Reason::parse("Salah cetak NIK").unwrap(),
        seen: Clock::new(),
    };
    let before = server.clone();
    let refused = server
        .author(ActorId::SERVER, at(4), recall(ids[0]))
        .unwrap_err();
    assert_eq!(refused.code(), "rule.already_decided");
    assert_eq!(server, before);
    write(&mut server, ActorId::SERVER, at(4), recall(ids[1]));
    let refused = server
        .author(
            LAPTOP,
            at(5),
            handover(ids[1], "Abdul Haris", Relation::Holder),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "rule.recalled");
    assert_eq!(
        status(&server, ids[1], at(5)),
        (Status::Recalled, Flags::default())
    );
}

#[test]
fn a_correction_supersedes_exactly_what_it_saw() {
    let (mut doc, ids) = issued(1);
    write(&mut doc, LAPTOP, at(2), receive(ids[0], Condition::Ok));
    write(
        &mut doc,
        LAPTOP,
        at(3),
        handover(ids[0], "Siti Aminh", Relation::Holder),
    );
    // A second handover is refused; a correction (NIK checked again) replaces it.
    let again = doc
        .author(
            LAPTOP,
            at(3),
            handover(ids[0], "Siti Aminah", Relation::Holder),
        )
        .unwrap_err();
    assert_eq!(again.code(), "rule.already_decided");
    write(&mut doc, LAPTOP, at(3), correction(ids[0], "Siti Aminah"));
    let outcomes = doc.dispatch(ids[0]).unwrap().outcomes();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(
        status(&doc, ids[0], at(4)),
        (Status::HandedOver, Flags::default())
    );
}

#[test]
fn catch_up_pages_rebuild_the_same_document() {
    let (mut server, ids) = issued(7);
    write(
        &mut server,
        ActorId::SERVER,
        at(1),
        dispatch_body(ids.clone()),
    );
    for d in &ids {
        write(&mut server, LAPTOP, at(2), receive(*d, Condition::Ok));
    }
    let mut fresh = DesaDoc::new(naru());
    let mut pages = 0;
    loop {
        let (page, more) = server.missing_page(fresh.clock(), 4);
        assert!(page.len() <= 4);
        fresh.apply_all(naru(), page).unwrap();
        pages += 1;
        if !more {
            break;
        }
    }
    assert_eq!(pages, 4, "15 ops in pages of 4");
    assert_eq!(fresh, server);
    assert_eq!(server.missing_page(fresh.clock(), 4), (vec![], false));
}

#[test]
fn the_causal_buffer_accepts_any_order() {
    let (mut server, ids) = issued(3);
    write(
        &mut server,
        ActorId::SERVER,
        at(1),
        dispatch_body(ids.clone()),
    );
    write(&mut server, LAPTOP, at(2), receive(ids[1], Condition::Ok));
    write(
        &mut server,
        LAPTOP,
        at(3),
        handover(ids[1], "Siti Aminah", Relation::Holder),
    );
    let mut reversed: Vec<Op> = server.ops().cloned().collect();
    reversed.reverse();
    let mut buffer = CausalBuffer::new(DesaDoc::new(naru()));
    for op in reversed.iter().cloned() {
        buffer.deliver(op).unwrap();
    }
    assert_eq!(buffer.held().count(), 0);
    assert_eq!(buffer.doc(), &server);
    assert_eq!(
        buffer.deliver(reversed[0].clone()),
        Ok(Delivered::Duplicate)
    );
}

#[test]
fn a_dispatch_rebuilt_from_its_own_ops_matches_the_document() {
    let (mut doc, ids) = issued(2);
    write(&mut doc, ActorId::SERVER, at(1), dispatch_body(ids.clone()));
    write(&mut doc, LAPTOP, at(2), receive(ids[0], Condition::Ok));
    write(
        &mut doc,
        TABLET,
        at(3),
        handover(ids[0], "Siti Aminah", Relation::Holder),
    );
    write(&mut doc, LAPTOP, at(3), correction(ids[0], "Abdul Haris"));
    write(&mut doc, LAPTOP, at(4), receive(ids[1], Condition::Damaged));
    for id in ids {
        // Its own ops, in reverse: order does not matter.
        let mine: Vec<&Op> = doc
            .ops()
            .filter(|op| op.body.refs().contains(&id))
            .collect();
        let rebuilt = DispatchState::from_ops(mine.into_iter().rev()).unwrap();
        assert_eq!(&rebuilt, doc.dispatch(id).unwrap());
    }
    let not_issue = doc.ops().nth(2).unwrap();
    assert!(DispatchState::from_ops([not_issue]).is_none());
}

use crate::lang::Lang;

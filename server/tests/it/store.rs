//! The storage conformance suite: every store operation, on SQLite and on PostgreSQL.

use antar_server::issuance::publish;
use antar_server::store::dispatches::Filter;
use antar_server::store::document::WriteError;
use antar_server::store::users::Role;
use antar_server::store::{Store, devices::Redeem, now};
use antar_shared::doc::{
    ActorId, Applied, ApplyError, Clock, Condition, DesaDoc, DispatchId, Dot, Op, OpBody, Status,
};
use antar_shared::text::NoteText;
use antar_shared::time::UnixTime;

use super::common::{
    TestStore, backends, database_exists, naru, postgres, rasabou, sample_dispatches,
};

/// Runs a scenario on every backend, naming the backend in failures.
macro_rules! conformance {
    ($name:ident, $scenario:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            for backend in backends().await {
                eprintln!("{} on {}", stringify!($name), backend.name);
                $scenario(&backend).await;
            }
        }
    };
}

conformance!(users_and_sessions, users_and_sessions_on);
conformance!(enrollment_codes, enrollment_codes_on);
conformance!(dispatch_records, dispatch_records_on);
conformance!(op_log, op_log_on);
conformance!(concurrent_writers_get_contiguous_counters, concurrency_on);
conformance!(manifests, manifests_on);
conformance!(office_hours_and_dashboard_reports, dashboard_on);
conformance!(publishers_claim_separate_batches, publish_claims_on);
conformance!(notifiers_claim_separate_notices, notice_claims_on);

/// A PostgreSQL test database goes when its store goes: after a test that passed, and
/// after one that failed (the panic unwinds through the store).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_databases_are_dropped() {
    let Some(t) = postgres().await else {
        return;
    };
    let name = t.database().unwrap().to_owned();
    t.store.ping().await.unwrap();
    assert!(database_exists(&name).await);
    drop(t);
    assert!(!database_exists(&name).await, "{name} was dropped");

    let Some(t) = postgres().await else {
        return;
    };
    let name = t.database().unwrap().to_owned();
    let failed = tokio::spawn(async move {
        let t = t;
        t.store.ping().await.unwrap();
        panic!("a failing test");
    })
    .await;
    assert!(failed.unwrap_err().is_panic());
    assert!(
        !database_exists(&name).await,
        "{name} was dropped after a failure"
    );
}

async fn dashboard_on(t: &TestStore) {
    let s = &t.store;
    let hours = antar_shared::text::OfficeHours::parse("Senin–Kamis 08.00–12.00 WITA").unwrap();
    assert_eq!(s.office_hours(naru()).await.unwrap(), None);
    s.set_office_hours(naru(), &hours, 10).await.unwrap();
    let later = antar_shared::text::OfficeHours::parse("Senin–Jumat 08.00–14.00 WITA").unwrap();
    s.set_office_hours(naru(), &later, 20).await.unwrap();
    assert_eq!(
        s.office_hours(naru()).await.unwrap().as_deref(),
        Some(later.as_str())
    );
    assert_eq!(s.all_office_hours().await.unwrap().len(), 1);

    // The dashboard's questions run on both backends and count what is there.
    s.insert_dispatches(&sample_dispatches(naru(), 3, 5), now())
        .await
        .unwrap();
    s.insert_dispatches(&sample_dispatches(rasabou(), 2, 6), now())
        .await
        .unwrap();
    let overview = s.overview(now()).await.unwrap();
    let issued_count: i64 = overview
        .by_status
        .iter()
        .filter(|(st, _)| st == "issued")
        .map(|(_, n)| n)
        .sum();
    assert_eq!(issued_count, 5);
    assert_eq!(overview.unpublished, 5);
    // A page counts no further than its cap; without one, every match.
    let all = Filter {
        limit: 100,
        ..Default::default()
    };
    assert_eq!(s.count_dispatches_upto(&all, now(), 3).await.unwrap(), 3);
    assert_eq!(s.count_dispatches_upto(&all, now(), 100).await.unwrap(), 5);
    assert_eq!(s.count_dispatches(&all, now()).await.unwrap(), 5);
    assert_eq!(overview.conflicts, 0);
    let mut health = s.desa_health().await.unwrap();
    s.count_ops_waiting(&mut health).await.unwrap();
    assert_eq!(health.len(), 2);
    assert!(
        health
            .iter()
            .all(|h| h.devices == 0 && h.last_sync_at.is_none())
    );
    assert!(s.list_manifests(10).await.unwrap().is_empty());
    let empty = s.handover_report(now(), 12, 0).await.unwrap();
    assert!(empty.weekly.is_empty() && empty.medians.is_empty());
    assert!(s.aging_by_desa(30, now()).await.unwrap().is_empty());

    // A desa receives two and hands one over: the reports see both facts.
    let (ids, seen) = issued(s, 2).await;
    let handover = antar_shared::doc::Handover {
        recipient: antar_shared::text::PersonName::parse("Siti Aminah").unwrap(),
        relation: antar_shared::doc::Relation::Holder,
        id_shown: antar_shared::doc::IdDocument::KtpEl,
        nik_verified: true,
        evidence: None,
        clerk: antar_shared::text::PersonName::parse("Nurul Hamzah").unwrap(),
    };
    let mut w = s.write_document(naru(), now()).await.unwrap();
    w.append(receive(&seen, 7, 1, ids[0], Condition::Ok))
        .await
        .unwrap();
    w.append(receive(&seen, 7, 2, ids[1], Condition::Ok))
        .await
        .unwrap();
    w.append(Op {
        dot: Dot::new(ActorId(7), 3),
        time: UnixTime(now()),
        body: OpBody::Handover {
            dispatch: ids[0],
            handover,
            correction: None,
            seen: {
                // As the device saw it: issued and received.
                let mut seen = seen.clone();
                crdts::CmRDT::apply(&mut seen, Dot::new(ActorId(7), 2));
                seen
            },
        },
    })
    .await
    .unwrap();
    w.commit().await.unwrap();
    let report = s.handover_report(now(), 12, 0).await.unwrap();
    let kecamatan = naru().district().to_string();
    assert_eq!(report.weekly, vec![(kecamatan.clone(), 0, 1)]);
    assert_eq!(report.medians.len(), 1);
    let (k, days, n) = &report.medians[0];
    assert_eq!((k, *n), (&kecamatan, 1));
    assert!(
        (0.0..1.0).contains(days),
        "handed over the day it was issued: {days}"
    );
    let flagged = |flag, at| {
        let filter = Filter {
            flag: Some(flag),
            limit: 100,
            ..Default::default()
        };
        async move { s.list_dispatches(&filter, at).await.unwrap().len() }
    };
    use antar_server::store::dispatches::FlagFilter;
    assert_eq!(flagged(FlagFilter::Aging, now()).await, 0);
    assert_eq!(
        flagged(FlagFilter::Aging, now() + 31 * 86_400).await,
        1,
        "unclaimed for 31 days"
    );
    assert_eq!(flagged(FlagFilter::Damaged, now()).await, 0);
    assert_eq!(flagged(FlagFilter::Missing, now()).await, 0);
    let aging = s.aging_by_desa(0, now() + 10).await.unwrap();
    assert_eq!(aging, vec![(naru().to_string(), 1)]);
    let mut health = s.desa_health().await.unwrap();
    s.count_ops_waiting(&mut health).await.unwrap();
    let naru_health = health.iter().find(|h| h.desa == naru()).unwrap();
    assert_eq!(naru_health.at_desa, 1);
    assert!(
        naru_health.ops_waiting >= 5,
        "no device has synced: every op waits"
    );
}

async fn users_and_sessions_on(t: &TestStore) {
    let s = &t.store;
    assert_eq!(s.user_count().await.unwrap(), 0);
    let user = s
        .add_user("operator1", Role::Operator, "$argon2id$x", 100)
        .await
        .unwrap()
        .unwrap();
    assert!(
        s.add_user("operator1", Role::Admin, "$argon2id$y", 100)
            .await
            .unwrap()
            .is_none(),
        "names are unique"
    );
    assert_eq!(
        s.user_by_name("operator1").await.unwrap().unwrap().user,
        user
    );
    assert!(s.user_by_name("nobody").await.unwrap().is_none());
    s.add_session(b"session-hash", user.id, "login", 100, Some(200))
        .await
        .unwrap();
    s.add_session(b"api-token-hash", user.id, "cli", 100, None)
        .await
        .unwrap();
    assert_eq!(
        s.session_user(b"session-hash", 150).await.unwrap(),
        Some(user.clone())
    );
    assert_eq!(
        s.session_user(b"session-hash", 250).await.unwrap(),
        None,
        "expired"
    );
    assert_eq!(
        s.session_user(b"api-token-hash", 1_000_000).await.unwrap(),
        Some(user.clone())
    );
    s.delete_session(b"api-token-hash").await.unwrap();
    assert_eq!(s.session_user(b"api-token-hash", 150).await.unwrap(), None);
    assert_eq!(s.list_users().await.unwrap(), vec![user]);
}

async fn enrollment_codes_on(t: &TestStore) {
    let s = &t.store;
    s.add_enroll_code(b"code-1", naru(), 100, 1000)
        .await
        .unwrap();
    s.add_enroll_code(b"code-2", naru(), 100, 200)
        .await
        .unwrap();
    let device = s
        .redeem_enroll_code(b"code-1", "Laptop kantor", b"token-1", None, 150)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(device.desa, naru());
    assert!(
        device.id % 2 == 1 && device.id >= i64::from(antar_shared::doc::id_floor(150)),
        "device ids are odd actor ids, never below the time floor"
    );
    assert_eq!(
        s.redeem_enroll_code(b"code-1", "Tablet", b"token-x", None, 160)
            .await
            .unwrap()
            .unwrap_err(),
        Redeem::Used
    );
    assert_eq!(
        s.redeem_enroll_code(b"code-2", "Tablet", b"token-y", None, 300)
            .await
            .unwrap()
            .unwrap_err(),
        Redeem::Expired
    );
    assert_eq!(
        s.redeem_enroll_code(b"nope", "Tablet", b"token-z", None, 150)
            .await
            .unwrap()
            .unwrap_err(),
        Redeem::Unknown
    );
    assert_eq!(
        s.device_by_token(b"token-1").await.unwrap().unwrap().id,
        device.id
    );
    assert!(
        s.device_by_token(b"token-x").await.unwrap().is_none(),
        "a refused redeem creates no device"
    );
    assert!(s.revoke_device(device.id, 400).await.unwrap());
    assert_eq!(
        s.device_by_token(b"token-1")
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        Some(400)
    );
    assert!(!s.revoke_device(9999, 400).await.unwrap());
    s.record_sync(device.id, 500, 480).await.unwrap();
    let listed = s.list_devices(Some(naru())).await.unwrap();
    assert_eq!(
        (
            listed.len(),
            listed[0].last_sync_at,
            listed[0].last_device_time
        ),
        (1, Some(500), Some(480))
    );
    assert!(s.list_devices(Some(rasabou())).await.unwrap().is_empty());
}

async fn dispatch_records_on(t: &TestStore) {
    let s = &t.store;
    let items = sample_dispatches(naru(), 5, 1);
    let codes = s.insert_dispatches(&items, now()).await.unwrap();
    assert_eq!(codes.len(), 5);
    s.insert_dispatches(&sample_dispatches(rasabou(), 2, 2), now())
        .await
        .unwrap();
    let record = s
        .dispatch_by_tracking(codes[0], now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (record.status, record.published, record.desa_code),
        (Status::Issued, false, naru())
    );
    assert_eq!(
        record.nik,
        items[0].nik.expose(),
        "the full NIK stays on the server"
    );
    assert_eq!(s.pending_issues(Some(naru()), 100).await.unwrap().len(), 5);

    let published = publish::publish_all(s, Some(naru()), |_| {}).await.unwrap();
    assert_eq!(published, 5);
    assert!(
        s.pending_issues(Some(naru()), 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        s.pending_issues(None, 100).await.unwrap().len(),
        2,
        "other desa untouched"
    );
    let record = s
        .dispatch_by_tracking(codes[0], now())
        .await
        .unwrap()
        .unwrap();
    assert!(record.published);
    let clock = s.clock(naru()).await.unwrap();
    assert_eq!(
        clock.get(&s.incarnation().await.unwrap()),
        5,
        "one Issue op per record, counters 1..=5"
    );

    // The Issue op carries a NIK check value that verifies the holder's NIK.
    let ops = s.all_ops(naru()).await.unwrap();
    let OpBody::Issue(issue) = &ops[0].op.body else {
        panic!("first op is an Issue")
    };
    assert!(
        issue
            .nik_check
            .verify(&items[0].nik, issue.tracking)
            .unwrap()
    );

    let filter = Filter {
        desa: Some(naru()),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(s.list_dispatches(&filter, now()).await.unwrap().len(), 5);
    let filter = Filter {
        kecamatan: Some("52.06.14".into()),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(s.list_dispatches(&filter, now()).await.unwrap().len(), 2);
    let filter = Filter {
        status: Some(Status::InTransit),
        limit: 100,
        ..Default::default()
    };
    assert!(s.list_dispatches(&filter, now()).await.unwrap().is_empty());
    let filter = Filter {
        limit: 3,
        offset: 3,
        ..Default::default()
    };
    assert_eq!(
        s.list_dispatches(&filter, now()).await.unwrap().len(),
        3,
        "paging"
    );
}

/// Publishes `n` dispatches to Naru; returns their ids in the document and its clock
/// then (what a device that synced puts in its ops' `seen`).
async fn issued(s: &Store, n: usize) -> (Vec<DispatchId>, Clock) {
    s.insert_dispatches(&sample_dispatches(naru(), n, 7), now())
        .await
        .unwrap();
    publish::publish_all(s, Some(naru()), |_| {}).await.unwrap();
    (issued_ids(s, naru()).await, s.clock(naru()).await.unwrap())
}

/// The dispatches issued in a desa's document.
async fn issued_ids(s: &Store, desa: antar_shared::region::VillageCode) -> Vec<DispatchId> {
    s.all_ops(desa)
        .await
        .unwrap()
        .iter()
        .filter_map(|o| match &o.op.body {
            OpBody::Issue(issue) => Some(DispatchId(issue.tracking)),
            _ => None,
        })
        .collect()
}

fn receive(
    seen: &Clock,
    actor: u32,
    counter: u64,
    dispatch: DispatchId,
    condition: Condition,
) -> Op {
    Op {
        dot: Dot::new(ActorId(actor), counter),
        time: UnixTime(1_795_000_000),
        body: OpBody::Receive {
            dispatch,
            condition,
            found: false,
            correction: None,
            seen: seen.clone(),
        },
    }
}

async fn op_log_on(t: &TestStore) {
    let s = &t.store;
    let (ids, seen) = issued(s, 3).await;
    let mut w = s.write_document(naru(), now()).await.unwrap();
    assert_eq!(
        w.append(receive(&seen, 7, 1, ids[0], Condition::Ok))
            .await
            .unwrap(),
        Applied::New
    );
    assert_eq!(
        w.append(receive(&seen, 7, 2, ids[1], Condition::Damaged))
            .await
            .unwrap(),
        Applied::New
    );
    w.commit().await.unwrap();

    let mut w = s.write_document(naru(), now()).await.unwrap();
    assert_eq!(
        w.append(receive(&seen, 7, 1, ids[0], Condition::Ok))
            .await
            .unwrap(),
        Applied::Duplicate,
        "a replay is harmless"
    );
    assert!(matches!(
        w.append(receive(&seen, 7, 1, ids[0], Condition::Missing))
            .await,
        Err(WriteError::Apply(ApplyError::DotReused(_)))
    ));
    assert!(matches!(
        w.append(receive(&seen, 7, 5, ids[0], Condition::Ok)).await,
        Err(WriteError::Apply(ApplyError::Gap {
            have: 2,
            got: 5,
            ..
        }))
    ));
    let ghost = DispatchId(antar_shared::sample::Sampler::new(99).tracking());
    assert!(matches!(
        w.append(receive(&seen, 7, 3, ghost, Condition::Ok)).await,
        Err(WriteError::Apply(ApplyError::UnknownDispatch(_)))
    ));
    drop(w); // rolled back

    let clock = s.clock(naru()).await.unwrap();
    let server = s.incarnation().await.unwrap();
    assert!(
        server.is_server(),
        "a server process writes as an even actor"
    );
    assert_eq!(
        (clock.get(&server), clock.get(&ActorId(7))),
        (3, 2),
        "rebuilt from the stored ops"
    );
    assert_eq!(s.clock(rasabou()).await.unwrap(), Clock::new());

    // Projection follows the ops.
    let records = s
        .list_dispatches(
            &Filter {
                desa: Some(naru()),
                limit: 10,
                ..Default::default()
            },
            now(),
        )
        .await
        .unwrap();
    let by_status = |st: Status| records.iter().filter(|r| r.status == st).count();
    assert_eq!(
        (by_status(Status::AtDesa), by_status(Status::Issued)),
        (2, 1)
    );
    assert_eq!(records.iter().filter(|r| r.damaged).count(), 1);

    // The server writes as its own actor with `seen` from the current state.
    let mut w = s.write_document(naru(), now()).await.unwrap();
    let note = OpBody::Note {
        dispatch: ids[2],
        text: NoteText::parse("Dicetak ulang").unwrap(),
    };
    let op = w.author(now(), note).await.unwrap();
    assert_eq!(op.dot, Dot::new(server, 4));
    w.commit().await.unwrap();

    // Catch-up pages rebuild exactly the same document, in an order it can apply.
    let mut fresh = DesaDoc::new(naru());
    let mut pages = 0;
    loop {
        let (ops, seals, more) = s.missing_page(naru(), fresh.clock(), 2).await.unwrap();
        // A seal per actor in the page, over its chain up to its last op there.
        let actors: std::collections::BTreeSet<ActorId> = ops.iter().map(|o| o.dot.actor).collect();
        assert_eq!(seals.len(), actors.len());
        fresh.apply_all(naru(), ops).unwrap();
        pages += 1;
        if !more {
            break;
        }
    }
    assert_eq!(pages, 3, "6 ops in pages of 2");
    let mut reference = DesaDoc::new(naru());
    reference
        .apply_all(
            naru(),
            s.all_ops(naru()).await.unwrap().into_iter().map(|o| o.op),
        )
        .unwrap();
    assert_eq!(fresh, reference);
    let (ops, seals, more) = s.missing_page(naru(), fresh.clock(), 2).await.unwrap();
    assert!(ops.is_empty() && seals.is_empty() && !more);

    let history = s.dispatch_history(naru(), ids[0]).await.unwrap();
    assert_eq!(
        history.iter().map(|h| h.op.body.name()).collect::<Vec<_>>(),
        ["issue", "receive"]
    );
}

/// Many writers on one desa document at once: the server issuing and authoring, and
/// devices appending their ops. Counters must stay contiguous per actor and `seq` must
/// follow commit order (so a reader's cursor never skips an op that commits late).
async fn concurrency_on(t: &TestStore) {
    let s = &t.store;
    let (ids, _) = issued(s, 4).await;
    s.insert_dispatches(&sample_dispatches(naru(), 24, 9), now())
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for worker in 0..3 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..4 {
                publish::publish_pending(&s, Some(naru())).await.unwrap();
            }
            let _ = worker;
        }));
    }
    for device in 1..=4u32 {
        let s = s.clone();
        let ids = ids.clone();
        tasks.push(tokio::spawn(async move {
            for counter in 1..=10u64 {
                let mut w = s.write_document(naru(), now()).await.unwrap();
                let body = OpBody::Note {
                    dispatch: ids[counter as usize % ids.len()],
                    text: NoteText::parse("cek").unwrap(),
                };
                w.append(Op {
                    dot: Dot::new(ActorId(101 + 2 * device), counter),
                    time: UnixTime(1),
                    body,
                })
                .await
                .unwrap();
                w.commit().await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    publish::publish_all(s, Some(naru()), |_| {}).await.unwrap();
    let rows: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT actor, counter, seq FROM ops WHERE desa_code = $1 ORDER BY seq")
            .bind(naru().to_string())
            .fetch_all(s.pool())
            .await
            .unwrap();
    assert_eq!(rows.len(), 28 + 40);
    for (i, (_, _, seq)) in rows.iter().enumerate() {
        assert_eq!(*seq, i as i64, "seq is contiguous from 0");
    }
    let mut last: std::collections::HashMap<i64, i64> = Default::default();
    for (actor, counter, _) in &rows {
        let prev = last.insert(*actor, *counter).unwrap_or(0);
        assert_eq!(
            *counter,
            prev + 1,
            "actor {actor}: counters contiguous and in seq order"
        );
    }
    assert_eq!(last[&i64::from(s.incarnation().await.unwrap().0)], 28);
    // The whole log applies, in seq order, to a fresh replica.
    let mut doc = DesaDoc::new(naru());
    doc.apply_all(
        naru(),
        s.all_ops(naru()).await.unwrap().into_iter().map(|o| o.op),
    )
    .unwrap();
    assert_eq!(doc.len(), 68);
}

async fn manifests_on(t: &TestStore) {
    let s = &t.store;
    let codes = s
        .insert_dispatches(&sample_dispatches(naru(), 3, 3), now())
        .await
        .unwrap();
    let (id, n) = antar_server::manifest::create(
        s,
        &antar_server::audit::Who::command(),
        "Arifin Usman",
        naru(),
        antar_server::manifest::Selection::AllIssued,
    )
    .await
    .unwrap();
    assert_eq!(n, 3);
    let manifest = s.manifest(id).await.unwrap().unwrap();
    assert_eq!(manifest.items.len(), 3);
    assert!(manifest.items.iter().all(|i| i.status == "in_transit"));
    let record = s
        .dispatch_by_tracking(codes[0], now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.status, Status::InTransit);
    // Nothing left at Dukcapil: a second manifest is refused, and so is a code of another desa.
    let err = antar_server::manifest::create(
        s,
        &antar_server::audit::Who::command(),
        "Arifin Usman",
        naru(),
        antar_server::manifest::Selection::AllIssued,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "manifest.empty");
    let other = s
        .insert_dispatches(&sample_dispatches(rasabou(), 1, 4), now())
        .await
        .unwrap();
    let err = antar_server::manifest::create(
        s,
        &antar_server::audit::Who::command(),
        "Arifin Usman",
        naru(),
        antar_server::manifest::Selection::Codes(other),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "manifest.wrong_desa");
    assert!(s.manifest(999).await.unwrap().is_none());
    let listed = s.list_manifests(10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].id, listed[0].items, listed[0].arrived),
        (id, 3, 0)
    );
    assert_eq!(listed[0].desa_code, naru().to_string());
}

conformance!(
    the_kept_clock_equals_a_replay_after_random_work,
    kept_clock_on
);

/// The version vector kept beside the ops (`doc_clocks`) against one rebuilt from every
/// op, after random work on two desa: commits, rollbacks (a refused op drops the whole
/// transaction), duplicates and several actors.
async fn kept_clock_on(t: &TestStore) {
    let s = &t.store;
    let (naru_ids, _) = issued(s, 12).await;
    s.insert_dispatches(&sample_dispatches(rasabou(), 8, 11), now())
        .await
        .unwrap();
    publish::publish_all(s, Some(rasabou()), |_| {})
        .await
        .unwrap();
    let rasabou_ids = issued_ids(s, rasabou()).await;
    let mut sampler = antar_shared::sample::Sampler::new(13);
    let note = |actor: u32, counter: u64, dispatch: DispatchId| Op {
        dot: Dot::new(ActorId(actor), counter),
        time: UnixTime(1_795_000_000),
        body: OpBody::Note {
            dispatch,
            text: NoteText::parse("dicek").unwrap(),
        },
    };
    for round in 0..60 {
        let (desa, ids) = if sampler.below(2) == 0 {
            (naru(), &naru_ids)
        } else {
            (rasabou(), &rasabou_ids)
        };
        let mut w = s.write_document(desa, now()).await.unwrap();
        let mut refused = false;
        for _ in 0..=sampler.below(4) {
            let actor = *sampler.one_of(&[7u32, 9, 11]);
            let next = w.clock().get(&ActorId(actor)) + 1;
            let dispatch = *sampler.one_of(ids);
            let counter = match sampler.below(10) {
                0 => next + 1,             // a gap: refused
                1 if next > 1 => next - 1, // a duplicate (of another op: refused)
                _ => next,
            };
            if w.append(note(actor, counter, dispatch)).await.is_err() {
                refused = true;
                break;
            }
        }
        if refused || sampler.below(5) == 0 {
            drop(w); // rolled back, kept clock and all
        } else {
            w.commit().await.unwrap();
        }
        for desa in [naru(), rasabou()] {
            assert_eq!(
                s.clock(desa).await.unwrap(),
                s.replayed_clock(desa).await.unwrap(),
                "round {round}, desa {desa}"
            );
        }
    }
    // Server-written ops (the publisher's) are counted too.
    s.insert_dispatches(&sample_dispatches(naru(), 3, 17), now())
        .await
        .unwrap();
    publish::publish_all(s, Some(naru()), |_| {}).await.unwrap();
    assert_eq!(
        s.clock(naru()).await.unwrap(),
        s.replayed_clock(naru()).await.unwrap()
    );
}

/// Background publishers of several processes claim separate batches, concurrently
/// too; a claim expires; published records are not claimed again.
async fn publish_claims_on(t: &TestStore) {
    let s = &t.store;
    s.insert_dispatches(&sample_dispatches(naru(), 10, 11), now())
        .await
        .unwrap();
    let t0 = now();
    let (a, b) = tokio::join!(
        s.claim_pending_issues(4, t0, t0 + 300),
        s.claim_pending_issues(4, t0, t0 + 300)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut ids: Vec<i64> = a.iter().chain(&b).map(|p| p.id).collect();
    assert_eq!(ids.len(), 8, "two batches of four");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 8, "no record is claimed twice");
    let rest = s.claim_pending_issues(10, t0, t0 + 300).await.unwrap();
    assert_eq!(rest.len(), 2, "only the unclaimed remain");
    assert!(
        s.claim_pending_issues(10, t0, t0 + 300)
            .await
            .unwrap()
            .is_empty(),
        "everything is claimed"
    );
    // The claims' holder died: after the lease, another process takes them.
    let later = t0 + 301;
    let (claimed, _) = {
        let again = s
            .claim_pending_issues(64, later, later + 300)
            .await
            .unwrap();
        (again.len(), ())
    };
    assert_eq!(claimed, 10, "expired claims are free again");
    // Published records are never claimed, expired lease or not.
    publish::publish_all(s, Some(naru()), |_| {}).await.unwrap();
    let much_later = later + 1000;
    assert!(
        s.claim_pending_issues(64, much_later, much_later + 300)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Notifier workers of several processes claim separate notices, concurrently too, and
/// never more than they asked for: a notice claimed twice is sent twice.
async fn notice_claims_on(t: &TestStore) {
    let s = &t.store;
    let mut items = sample_dispatches(naru(), 10, 12);
    for (i, item) in items.iter_mut().enumerate() {
        item.phone = Some(format!("628120000{i:04}"));
    }
    let t0 = now();
    s.insert_dispatches(&items, t0).await.unwrap();
    assert_eq!(s.enqueue_notices(0, 0, t0).await.unwrap(), 10);
    let (a, b) = tokio::join!(
        s.claim_notices(4, t0, t0 + 60),
        s.claim_notices(4, t0, t0 + 60)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.len() <= 4 && b.len() <= 4, "{} and {}", a.len(), b.len());
    let mut ids: Vec<i64> = a.iter().chain(&b).map(|c| c.id).collect();
    let claimed = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), claimed, "no notice is claimed twice");
    let rest = s.claim_notices(10, t0, t0 + 60).await.unwrap();
    assert_eq!(claimed + rest.len(), 10, "every notice claimed once");
}

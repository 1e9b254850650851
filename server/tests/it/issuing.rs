//! Custody integrity at issuance, on SQLite and on PostgreSQL: a document (kind and
//! number) is never issued twice while a dispatch of it is open; a closed one makes the
//! new dispatch a reprint; a replacement recalls the open one first; two imports at once
//! cannot both issue a document; a manifest counts what the desa received, even after
//! a return.

use antar_server::dispatch;
use antar_server::error::ErrorKind;
use antar_server::issuance::{DispatchInput, publish};
use antar_server::store::dispatches::{Filter, OnExisting};
use antar_server::store::{Store, now};
use antar_shared::doc::{ActorId, Clock, Condition, DispatchId, Dot, Op, OpBody, Reissue, Status};
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;

use super::common::{TestStore, backends, naru, rasabou, sample_dispatches};

/// Runs a scenario on every backend, naming the backend in failures.
macro_rules! conformance {
    ($name:ident, $scenario:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $name() {
            for backend in backends().await {
                eprintln!("{} on {}", stringify!($name), backend.name);
                $scenario(&backend).await;
            }
        }
    };
}

conformance!(
    an_import_of_the_same_documents_is_refused_or_skipped,
    duplicates_on
);
conformance!(a_closed_dispatch_makes_the_next_one_a_reprint, reprints_on);
conformance!(
    a_replacement_recalls_the_open_dispatch_first,
    replacement_on
);
conformance!(
    concurrent_imports_issue_each_document_once,
    concurrent_imports_on
);
conformance!(
    a_manifest_counts_what_arrived_even_after_a_return,
    manifest_received_on
);

async fn count(s: &Store) -> usize {
    let filter = Filter {
        limit: 10_000,
        ..Default::default()
    };
    s.list_dispatches(&filter, now()).await.unwrap().len()
}

async fn status(s: &Store, code: TrackingCode) -> Status {
    s.dispatch_by_tracking(code, now())
        .await
        .unwrap()
        .unwrap()
        .status
}

async fn duplicates_on(t: &TestStore) {
    let s = &t.store;
    let monday = sample_dispatches(naru(), 3, 41);
    let first = s
        .issue_dispatches(&monday, OnExisting::Refuse, now())
        .await
        .unwrap();
    assert_eq!(first.stored(), 3);
    assert!(first.precedents.iter().all(|p| *p == Default::default()));
    let codes: Vec<TrackingCode> = first.codes.iter().map(|c| c.unwrap()).collect();

    // The same file again: refused as a whole, each existing code named.
    let again = s
        .issue_dispatches(&monday, OnExisting::Refuse, now())
        .await
        .unwrap();
    assert_eq!(again.stored(), 0);
    let named: Vec<(usize, TrackingCode)> = again
        .existing()
        .map(|(i, e)| (i, e.tracking_code))
        .collect();
    assert_eq!(named, vec![(0, codes[0]), (1, codes[1]), (2, codes[2])]);
    assert_eq!(count(s).await, 3, "nothing imported twice");

    // A preview sees the same without storing anything.
    let preview = s.precedents(&monday).await.unwrap();
    assert!(preview.iter().all(|p| p.open.len() == 1));

    // Tuesday: two of Monday's rows and a new one; refused whole, or skipping the two.
    let mut tuesday = monday[..2].to_vec();
    tuesday.extend(sample_dispatches(rasabou(), 1, 42));
    let refused = s
        .issue_dispatches(&tuesday, OnExisting::Refuse, now())
        .await
        .unwrap();
    assert_eq!((refused.stored(), refused.existing().count()), (0, 2));
    assert_eq!(count(s).await, 3, "all or nothing");
    let skipped = s
        .issue_dispatches(&tuesday, OnExisting::Skip, now())
        .await
        .unwrap();
    assert_eq!(skipped.stored(), 1);
    assert_eq!(skipped.codes[..2], [None, None]);
    assert!(skipped.codes[2].is_some());
    assert_eq!(count(s).await, 4);

    // The same number for another kind is another document.
    let mut other_kind = monday[0].clone();
    other_kind.kind = if other_kind.kind == antar_shared::kind::DocumentKind::Kk {
        antar_shared::kind::DocumentKind::Skpwni
    } else {
        antar_shared::kind::DocumentKind::Kk
    };
    let other = s
        .issue_dispatches(&[other_kind], OnExisting::Refuse, now())
        .await
        .unwrap();
    assert_eq!(other.stored(), 1);
}

fn kk_input(number: &str) -> DispatchInput {
    DispatchInput {
        kind: "kk".into(),
        number: number.into(),
        holder_name: "Siti Aminah".into(),
        nik: "5206034507900001".into(),
        desa_code: "52.06.03.2012".into(),
        applicant_phone: Some("081234567890".into()),
        ..Default::default()
    }
}

async fn reprints_on(t: &TestStore) {
    let s = &t.store;
    let input = kk_input("5206031203240077");
    let first = dispatch::issue(s, &antar_server::audit::Who::command(), &input)
        .await
        .unwrap();
    assert_eq!(first.reissue, None);
    let refused = dispatch::issue(s, &antar_server::audit::Who::command(), &input)
        .await
        .unwrap_err();
    assert_eq!(
        (refused.code, refused.kind),
        ("dispatch.exists", ErrorKind::Conflict)
    );
    let code = first.tracking_code.to_string();
    for lang in [antar_shared::Lang::Id, antar_shared::Lang::En] {
        let message = refused.message(lang);
        assert!(message.contains(&code), "{message}");
    }
    assert!(
        refused
            .message(antar_shared::Lang::Id)
            .contains("Kartu Keluarga (KK)")
    );
    assert!(
        refused
            .message(antar_shared::Lang::En)
            .contains("Family card (KK)")
    );
    assert_eq!(count(s).await, 1);

    // Recalled (closed): the same document printed again is a reprint of it.
    dispatch::recall(
        s,
        &antar_server::audit::Who::command(),
        first.tracking_code,
        "Salah cetak alamat",
    )
    .await
    .unwrap();
    let again = dispatch::issue(s, &antar_server::audit::Who::command(), &input)
        .await
        .unwrap();
    assert_eq!(again.reissue, Some(Reissue::Reprint(first.tracking_code)));
    let record = s
        .dispatch_by_tracking(again.tracking_code, now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (record.reprint_of, record.replaces),
        (Some(first.tracking_code), None)
    );
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(json["reprint_of"], code.as_str());
    assert!(json["replaces"].is_null());
    let earlier = s
        .dispatch_by_tracking(first.tracking_code, now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(earlier.reissued_as, Some(again.tracking_code));
    let listed = s
        .list_dispatches(
            &Filter {
                limit: 10,
                ..Default::default()
            },
            now(),
        )
        .await
        .unwrap();
    assert!(
        listed.iter().any(|r| r.tracking_code == first.tracking_code
            && r.reissued_as == Some(again.tracking_code))
    );

    // The desa's history says so: the Issue op carries the reprint.
    publish::publish_all(s, Some(naru()), |_| {}).await.unwrap();
    let reissues: Vec<Option<Reissue>> = s
        .all_ops(naru())
        .await
        .unwrap()
        .iter()
        .filter_map(|o| match &o.op.body {
            OpBody::Issue(issue) if issue.tracking == again.tracking_code => Some(issue.reissue),
            _ => None,
        })
        .collect();
    assert_eq!(reissues, [Some(Reissue::Reprint(first.tracking_code))]);

    // A batch sees the reprint too, and marks it.
    let batch = sample_dispatches(naru(), 1, 43);
    let stored = s
        .issue_dispatches(&batch, OnExisting::Refuse, now())
        .await
        .unwrap();
    dispatch::recall(
        s,
        &antar_server::audit::Who::command(),
        stored.codes[0].unwrap(),
        "Salah cetak",
    )
    .await
    .unwrap();
    let reprinted = s
        .issue_dispatches(&batch, OnExisting::Refuse, now())
        .await
        .unwrap();
    assert_eq!(reprinted.precedents[0].reprint_of(), stored.codes[0]);
    let record = s
        .dispatch_by_tracking(reprinted.codes[0].unwrap(), now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.reprint_of, stored.codes[0]);
}

async fn replacement_on(t: &TestStore) {
    let s = &t.store;
    let input = kk_input("5206031203240088");
    let old = dispatch::issue(s, &antar_server::audit::Who::command(), &input)
        .await
        .unwrap()
        .tracking_code;

    // Half a replacement is refused, naming the missing field; nothing changes.
    let half = DispatchInput {
        replaces: Some(old.to_string()),
        ..kk_input("5206031203240088")
    };
    let err = dispatch::issue(s, &antar_server::audit::Who::command(), &half)
        .await
        .unwrap_err();
    assert_eq!(err.code, "dispatch.invalid");
    assert_eq!(err.details[0].field, "replace_reason");
    let bad_code = DispatchInput {
        replaces: Some("XXXX".into()),
        replace_reason: Some("Salah cetak".into()),
        ..kk_input("5206031203240088")
    };
    let err = dispatch::issue(s, &antar_server::audit::Who::command(), &bad_code)
        .await
        .unwrap_err();
    assert_eq!(err.details[0].field, "replaces");
    assert_eq!(count(s).await, 1);
    assert_eq!(status(s, old).await, Status::Issued);

    // The replacement: the old one is recalled with the reason, the new one names it.
    let replace = DispatchInput {
        replaces: Some(old.to_string()),
        replace_reason: Some("Salah cetak nama".into()),
        ..kk_input("5206031203240088")
    };
    let new = dispatch::issue(s, &antar_server::audit::Who::command(), &replace)
        .await
        .unwrap();
    assert_eq!(new.reissue, Some(Reissue::Replaces(old)));
    assert_eq!(status(s, old).await, Status::Recalled);
    let record = s
        .dispatch_by_tracking(new.tracking_code, now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (record.status, record.replaces, record.reprint_of),
        (Status::Issued, Some(old), None)
    );
    assert_eq!(count(s).await, 2);
    let recalls: Vec<String> = s
        .all_ops(naru())
        .await
        .unwrap()
        .iter()
        .filter_map(|o| match &o.op.body {
            OpBody::Recall {
                dispatch, reason, ..
            } if dispatch.0 == old => Some(reason.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(recalls, ["Salah cetak nama"]);

    // Replacing it again: the custody rules refuse a second recall; nothing is issued.
    let err = dispatch::issue(s, &antar_server::audit::Who::command(), &replace)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict, "{err}");
    assert_eq!(count(s).await, 2);

    // Replacing an unknown dispatch: not found, nothing issued.
    let unknown = DispatchInput {
        replaces: Some(TrackingCode::generate().unwrap().to_string()),
        replace_reason: Some("Salah cetak".into()),
        ..kk_input("5206031203240099")
    };
    assert_eq!(
        dispatch::issue(s, &antar_server::audit::Who::command(), &unknown)
            .await
            .unwrap_err()
            .code,
        "dispatch.not_found"
    );
    assert_eq!(count(s).await, 2);

    // A document handed over cannot be replaced (rule.already_decided): nothing issued,
    // and it stays handed over.
    let handed = dispatch::issue(
        s,
        &antar_server::audit::Who::command(),
        &kk_input("5206031203240111"),
    )
    .await
    .unwrap()
    .tracking_code;
    publish::publish_all(s, Some(naru()), |_| {}).await.unwrap();
    let seen = s.clock(naru()).await.unwrap();
    let id = DispatchId(handed);
    let mut w = s.write_document(naru(), now()).await.unwrap();
    w.append(receive(&seen, 1, id)).await.unwrap();
    let mut after = seen.clone();
    crdts::CmRDT::apply(&mut after, Dot::new(ActorId(7), 1));
    w.append(Op {
        dot: Dot::new(ActorId(7), 2),
        time: UnixTime(now()),
        body: OpBody::Handover {
            dispatch: id,
            handover: antar_shared::doc::Handover {
                recipient: antar_shared::text::PersonName::parse("Siti Aminah").unwrap(),
                relation: antar_shared::doc::Relation::Holder,
                id_shown: antar_shared::doc::IdDocument::KtpEl,
                nik_verified: true,
                evidence: None,
                clerk: antar_shared::text::PersonName::parse("Nurul Hamzah").unwrap(),
            },
            correction: None,
            seen: after,
        },
    })
    .await
    .unwrap();
    w.commit().await.unwrap();
    assert_eq!(status(s, handed).await, Status::HandedOver);
    let too_late = DispatchInput {
        replaces: Some(handed.to_string()),
        replace_reason: Some("Salah cetak".into()),
        ..kk_input("5206031203240111")
    };
    let err = dispatch::issue(s, &antar_server::audit::Who::command(), &too_late)
        .await
        .unwrap_err();
    assert_eq!(err.code, "rule.already_decided", "{err}");
    assert_eq!(count(s).await, 3);
    assert_eq!(status(s, handed).await, Status::HandedOver);
    // Without --replaces it is simply a reprint.
    let reprint = dispatch::issue(
        s,
        &antar_server::audit::Who::command(),
        &kk_input("5206031203240111"),
    )
    .await
    .unwrap();
    assert_eq!(reprint.reissue, Some(Reissue::Reprint(handed)));

    // Replacing A with a document that has another open dispatch B: refused, naming
    // B, and A is not recalled.
    let a = dispatch::issue(
        s,
        &antar_server::audit::Who::command(),
        &kk_input("5206031203240222"),
    )
    .await
    .unwrap()
    .tracking_code;
    let b = dispatch::issue(
        s,
        &antar_server::audit::Who::command(),
        &kk_input("5206031203240333"),
    )
    .await
    .unwrap()
    .tracking_code;
    let onto_b = DispatchInput {
        replaces: Some(a.to_string()),
        replace_reason: Some("Nomor salah".into()),
        ..kk_input("5206031203240333")
    };
    let err = dispatch::issue(s, &antar_server::audit::Who::command(), &onto_b)
        .await
        .unwrap_err();
    assert_eq!(err.code, "dispatch.exists");
    let message = err.message(antar_shared::Lang::Id);
    assert!(message.contains(&b.to_string()), "{message}");
    assert_eq!(status(s, a).await, Status::Issued, "the recall rolled back");
    // Replacing A with a corrected number: A recalled, the new one replaces it.
    let corrected = DispatchInput {
        replaces: Some(a.to_string()),
        replace_reason: Some("Nomor salah".into()),
        ..kk_input("5206031203240444")
    };
    let fixed = dispatch::issue(s, &antar_server::audit::Who::command(), &corrected)
        .await
        .unwrap();
    assert_eq!(fixed.reissue, Some(Reissue::Replaces(a)));
    assert_eq!(status(s, a).await, Status::Recalled);
}

fn receive(seen: &Clock, counter: u64, dispatch: DispatchId) -> Op {
    Op {
        dot: Dot::new(ActorId(7), counter),
        time: UnixTime(now()),
        body: OpBody::Receive {
            dispatch,
            condition: Condition::Ok,
            found: false,
            correction: None,
            seen: seen.clone(),
        },
    }
}

async fn concurrent_imports_on(t: &TestStore) {
    let s = &t.store;
    let items = sample_dispatches(naru(), 30, 44);
    let mut tasks = Vec::new();
    for worker in 0..4usize {
        let s = s.clone();
        // Each import holds the same documents, in another order.
        let mut batch = items.clone();
        batch.rotate_left(worker * 7);
        tasks.push(tokio::spawn(async move {
            s.issue_dispatches(&batch, OnExisting::Skip, now())
                .await
                .unwrap()
                .stored()
        }));
    }
    let mut stored = 0;
    for task in tasks {
        stored += task.await.unwrap();
    }
    assert_eq!(stored, 30, "each document issued once among all imports");
    assert_eq!(count(s).await, 30);
    let per_document: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT kind, number, COUNT(*) FROM dispatches GROUP BY kind, number HAVING COUNT(*) > 1",
    )
    .fetch_all(s.pool())
    .await
    .unwrap();
    assert!(per_document.is_empty(), "{per_document:?}");
}

async fn manifest_received_on(t: &TestStore) {
    let s = &t.store;
    let report = s
        .issue_dispatches(&sample_dispatches(naru(), 3, 45), OnExisting::Refuse, now())
        .await
        .unwrap();
    let codes: Vec<TrackingCode> = report.codes.iter().map(|c| c.unwrap()).collect();
    let (id, _) = antar_server::manifest::create(
        s,
        &antar_server::audit::Who::command(),
        "Arifin Usman",
        naru(),
        antar_server::manifest::Selection::AllIssued,
    )
    .await
    .unwrap();
    assert_eq!(s.manifest(id).await.unwrap().unwrap().received, 0);
    let seen = s.clock(naru()).await.unwrap();
    let mut w = s.write_document(naru(), now()).await.unwrap();
    for (i, code) in codes.iter().enumerate() {
        w.append(receive(&seen, i as u64 + 1, DispatchId(*code)))
            .await
            .unwrap();
    }
    w.commit().await.unwrap();
    // The desa sends one back: it still arrived.
    let mut after = seen.clone();
    crdts::CmRDT::apply(&mut after, Dot::new(ActorId(7), 3));
    let mut w = s.write_document(naru(), now()).await.unwrap();
    w.append(Op {
        dot: Dot::new(ActorId(7), 4),
        time: UnixTime(now()),
        body: OpBody::Return {
            dispatch: DispatchId(codes[2]),
            reason: antar_shared::text::Reason::parse("Tidak diambil").unwrap(),
            correction: None,
            seen: after,
        },
    })
    .await
    .unwrap();
    w.commit().await.unwrap();
    assert_eq!(status(s, codes[2]).await, Status::Returned);
    let manifest = s.manifest(id).await.unwrap().unwrap();
    assert_eq!(manifest.received, 3);
    assert!(manifest.items.iter().all(|i| i.received));
    let json = serde_json::to_value(&manifest).unwrap();
    assert_eq!(json["received"], 3);
    let listed = s.list_manifests(10).await.unwrap();
    assert_eq!((listed[0].id, listed[0].arrived), (id, 3));
}

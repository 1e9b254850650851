//! A server restored from an older backup, in-process: it never reuses an op id, it
//! takes its own lost ops back from a desa device under its seals, rebuilds the records
//! the restore lost, and ends identical to the device — with no manual step. A device
//! that hands back ops the server never sealed is refused and changes nothing.

use std::collections::BTreeMap;

use antar_server::enrollment::{self, EnrollRequest};
use antar_server::issuance::publish;
use antar_server::manifest::{self, Selection};
use antar_server::store::devices::Device;
use antar_server::store::dispatches::OnExisting;
use antar_server::store::{Store, now};
use antar_shared::doc::{
    ActorId, Clock, Condition, DesaDoc, Handover, IdDocument, Op, OpBody, Relation, Status,
};
use antar_shared::sync::{Chain, PROTOCOL_VERSION, PublicKey, Seal, SyncRequest};
use antar_shared::text::PersonName;
use antar_shared::time::UnixTime;

use super::common::{naru, sample_dispatches};

/// A desa device as the agent keeps it: its replica, each other actor's chain link,
/// the seals it was given, and what the server said it had.
struct Desk {
    device: Device,
    actor: ActorId,
    doc: DesaDoc,
    chains: BTreeMap<ActorId, (u64, Chain)>,
    seals: Vec<Seal>,
    server_have: Clock,
}

impl Desk {
    async fn enroll(store: &Store) -> Desk {
        let code = enrollment::create_code(store, &antar_server::audit::Who::command(), naru())
            .await
            .unwrap();
        let request = EnrollRequest {
            code: code.code,
            device_name: "Laptop kantor desa".into(),
            device_token: None,
            previous_token: None,
            actor: None,
            certificate: None,
            earlier_tokens: Vec::new(),
            receipt_key: None,
        };
        let (answer, device) = enrollment::enroll(store, &request).await.unwrap();
        Desk {
            device,
            actor: ActorId(answer.actor),
            doc: DesaDoc::new(naru()),
            chains: BTreeMap::new(),
            seals: Vec::new(),
            server_have: Clock::new(),
        }
    }

    /// What the agent sends: its own waiting ops and, for other actors the server is
    /// behind on, their ops up to the furthest seal it holds.
    fn outgoing(&self) -> (Vec<Op>, Vec<Seal>) {
        let mut upto = BTreeMap::new();
        let mut seals = Vec::new();
        for (actor, held) in &self.doc.clock().dots {
            let from = self.server_have.get(actor);
            if *actor == self.actor || *held <= from {
                continue;
            }
            if let Some(seal) = self
                .seals
                .iter()
                .filter(|s| s.actor == *actor && s.counter > from && s.counter <= *held)
                .max_by_key(|s| s.counter)
            {
                upto.insert(*actor, seal.counter);
                seals.push(*seal);
            }
        }
        let ops = self
            .doc
            .missing_from(&self.server_have)
            .filter(|op| {
                op.dot.actor == self.actor
                    || upto
                        .get(&op.dot.actor)
                        .is_some_and(|u| op.dot.counter <= *u)
            })
            .cloned()
            .collect();
        (ops, seals)
    }

    /// One round trip through the sync endpoint's logic, checking the server's seals.
    async fn round(&mut self, store: &Store, key: PublicKey) -> usize {
        let (ops, seals) = self.outgoing();
        let sent = ops.len();
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            desa: naru(),
            have: self.doc.clock().clone(),
            ops: ops.into(),
            seals,
            device_time: UnixTime(now()),
        };
        let (response, _) = antar_server::sync::sync(store, &self.device, request)
            .await
            .unwrap();
        for op in response
            .ops
            .0
            .iter()
            .filter(|op| op.dot.actor != self.actor)
        {
            let (counter, chain) = self
                .chains
                .get(&op.dot.actor)
                .copied()
                .unwrap_or((0, Chain::START));
            assert_eq!(op.dot.counter, counter + 1, "each actor's ops in order");
            self.chains.insert(
                op.dot.actor,
                (op.dot.counter, chain.next(naru(), op).unwrap()),
            );
        }
        for seal in &response.seals {
            let (counter, chain) = self.chains[&seal.actor];
            assert_eq!(seal.counter, counter, "a seal at the last op of its actor");
            assert!(
                key.verify(naru(), seal, chain),
                "the server's own seal verifies"
            );
            self.seals.push(*seal);
        }
        self.doc.apply_all(naru(), response.ops.0).unwrap();
        self.server_have = response.have;
        sent
    }

    /// Syncs until nothing moves (the agent's loop).
    async fn sync(&mut self, store: &Store, key: PublicKey) {
        for _ in 0..6 {
            let before = self.server_have.clone();
            let sent = self.round(store, key).await;
            if sent == 0 && self.server_have == before && self.outgoing().0.is_empty() {
                return;
            }
        }
    }

    fn write(&mut self, body: OpBody) {
        let op = self.doc.author(self.actor, UnixTime(now()), body).unwrap();
        self.doc.apply(op).unwrap();
    }
}

/// A consistent copy of the running server's database, as the nightly job makes.
async fn back_up(store: &Store, dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let backup = dir.join(name);
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "VACUUM INTO '{}'",
        backup.display()
    )))
    .execute(store.pool())
    .await
    .unwrap();
    backup
}

/// The server stops, its database is replaced by the backup, and it starts again (a new
/// process: a new store).
async fn restore(store: Store, dir: &std::path::Path, backup: &std::path::Path) -> Store {
    store.pool().close().await;
    drop(store);
    for file in ["antar.db", "antar.db-wal", "antar.db-shm"] {
        let _ = std::fs::remove_file(dir.join(file));
    }
    std::fs::copy(backup, dir.join("antar.db")).unwrap();
    Store::open_data_dir(dir).await.unwrap()
}

async fn issue_and_ship(store: &Store, n: usize, seed: u64) {
    store
        .insert_dispatches(&sample_dispatches(naru(), n, seed), now())
        .await
        .unwrap();
    publish::publish_all(store, Some(naru()), |_| {})
        .await
        .unwrap();
    manifest::create(
        store,
        &antar_server::audit::Who::command(),
        "Arifin Usman",
        naru(),
        Selection::AllIssued,
    )
    .await
    .unwrap();
}

fn receive(dispatch: antar_shared::doc::DispatchId) -> OpBody {
    OpBody::Receive {
        dispatch,
        condition: Condition::Ok,
        found: false,
        correction: None,
        seen: Clock::new(),
    }
}

fn hand(dispatch: antar_shared::doc::DispatchId, holder: PersonName) -> OpBody {
    OpBody::Handover {
        dispatch,
        handover: Handover {
            recipient: holder,
            relation: Relation::Holder,
            id_shown: IdDocument::KtpEl,
            nik_verified: false,
            evidence: None,
            clerk: PersonName::parse("Nurul Hamzah").unwrap(),
        },
        correction: None,
        seen: Clock::new(),
    }
}

#[tokio::test]
async fn a_restored_server_takes_its_lost_ops_back_and_never_reuses_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_data_dir(dir.path()).await.unwrap();
    let key = store.public_key();
    let before = store.incarnation().await.unwrap();

    // Monday: three dispatches shipped; the device syncs. The nightly backup.
    issue_and_ship(&store, 3, 1).await;
    let mut desk = Desk::enroll(&store).await;
    desk.sync(&store, key).await;
    let monday: std::collections::BTreeSet<_> = desk.doc.dispatches().map(|d| d.id).collect();
    let backup = back_up(&store, dir.path(), "nightly.db").await;

    // Tuesday: three more; the desa receives all six and hands two over.
    issue_and_ship(&store, 3, 2).await;
    desk.sync(&store, key).await;
    let ids: Vec<_> = desk
        .doc
        .dispatches()
        .map(|d| (d.id, d.issue.holder.clone()))
        .collect();
    assert_eq!(ids.len(), 6);
    for (id, _) in &ids {
        desk.write(receive(*id));
    }
    let tuesday: Vec<_> = ids
        .iter()
        .filter(|(id, _)| !monday.contains(id))
        .cloned()
        .collect();
    assert_eq!(tuesday.len(), 3);
    for (id, holder) in &tuesday[..2] {
        desk.write(hand(*id, holder.clone()));
    }
    desk.sync(&store, key).await;
    let tuesday_ops = store.all_ops(naru()).await.unwrap().len();

    // Wednesday: the disk dies and the backup goes back.
    let store = restore(store, dir.path(), &backup).await;
    assert_eq!(store.public_key(), key, "the same server key comes back");
    assert!(store.all_ops(naru()).await.unwrap().len() < tuesday_ops);

    // Dukcapil issues before the desa syncs: a new incarnation, never an old dot.
    issue_and_ship(&store, 2, 3).await;
    let after = store.incarnation().await.unwrap();
    assert!(
        after.is_server() && after.0 > before.0,
        "{before} then {after}"
    );
    let new_ops: Vec<Op> = store
        .all_ops(naru())
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.op)
        .filter(|op| op.dot.actor == after)
        .collect();
    for op in &new_ops {
        assert!(
            desk.doc.op(op.id()).is_none(),
            "the restored server reused {} for another op",
            op.id()
        );
    }

    // The desa syncs: it hands Tuesday back, takes Wednesday, and both agree.
    desk.sync(&store, key).await;
    let mut server = DesaDoc::new(naru());
    server
        .apply_all(
            naru(),
            store
                .all_ops(naru())
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.op),
        )
        .unwrap();
    assert_eq!(server, desk.doc, "server and device identical");
    assert_eq!(desk.doc.dispatches().count(), 8);
    for (id, _) in &tuesday[..2] {
        let record = store
            .dispatch_by_tracking(id.0, now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            record.status,
            Status::HandedOver,
            "a lost record rebuilt, status true"
        );
    }
    let recovered = store.recoveries_since(0).await.unwrap();
    assert!(
        recovered
            .iter()
            .any(|r| r.actor == i64::from(before.0) && r.ops >= 3),
        "the operator is told what came back: {recovered:?}"
    );
    // Every op exactly once.
    let all = store.all_ops(naru()).await.unwrap();
    let distinct: std::collections::BTreeSet<_> = all.iter().map(|s| s.op.id()).collect();
    assert_eq!(distinct.len(), all.len());

    // The rebuilt records lack the NIK only the lost rows had; re-importing Tuesday's
    // file completes them under their own codes (no duplicate, no reprint).
    let (_, first) = &tuesday[0];
    let record = store
        .dispatch_by_tracking(tuesday[0].0.0, now())
        .await
        .unwrap()
        .unwrap();
    assert!(record.nik.is_empty(), "{first} was rebuilt without its NIK");
    let lost = sample_dispatches(naru(), 3, 2);
    let report = store
        .issue_dispatches(&lost, OnExisting::Refuse, now())
        .await
        .unwrap();
    let completed: std::collections::BTreeSet<_> = report.codes.iter().flatten().collect();
    let expected: std::collections::BTreeSet<_> = tuesday.iter().map(|(id, _)| &id.0).collect();
    assert_eq!(completed, expected, "completed, not issued again");
    assert_eq!(desk_count(&store).await, 8, "no new record");
    let record = store
        .dispatch_by_tracking(tuesday[0].0.0, now())
        .await
        .unwrap()
        .unwrap();
    assert!(!record.nik.is_empty());
    assert_eq!(record.status, Status::HandedOver);
}

async fn desk_count(store: &Store) -> usize {
    let filter = antar_server::store::dispatches::Filter {
        limit: 100,
        ..Default::default()
    };
    store.list_dispatches(&filter, now()).await.unwrap().len()
}

#[tokio::test]
async fn ops_handed_back_without_the_servers_own_seal_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_data_dir(dir.path()).await.unwrap();
    let key = store.public_key();
    issue_and_ship(&store, 2, 4).await;
    let mut desk = Desk::enroll(&store).await;
    desk.sync(&store, key).await;
    let backup = back_up(&store, dir.path(), "backup.db").await;
    issue_and_ship(&store, 1, 5).await;
    desk.sync(&store, key).await;
    let store = restore(store, dir.path(), &backup).await;
    let held = store.all_ops(naru()).await.unwrap().len();

    // A device that changed what the server sent (another holder's name) cannot hand it
    // back: the chain no longer matches the seal.
    desk.server_have = store.clock(naru()).await.unwrap();
    let (mut ops, seals) = desk.outgoing();
    assert!(!ops.is_empty() && !seals.is_empty());
    if let Some(OpBody::Issue(issue)) = ops
        .iter_mut()
        .map(|o| &mut o.body)
        .find(|b| matches!(b, OpBody::Issue(_)))
    {
        issue.holder = PersonName::parse("Orang Lain").unwrap();
    }
    let request = SyncRequest {
        protocol: PROTOCOL_VERSION,
        desa: naru(),
        have: desk.doc.clock().clone(),
        ops: ops.into(),
        seals,
        device_time: UnixTime(now()),
    };
    let refused = antar_server::sync::sync(&store, &desk.device, request)
        .await
        .unwrap_err();
    assert_eq!(refused.code, "sync.bad_seal");
    assert_eq!(
        store.all_ops(naru()).await.unwrap().len(),
        held,
        "nothing changed"
    );
}

#[tokio::test]
async fn a_device_the_restore_forgot_proves_itself_with_its_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_data_dir(dir.path()).await.unwrap();
    let backup = back_up(&store, dir.path(), "before-the-device.db").await;
    // Enrolled after the backup: the restored server will not know it.
    let code = enrollment::create_code(&store, &antar_server::audit::Who::command(), naru())
        .await
        .unwrap();
    let old_token = "ab".repeat(32);
    let first = EnrollRequest {
        code: code.code,
        device_name: "Laptop kantor desa".into(),
        device_token: Some(old_token.clone()),
        previous_token: None,
        actor: None,
        certificate: None,
        earlier_tokens: Vec::new(),
        receipt_key: None,
    };
    let (answer, _) = enrollment::enroll(&store, &first).await.unwrap();
    let store = restore(store, dir.path(), &backup).await;
    assert!(store.list_devices(None).await.unwrap().is_empty());

    let again = |certificate: Option<String>, token: &str| {
        let store = store.clone();
        let old_token = old_token.clone();
        let token = token.to_owned();
        async move {
            let code =
                enrollment::create_code(&store, &antar_server::audit::Who::command(), naru())
                    .await
                    .unwrap();
            let request = EnrollRequest {
                code: code.code,
                device_name: "Laptop kantor desa".into(),
                device_token: Some(token),
                previous_token: Some(old_token),
                actor: Some(answer.actor),
                certificate,
                earlier_tokens: Vec::new(),
                receipt_key: None,
            };
            enrollment::enroll(&store, &request).await
        }
    };
    // Claiming the actor without the server's certificate, or with a forged one: refused.
    let refused = again(None, &"cd".repeat(32)).await.unwrap_err();
    assert_eq!(refused.code, "enroll.not_this_device");
    let refused = again(Some("00".repeat(64)), &"cd".repeat(32))
        .await
        .unwrap_err();
    assert_eq!(refused.code, "enroll.not_this_device");
    assert!(
        store.list_devices(None).await.unwrap().is_empty(),
        "nothing kept"
    );
    // With it: the same actor again, under a new token.
    let (back, device) = again(Some(answer.certificate.clone()), &"ef".repeat(32))
        .await
        .unwrap();
    assert_eq!(back.actor, answer.actor);
    assert_eq!(device.desa, naru());
    // A new device now gets an id above the one the restore forgot.
    let code = enrollment::create_code(&store, &antar_server::audit::Who::command(), naru())
        .await
        .unwrap();
    let newcomer = EnrollRequest {
        code: code.code,
        device_name: "Tablet".into(),
        device_token: None,
        previous_token: None,
        actor: None,
        certificate: None,
        earlier_tokens: Vec::new(),
        receipt_key: None,
    };
    let (other, _) = enrollment::enroll(&store, &newcomer).await.unwrap();
    assert!(other.actor > answer.actor);
}

/// Found by the simulation (`antar-sim`, seed 37): a device revoked and enrolled again
/// after the last backup, then the server restored from that backup. The restored
/// server knows the device's older token, not its newest, and refused every new code
/// ("not this device"): the office was locked out for good. Holding the older token
/// proves it is that device; a copy of its replica from before that token still cannot.
#[tokio::test]
async fn a_device_enrolled_again_after_the_backup_proves_itself_with_its_earlier_token() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_data_dir(dir.path()).await.unwrap();
    let code = |store: Store| async move {
        enrollment::create_code(&store, &antar_server::audit::Who::command(), naru())
            .await
            .unwrap()
            .code
    };
    let request = |code: String, token: &str, previous: Option<&str>, actor, earlier: &[&str]| {
        EnrollRequest {
            code,
            device_name: "Laptop kantor desa".into(),
            device_token: Some(token.to_owned()),
            previous_token: previous.map(str::to_owned),
            actor,
            certificate: None,
            earlier_tokens: earlier.iter().map(|t| (*t).to_owned()).collect(),
            receipt_key: None,
        }
    };
    let (first, second, third) = ("a1".repeat(32), "b2".repeat(32), "c3".repeat(32));
    let (answer, _) = enrollment::enroll(
        &store,
        &request(code(store.clone()).await, &first, None, None, &[]),
    )
    .await
    .unwrap();
    let actor = Some(answer.actor);
    let backup = back_up(&store, dir.path(), "knows-the-first-token.db").await;
    // Revoked, then enrolled again after the backup: the second token.
    let revoked = enrollment::revoke_device(
        &store,
        &antar_server::audit::Who::command(),
        i64::from(answer.actor),
    )
    .await;
    assert!(revoked.is_ok());
    enrollment::enroll(
        &store,
        &request(code(store.clone()).await, &second, Some(&first), actor, &[]),
    )
    .await
    .unwrap();
    let store = restore(store, dir.path(), &backup).await;

    // As before the fix: the newest token alone does not prove it to this server.
    let refused = enrollment::enroll(
        &store,
        &request(code(store.clone()).await, &third, Some(&second), actor, &[]),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.code, "enroll.not_this_device");
    // A token the server never gave this device proves nothing either.
    let refused = enrollment::enroll(
        &store,
        &request(
            code(store.clone()).await,
            &third,
            Some(&second),
            actor,
            &[&"d4".repeat(32)],
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.code, "enroll.not_this_device");
    // With the earlier token it held: the same actor, under the new token.
    let (back, device) = enrollment::enroll(
        &store,
        &request(
            code(store.clone()).await,
            &third,
            Some(&second),
            actor,
            &[&first],
        ),
    )
    .await
    .unwrap();
    assert_eq!(back.actor, answer.actor);
    assert_eq!(device.revoked_at, None);
}

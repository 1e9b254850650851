//! One unreadable op row: ordinary commands name it and point to `doctor`; `doctor`
//! sets it (and what depends on it) aside, and the server gives it all back.

use antar_agent::replica::ReplicaError;
use antar_agent::replica::doctor::{Doctor, SyncStep};
use antar_shared::Lang;

use super::office::{DEVICE, Office, command, failing, naru, said};

#[tokio::test]
async fn an_unreadable_row_names_doctor_and_doctor_offline_sets_it_aside() {
    let office = Office::new().await;
    office
        .sql("UPDATE ops SET body = x'ff00ff' WHERE actor = 0 AND counter = 2")
        .await;

    let error = office.replica.load(naru()).await.unwrap_err();
    assert!(
        matches!(error, ReplicaError::UnreadableOp { .. }),
        "{error:?}"
    );
    // The log says what broke; the clerk reads which change and what to run.
    let log = error.to_string();
    assert!(log.contains("0.2"), "{log}");
    let said_id = said(&error, Lang::Id);
    assert!(
        said_id.contains("0.2") && said_id.contains("antar-agent doctor"),
        "{said_id}"
    );
    let (id, en) = failing(office.path(), &["list", "--json"]).await;
    assert!(
        id.contains("0.2") && id.contains("antar-agent doctor"),
        "{id}"
    );
    assert!(
        en.contains("cannot be read") && en.contains("antar-agent doctor"),
        "{en}"
    );

    let doctor = Doctor::examine(office.path()).await.unwrap();
    let (replica, report) = doctor.finish().await.unwrap();
    assert_eq!(report.integrity, "ok");
    assert_eq!(report.checked, 5);
    let names =
        |v: &[antar_agent::replica::SetAside]| v.iter().map(|a| a.op.clone()).collect::<Vec<_>>();
    assert_eq!(names(&report.quarantined), ["0.2"]);
    // The later ops of the same actor wait for it: kept, not deleted.
    assert_eq!(names(&report.held), ["0.3", "0.4", "0.5"]);
    assert_eq!(report.sync, SyncStep::Offline);
    assert!(!report.own_blocked && !report.own_stuck && report.own_lost.is_empty());

    let doc = replica.load(naru()).await.unwrap();
    assert_eq!((doc.len(), doc.dispatches().count()), (1, 1));
    assert_eq!(report.dispatches, 1);
    let text = report.lines(Lang::Id).join("\n");
    assert!(
        text.contains("dikarantina: 1")
            && text.contains("0.2")
            && text.contains("antar-agent sync"),
        "{text}"
    );
    assert!(report.lines(Lang::En).join("\n").contains("quarantined: 1"));
    // SQLite's "ok" is not shown: the check says so in words.
    assert!(
        text.contains("Pemeriksaan file: tidak ada kerusakan."),
        "{text}"
    );
    assert!(!text.contains(": ok"), "{text}");

    // The damaged row is kept as it was found; the set-aside ops too.
    let raw: (i64, i64, Vec<u8>) = sqlx::query_as("SELECT actor, counter, body FROM quarantine")
        .fetch_one(&office.pool().await)
        .await
        .unwrap();
    assert_eq!(raw, (0, 2, vec![0xff, 0x00, 0xff]));
    // Why, as a code and its arguments, said in the reader's language when shown.
    let reason: String = sqlx::query_scalar("SELECT reason FROM quarantine")
        .fetch_one(&office.pool().await)
        .await
        .unwrap();
    assert!(reason.contains("\"code\":\"op.stored_"), "{reason}");
    assert_eq!(replica.held_count().await.unwrap(), 3);

    // A second run finds nothing more to do.
    let (_, again) = Doctor::examine(office.path())
        .await
        .unwrap()
        .finish()
        .await
        .unwrap();
    assert!(again.quarantined.is_empty() && again.held.is_empty());
    assert_eq!(again.still_held, 3);
}

#[tokio::test]
async fn doctor_fetches_back_what_it_set_aside_own_ops_included() {
    let office = Office::new().await;
    office.receive(0).await.unwrap();
    office.sync().await;
    assert_eq!(office.server.has(DEVICE), 1, "the server holds the receipt");
    office
        .sql("UPDATE ops SET body = x'ff00ff' WHERE actor = 0 AND counter = 1")
        .await;

    let mut doctor = Doctor::examine(office.path()).await.unwrap();
    // Its own receipt 3.1 is set aside (it names the dispatch whose Issue 0.1 is
    // damaged): no new work yet, or the next receipt would take the counter 1 the
    // server already holds.
    let refused = office.receive(1).await.unwrap_err();
    assert!(said(&refused, Lang::Id).contains("sedang memulihkan perubahannya sendiri"));
    assert!(said(&refused, Lang::En).contains("sync first"));
    doctor.refetch(&office.server).await;
    let (replica, report) = doctor.finish().await.unwrap();
    assert_eq!(report.sync, SyncStep::Done { received: 6 });
    assert_eq!((report.restored, report.still_held), (5, 0));
    assert!(!report.own_blocked && !report.own_stuck);
    assert_eq!(report.dispatches, 4);
    let doc = replica.load(naru()).await.unwrap();
    assert_eq!((doc.len(), doc.clock().get(&DEVICE)), (6, 1));

    // The device writes again, under its next counter, and the server takes it.
    let op = office.receive(1).await.unwrap();
    assert_eq!(op.dot.counter, 2);
    office.sync().await;
    assert_eq!(office.server.has(DEVICE), 2);
}

#[tokio::test]
async fn the_doctor_command_succeeds_and_list_works_again() {
    let office = Office::new().await;
    office
        .sql("UPDATE ops SET body = x'ff00ff' WHERE actor = 0 AND counter = 5")
        .await;
    failing(office.path(), &["list", "--json"]).await;
    command(office.path(), Lang::Id, &["doctor", "--offline"])
        .await
        .unwrap();
    command(office.path(), Lang::En, &["doctor", "--offline", "--json"])
        .await
        .unwrap();
    command(office.path(), Lang::Id, &["list", "--json"])
        .await
        .unwrap();
    command(office.path(), Lang::Id, &["status"]).await.unwrap();
    let doc = office.replica.load(naru()).await.unwrap();
    assert_eq!(
        doc.len(),
        4,
        "the manifest 0.5 is quarantined, the Issues kept"
    );
}

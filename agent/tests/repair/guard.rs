//! This device's own ops set aside: it must not write under a counter it used before,
//! and when the server never had them, doctor says they are lost and what to do.

use antar_agent::replica::doctor::Doctor;
use antar_shared::Lang;

use super::office::{DEVICE, Office, naru, said};

const REFUSED_ID: &str = "Perangkat ini sedang memulihkan perubahannya sendiri; sinkronkan dulu (antar-agent sync) sebelum mencatat yang baru";

#[tokio::test]
async fn own_ops_the_server_never_had_are_reported_lost_and_block_authoring() {
    let office = Office::new().await;
    office.receive(0).await.unwrap();
    office.receive(1).await.unwrap();
    assert_eq!(office.server.has(DEVICE), 0, "offline: never sent");
    office
        .sql("UPDATE ops SET body = x'ff00ff' WHERE actor = 3 AND counter = 1")
        .await;

    let (replica, report) = Doctor::examine(office.path())
        .await
        .unwrap()
        .finish()
        .await
        .unwrap();
    let quarantined: Vec<(String, bool)> = report
        .quarantined
        .iter()
        .map(|a| (a.op.clone(), a.own))
        .collect();
    assert_eq!(quarantined, [("3.1".to_owned(), true)]);
    let held: Vec<(String, bool)> = report.held.iter().map(|a| (a.op.clone(), a.own)).collect();
    assert_eq!(held, [("3.2".to_owned(), true)]);
    assert_eq!(report.own_lost, [1]);
    assert_eq!(report.own_unsendable, 1);
    assert!(report.own_blocked && report.own_stuck);
    let id = report.lines(Lang::Id).join("\n");
    assert!(
        id.contains("perubahan itu hilang") && id.contains("macet"),
        "{id}"
    );
    assert!(
        id.contains("folder data baru") && id.contains("enroll"),
        "{id}"
    );
    let en = report.lines(Lang::En).join("\n");
    assert!(
        en.contains("they are lost") && en.contains("is stuck"),
        "{en}"
    );

    // Readable again, but no new op under counter 1 (or 2): the clerk is told why.
    assert_eq!(replica.load(naru()).await.unwrap().dispatches().count(), 4);
    let refused = office.receive(2).await.unwrap_err();
    assert_eq!(said(&refused, Lang::Id), REFUSED_ID);
    assert!(said(&refused, Lang::En).starts_with("This device is recovering its own changes"));

    // A sync cannot help: the server never had 3.1.
    office.sync().await;
    assert!(office.receive(2).await.is_err());
    assert_eq!(office.server.has(DEVICE), 0);
}

#[tokio::test]
async fn authoring_resumes_once_the_own_ops_are_back() {
    let office = Office::new().await;
    office.receive(0).await.unwrap();
    office.receive(1).await.unwrap();
    office.sync().await;
    office.receive(2).await.unwrap();
    // 3.1 and 3.2 are on the server; 3.3 is not yet.
    office
        .sql("UPDATE ops SET body = x'ff00ff' WHERE actor = 3 AND counter = 2")
        .await;

    let (_, report) = Doctor::examine(office.path())
        .await
        .unwrap()
        .finish()
        .await
        .unwrap();
    assert!(report.own_blocked && !report.own_stuck, "{report:?}");
    assert!(report.own_lost.is_empty());
    assert!(office.receive(3).await.is_err());

    // An ordinary sync brings 3.2 back, puts the held 3.3 back and sends it.
    office.sync().await;
    assert_eq!(office.server.has(DEVICE), 3);
    let op = office.receive(3).await.unwrap();
    assert_eq!(op.dot.counter, 4);
    assert_eq!(office.replica.held_count().await.unwrap(), 0);
}

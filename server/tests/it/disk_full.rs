//! A full disk under the SQLite database: writes are refused as such (507
//! `store.full`), nothing half-written stays, and once there is room again every
//! connection of the pool works. Found by the simulation (`antar-sim`): a commit
//! SQLite refused left its connection inside the transaction, back in the pool, and
//! every later request on it failed ("non-zero transaction depth") until a restart.

use antar_server::audit::Who;
use antar_server::dispatch;
use antar_server::error::ErrorKind;
use antar_server::issuance::DispatchInput;
use antar_server::store::SQLITE_CONNECTIONS;

use super::common::sqlite;

fn input(i: usize) -> DispatchInput {
    DispatchInput {
        kind: "kk".into(),
        number: format!("5206030101{i:06}"),
        holder_name: "Siti Aminah".into(),
        nik: "5206034507900001".into(),
        desa_code: "52.06.03.2012".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_full_disk_refuses_writes_as_such_and_the_pool_recovers_when_there_is_room() {
    let t = sqlite().await;
    let store = &t.store;
    dispatch::issue(store, &Who::command(), &input(0))
        .await
        .unwrap();
    let mut refused = 0;
    // Until the room left in the database's pages is used up, and a few refusals after.
    for i in 1..3000 {
        if refused >= 2 * SQLITE_CONNECTIONS {
            break;
        }
        // Again before each write: a connection the pool opened since has no limit.
        assert!(store.simulate_full_disk(true).await.unwrap());
        match dispatch::issue(store, &Who::command(), &input(i)).await {
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e.kind, ErrorKind::StorageFull, "{e:?}");
                assert_eq!(e.code, "store.full");
                assert_eq!(e.kind.status().as_u16(), 507);
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "the full disk refused nothing");
    assert!(store.simulate_full_disk(false).await.unwrap());
    // Room again: every connection of the pool can write (each issue takes one).
    for i in 5000..5000 + 4 * SQLITE_CONNECTIONS as usize {
        dispatch::issue(store, &Who::command(), &input(i))
            .await
            .unwrap_or_else(|e| panic!("issue {i} after the disk had room again: {e:?}"));
    }
}

//! Garbage in the middle of the replica file: the clerk is told the file is damaged and
//! what to run — never SQLite's or the migrator's words.

use std::io::{Seek, SeekFrom, Write};

use antar_agent::replica::doctor::{Doctor, SyncStep};
use antar_agent::replica::{Replica, ReplicaError};
use antar_shared::Lang;

use super::office::{Office, command, failing, naru, said};

/// Checkpoints the WAL into the file, closes it, and writes 4 KB of garbage at 8 KB.
async fn scribble(office: &Office) {
    scribble_at(office, 8192).await;
}

async fn scribble_at(office: &Office, offset: u64) {
    office.sql("PRAGMA wal_checkpoint(TRUNCATE)").await;
    office.replica.clone().close().await;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(office.path().join("replica.db"))
        .unwrap();
    file.seek(SeekFrom::Start(offset)).unwrap();
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    file.write_all(&garbage).unwrap();
    file.sync_all().unwrap();
}

#[tokio::test]
async fn garbage_in_the_file_is_reported_as_damage_with_the_way_out() {
    let office = Office::new().await;
    let elsewhere = tempfile::tempdir().unwrap();
    let backup = elsewhere.path().join("cadangan.db");
    office.replica.backup(&backup).await.unwrap();
    scribble(&office).await;

    let (id, en) = failing(office.path(), &["list", "--json"]).await;
    for text in [&id, &en] {
        assert!(!text.to_lowercase().contains("migration"), "{text}");
        assert!(text.contains("antar-agent doctor"), "{text}");
        assert!(
            text.contains("antar-agent restore") && text.contains("cadangan.db"),
            "{text}"
        );
    }
    assert!(id.contains("rusak") && en.contains("damaged"));

    // Doctor saves what reads into a fresh file and keeps the damaged one, or says to
    // restore the backup; either way the backup brings everything back.
    match Doctor::examine(office.path()).await {
        Ok(doctor) => {
            let (replica, report) = doctor.finish().await.unwrap();
            let salvaged = report.salvaged.clone().expect("the file was salvaged");
            assert!(salvaged.damaged_file.exists());
            let text = report.lines(Lang::Id).join("\n");
            assert!(text.contains("diselamatkan"), "{text}");
            // What SQLite said goes to the log; the reader gets Fluent's words.
            for lang in [Lang::Id, Lang::En] {
                let text = report.lines(lang).join("\n");
                assert!(
                    !text.contains(report.integrity.as_str())
                        && !text.contains("malformed")
                        && !text.contains("not a database"),
                    "{text}"
                );
            }
            replica.close().await;
        }
        Err(e) => {
            assert!(matches!(e, ReplicaError::Unsalvageable { .. }), "{e:?}");
            assert!(e.to_string().contains("cadangan.db"));
        }
    }
    command(
        office.path(),
        Lang::Id,
        &["restore", backup.to_str().unwrap()],
    )
    .await
    .unwrap();
    let replica = Replica::open(office.path()).await.unwrap();
    assert_eq!(replica.load(naru()).await.unwrap().dispatches().count(), 4);
}

#[tokio::test]
async fn doctor_salvages_a_file_whose_ops_are_garbage_and_the_server_refills_it() {
    let mut office = Office::new().await;
    office.receive(0).await.unwrap();
    office.sync().await;
    let root: i64 = sqlx::query_scalar("SELECT rootpage FROM sqlite_master WHERE name = 'ops'")
        .fetch_one(&office.pool().await)
        .await
        .unwrap();
    scribble_at(&office, u64::try_from(root - 1).unwrap() * 4096).await;
    let (id, _) = failing(office.path(), &["status"]).await;
    assert!(
        id.contains("antar-agent doctor") && !id.contains("migration"),
        "{id}"
    );

    let mut doctor = Doctor::examine(office.path()).await.unwrap();
    // Rows lost with the page leave no trace: nothing of this device's may be written
    // until the server has been asked what it holds.
    office.replica = Replica::open(office.path()).await.unwrap();
    let refused = office.receive(1).await.unwrap_err();
    assert!(said(&refused, Lang::Id).contains("sinkronkan dulu"));
    doctor.refetch(&office.server).await;
    let (replica, report) = doctor.finish().await.unwrap();
    let salvaged = report.salvaged.clone().unwrap();
    assert!(
        salvaged.tables_incomplete.contains(&"ops".to_owned()),
        "{salvaged:?}"
    );
    assert!(salvaged.damaged_file.exists());
    assert!(report.enrolled, "the enrollment was saved");
    assert_eq!(report.sync, SyncStep::Done { received: 6 });
    assert_eq!(report.dispatches, 4);
    assert!(!report.own_blocked && !report.own_stuck);
    assert_eq!(replica.integrity_check().await.unwrap(), "ok");
    let op = office.receive(1).await.unwrap();
    assert_eq!(
        op.dot.counter, 2,
        "the receipt 3.1 came back from the server"
    );
}

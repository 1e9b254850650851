//! Backups, and restoring one when `replica.db` was emptied.

use antar_agent::replica::{self, BACKUP_LIST, Replica, ReplicaError, known_backups};
use antar_shared::Lang;

use super::office::{DEVICE, Office, command, failing, naru, said, sql};

#[tokio::test]
async fn an_emptied_replica_names_the_backup_and_restore_brings_the_work_back() {
    let mut office = Office::new().await;
    office.receive(0).await.unwrap();
    office.sync().await;
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("cadangan-naru.db");
    command(office.path(), Lang::Id, &["backup", file.to_str().unwrap()])
        .await
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "it holds the device token");
    }
    assert_eq!(known_backups(office.path())[0].1, file);
    let listed = std::fs::read_to_string(office.path().join(BACKUP_LIST)).unwrap();
    assert!(listed.contains(file.to_str().unwrap()));

    // Work after the backup: the server has it, the backup does not.
    office.receive(1).await.unwrap();
    office.sync().await;
    assert_eq!(office.server.has(DEVICE), 2);

    // The file is emptied (a full disk, a bad copy).
    office.replica.clone().close().await;
    let live = office.path().join("replica.db");
    std::fs::write(&live, b"").unwrap();
    for side in ["replica.db-wal", "replica.db-shm"] {
        let _ = std::fs::remove_file(office.path().join(side));
    }
    let error = Replica::open(office.path()).await.unwrap_err();
    assert!(matches!(error, ReplicaError::Emptied { .. }), "{error:?}");
    let (id, en) = failing(office.path(), &["list"]).await;
    for text in [&id, &en] {
        assert!(
            text.contains("cadangan-naru.db") && text.contains("antar-agent restore"),
            "{text}"
        );
    }
    assert!(!id.contains("belum terdaftar"), "{id}");

    command(
        office.path(),
        Lang::Id,
        &["restore", file.to_str().unwrap()],
    )
    .await
    .unwrap();
    office.replica = Replica::open(office.path()).await.unwrap();
    let doc = office.replica.load(naru()).await.unwrap();
    assert_eq!((doc.dispatches().count(), doc.clock().get(&DEVICE)), (4, 1));
    command(office.path(), Lang::Id, &["list", "--json"])
        .await
        .unwrap();

    // The backup lacks 3.2, which the server holds: no new work until a sync brings it.
    let refused = office.receive(2).await.unwrap_err();
    assert!(said(&refused, Lang::Id).contains("sinkronkan dulu"));
    office.sync().await;
    assert_eq!(
        office
            .replica
            .load(naru())
            .await
            .unwrap()
            .clock()
            .get(&DEVICE),
        2
    );
    let op = office.receive(2).await.unwrap();
    assert_eq!(op.dot.counter, 3, "never 2 again");
}

#[tokio::test]
async fn restore_keeps_the_current_replica_and_refuses_what_is_not_a_replica() {
    let office = Office::new().await;
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("cadangan.db");
    office.replica.backup(&file).await.unwrap();

    let junk = elsewhere.path().join("bukan.db");
    std::fs::write(&junk, vec![7u8; 8192]).unwrap();
    let error = replica::restore(office.path(), &junk).await.unwrap_err();
    assert!(
        matches!(error, ReplicaError::NotAReplica { .. }),
        "{error:?}"
    );
    assert!(said(&error, Lang::En).contains("not a usable Antar replica"));
    // Nothing was replaced, and no stray file left behind.
    assert_eq!(office.replica.load(naru()).await.unwrap().len(), 5);
    let names: Vec<String> = std::fs::read_dir(office.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("restore")), "{names:?}");

    // A backup whose op does not read is refused too, naming the op.
    let broken = elsewhere.path().join("rusak.db");
    std::fs::copy(&file, &broken).unwrap();
    sql(
        &broken,
        "UPDATE ops SET body = x'ff00ff' WHERE actor = 0 AND counter = 4",
    )
    .await;
    let error = replica::restore(office.path(), &broken).await.unwrap_err();
    let text = error.to_string();
    assert!(text.contains("0.4") && !text.contains("doctor"), "{text}");

    office.replica.clone().close().await;
    let done = replica::restore(office.path(), &file).await.unwrap();
    assert_eq!((done.ops, done.dispatches, done.device), (5, 4, 3));
    // What the clerk reads names the device, not its number.
    assert_eq!(done.device_name, "Komputer kantor desa");
    let kept = done.kept.expect("the replaced replica is kept");
    assert!(
        kept.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("replica.db.before-restore-")
    );
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&kept);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let ops: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(ops, 5, "the replaced replica still opens, with its WAL");
}

#[tokio::test]
async fn the_daily_backup_is_made_once_a_day_and_seven_are_kept() {
    let office = Office::new().await;
    let folder = office.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    for day in 1..=8 {
        std::fs::write(folder.join(format!("replica-202001{day:02}.db")), b"x").unwrap();
    }
    let now = antar_agent::now();
    let made = office.replica.daily_backup(now).await.unwrap().unwrap();
    assert!(made.starts_with(&folder));
    assert_eq!(
        office.replica.daily_backup(now).await.unwrap(),
        None,
        "once a day"
    );
    let mut left: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left.len(), 7);
    assert_eq!(left[0], "replica-20200103.db", "the oldest go first");
    assert_eq!(known_backups(office.path())[0].1, made);
}

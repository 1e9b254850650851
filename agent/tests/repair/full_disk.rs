//! A full disk under the office PC's replica: a clerk's save is refused as such (the
//! clerk reads that the disk is full and what to do, and nothing of it is kept), and
//! once there is room every save works and is on the disk. SQLite refuses a COMMIT on a
//! full disk and keeps the transaction open; the connection went back to the pool
//! inside it, and every later save drawn on it failed, or ran inside that transaction
//! and was never written (the server's pool had the same fault, found by the
//! simulation, `docs/reliability.md`).

use antar_agent::clerk::{self, Arrival, ClerkError};
use antar_agent::replica::ReplicaError;
use antar_shared::Lang;

use super::office::{DEVICE, Office, said};

/// The device's ops that are on the disk, read as a process started after a crash
/// would (another connection sees only what was committed).
async fn own_ops_on_disk(office: &Office) -> i64 {
    let pool = office.pool().await;
    let n = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE actor = $1")
        .bind(DEVICE.0 as i64)
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

/// A correction of dispatch 0's arrival with a long reason: a new op each time, big
/// enough that a few of them need a new page.
async fn correct(office: &Office) -> Result<(), ClerkError> {
    let reason = "Berkas diterima dalam keadaan baik, tetapi catatan sebelumnya salah ketik; \
                  petugas desa memeriksa ulang amplop, nomor kiriman dan nama pemilik di \
                  hadapan kepala dusun, lalu membetulkan catatan penerimaan ini sesuai \
                  keadaan yang sebenarnya.";
    let arrival = Arrival {
        correction: Some(reason.to_owned()),
        ..Arrival::default()
    };
    clerk::receive(&office.replica, &office.me, None, office.codes[0], &arrival)
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_full_disk_refuses_a_save_as_such_and_once_there_is_room_every_save_is_kept() {
    let office = Office::new().await;
    office.receive(0).await.unwrap();
    office.replica.simulate_full_disk(true).await.unwrap();

    let mut saved = 1;
    let mut refused = 0;
    for _ in 0..400 {
        match correct(&office).await {
            Ok(()) => saved += 1,
            Err(ClerkError::Replica(ReplicaError::DiskFull)) => refused += 1,
            Err(other) => panic!(
                "not said as a full disk: {other:?}: {}",
                said(&other, Lang::En)
            ),
        }
        // A connection the refusal left is closed, and a new one has room (the seam
        // limits the connections open when it is set): two refusals are enough.
        if refused == 2 {
            break;
        }
    }
    assert!(refused > 0, "the full disk refused none of {saved} saves");
    assert_eq!(
        own_ops_on_disk(&office).await,
        saved,
        "a refused save left something behind"
    );
    let full = ClerkError::Replica(ReplicaError::DiskFull);
    assert!(
        said(&full, Lang::Id).starts_with("disk komputer ini penuh, jadi tidak ada yang tersimpan"),
        "{}",
        said(&full, Lang::Id)
    );
    assert!(said(&full, Lang::En).contains("disk is full, so nothing was saved"));

    // Room again: every save works, on every connection of the pool, and is on disk.
    office.replica.simulate_full_disk(false).await.unwrap();
    for _ in 0..6 {
        if let Err(e) = correct(&office).await {
            panic!(
                "not saved once there was room: {e:?}: {}",
                said(&e, Lang::En)
            );
        }
        saved += 1;
        assert_eq!(own_ops_on_disk(&office).await, saved);
    }
    office.sync().await;
    assert_eq!(office.server.has(DEVICE), saved as u64);
}

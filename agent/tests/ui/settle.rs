//! Returning a document, and resolving two devices' different handovers.

use antar_shared::doc::{ActorId, Clock, OpBody, Status};
use antar_shared::time::UnixTime;

use super::desk::{Desk, location, naru};

#[tokio::test]
async fn a_return_needs_a_reason_and_shows_in_the_history() {
    let desk = Desk::new().await;
    let code = desk.first.code;
    desk.receive(code).await;
    let path = format!("/kiriman/{code}/kembalikan");
    let before = desk.ops().await;
    let r = desk.post(&path, &[("alasan", "   ")]).await;
    assert_eq!(r.status(), 422);
    assert_eq!(desk.ops().await, before);
    let r = desk
        .post(&path, &[("alasan", "Tidak diambil lebih dari 30 hari")])
        .await;
    assert_eq!(location(&r), format!("/kiriman/{code}?ok=kembali"));
    assert_eq!(desk.status(code).await.0, Status::Returned);
    let (status, page) = desk.get(&location(&r)).await;
    assert_eq!(status, 200);
    assert!(page.contains("pengembalian tersimpan"));
    assert!(page.contains("Dikembalikan ke Dukcapil: Tidak diambil lebih dari 30 hari"));
    // Issued, received, returned: in causal order, with who did it.
    let issued = page.find("Diterbitkan: ").unwrap();
    let sent = page.find("Masuk manifes 17").unwrap();
    let received = page.find("Diterima di kantor desa").unwrap();
    let returned = page.find("Dikembalikan ke Dukcapil:").unwrap();
    assert!(issued < sent && sent < received && received < returned);
    assert!(page.contains("Perangkat ini"));
    // Returned: no second return.
    let r = desk.post(&path, &[("alasan", "Lagi")]).await;
    assert_eq!(r.status(), 409);
}

#[tokio::test]
async fn two_devices_handovers_are_shown_side_by_side_until_one_is_kept() {
    let desk = Desk::new().await;
    let code = desk.first.code;
    desk.receive(code).await;
    // Another laptop of the same desa (device 5) hands it to someone else, offline.
    let doc = desk.replica.load(naru()).await.unwrap();
    let dispatch = doc.find(code).unwrap().id;
    let other = doc
        .author(
            ActorId(5),
            UnixTime(antar_agent::now() - 600),
            OpBody::Handover {
                dispatch,
                handover: antar_shared::doc::Handover {
                    recipient: antar_shared::text::PersonName::parse("Abdul Haris").unwrap(),
                    relation: antar_shared::doc::Relation::Proxy,
                    id_shown: antar_shared::doc::IdDocument::SuratKuasa,
                    nik_verified: false,
                    evidence: None,
                    clerk: antar_shared::text::PersonName::parse("Rahmawati").unwrap(),
                },
                correction: None,
                seen: Clock::new(),
            },
        )
        .unwrap();
    // This PC hands it to the holder.
    let r = desk
        .post(
            &format!("/kiriman/{code}/serahkan"),
            &[
                ("penerima", &desk.first.holder),
                ("hubungan", "holder"),
                ("identitas", "ktp-el"),
                ("petugas", "Nurul Hamzah"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    // The other device's op arrives with a sync.
    let now = antar_agent::now();
    let have = desk.replica.server_have().await.unwrap();
    desk.replica
        .store_received(&[other], &Default::default(), &have, now, now)
        .await
        .unwrap();
    let (status, flags) = desk.status(code).await;
    assert_eq!((status, flags.conflict), (Status::HandedOver, true));

    let (_, home) = desk.get("/").await;
    assert!(
        home.contains(r#"id="card-conflicts" href="/kiriman?status=konflik"><b>1</b>"#),
        "{home}"
    );
    let path = format!("/kiriman/{code}/selesaikan");
    let (status, page) = desk.get(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"id="outcome-versions""#));
    assert!(
        page.contains(&desk.first.holder) && page.contains("Abdul Haris"),
        "{page}"
    );
    assert!(page.contains("Rahmawati") && page.contains("Perangkat lain di desa ini"));
    assert!(page.contains("Pertahankan versi 1") && page.contains("Pertahankan versi 2"));

    // A stale or forged choice changes nothing.
    let before = desk.ops().await;
    let r = desk.post(&path, &[("pilih", "versi:9.99")]).await;
    assert_eq!(r.status(), 409);
    assert_eq!(desk.ops().await, before);

    // Keep the other device's version (its op is 5.1).
    let r = desk.post(&path, &[("pilih", "versi:5.1")]).await;
    assert_eq!(location(&r), format!("/kiriman/{code}?ok=selesai"));
    let doc = desk.replica.load(naru()).await.unwrap();
    let state = doc.find(code).unwrap();
    let values = state.outcomes();
    assert_eq!(values.len(), 1);
    assert!(matches!(&values[0].value,
        antar_shared::doc::Outcome::HandedOver(h) if h.recipient.as_str() == "Abdul Haris"));
    assert!(!desk.status(code).await.1.conflict);
    let (_, page) = desk.get(&path).await;
    assert!(page.contains(r#"id="no-conflict""#));
}

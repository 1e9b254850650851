//! Receiving: by typed or scanned code, and by ticking a manifest.

use antar_shared::doc::Status;

use super::desk::{Desk, location};

#[tokio::test]
async fn a_code_typed_in_lowercase_without_dashes_is_received() {
    let desk = Desk::new().await;
    let code = desk.first.code;
    let typed = code.compact().to_lowercase();
    let r = desk.post("/terima", &[("kode", &typed)]).await;
    let to = location(&r);
    assert_eq!(to, format!("/terima?ok={code}"));
    assert_eq!(desk.status(code).await.0, Status::AtDesa);

    // The page after the scan: the notice, an empty box with focus for the next scan.
    let (status, page) = desk.get(&to).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("{code}: penerimaan tersimpan")),
        "{page}"
    );
    assert!(page.contains(r#"name="kode" value="" autofocus"#), "{page}");

    // The same scan again changes nothing.
    let before = desk.ops().await;
    let r = desk.post("/terima", &[("kode", &code.to_string())]).await;
    assert_eq!(location(&r), format!("/terima?sudah={code}"));
    assert_eq!(desk.ops().await, before);
}

#[tokio::test]
async fn a_scanned_receipt_link_and_the_damaged_box_work() {
    let desk = Desk::new().await;
    let code = desk.second.code;
    let link = format!("https://antar.bimakab.go.id/cek/{code}");
    let r = desk
        .post("/terima", &[("kode", &link), ("rusak", "1")])
        .await;
    assert_eq!(location(&r), format!("/terima?ok={code}&rusak=1"));
    let (status, flags) = desk.status(code).await;
    assert_eq!(status, Status::AtDesa);
    assert!(flags.damaged);
}

#[tokio::test]
async fn a_typo_or_a_foreign_code_is_refused_and_nothing_is_stored() {
    let desk = Desk::new().await;
    let before = desk.ops().await;
    let mut typo = desk.first.code.to_string();
    // Change the last (check) character: the checksum catches it.
    let last = typo.pop().unwrap();
    typo.push(if last == '0' { '1' } else { '0' });
    let r = desk.post("/terima", &[("kode", &typo)]).await;
    assert_eq!(r.status(), 400);
    let page = r.text().await.unwrap();
    assert!(page.contains(r#"id="error""#), "{page}");
    // The box is empty and focused for the next scan; the refused code is named.
    assert!(!page.contains(&format!(r#"value="{typo}""#)), "{page}");
    assert!(page.contains(r#"name="kode" value="" autofocus"#), "{page}");
    assert!(page.contains(&format!("Ditolak: {typo}")), "{page}");
    assert_eq!(
        desk.ops().await,
        before,
        "nothing stored for the refused code"
    );
    // The next scan is read alone: it is received.
    let good = desk.first.code.to_string();
    let r = desk.post("/terima", &[("kode", &good)]).await;
    assert_eq!(location(&r), format!("/terima?ok={good}"));
    let before = desk.ops().await;

    // A valid code that is not this desa's.
    let elsewhere = antar_shared::tracking::TrackingCode::from_bits(12_345).unwrap();
    let r = desk
        .post("/terima", &[("kode", &elsewhere.to_string())])
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("belum ada di data desa ini")
    );

    let r = desk.post("/terima", &[("kode", "")]).await;
    assert_eq!(r.status(), 400);
    assert_eq!(desk.ops().await, before, "nothing stored");
}

#[tokio::test]
async fn a_manifest_is_ticked_missing_then_received_in_one_go() {
    let desk = Desk::new().await;
    let (page_status, page) = desk.get("/terima").await;
    assert_eq!(page_status, 200);
    assert!(page.contains(r#"id="manifest-17""#), "{page}");
    assert!(page.contains("Arifin Usman"));
    assert!(page.contains(&desk.second.holder));
    assert!(
        !page.contains(&desk.third.code.to_string()),
        "not on a manifest"
    );

    let second = desk.second.code.to_string();
    let r = desk
        .post(
            "/terima/manifest",
            &[("manifest", "17"), ("kode", &second), ("aksi", "hilang")],
        )
        .await;
    assert_eq!(location(&r), "/terima?hilang=1");
    let (status, flags) = desk.status(desk.second.code).await;
    assert_eq!((status, flags.missing), (Status::InTransit, true));

    // Nothing ticked: told so, nothing stored.
    let before = desk.ops().await;
    let r = desk
        .post(
            "/terima/manifest",
            &[("manifest", "17"), ("aksi", "terima")],
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(desk.ops().await, before);

    // "Receive all outstanding" leaves the one reported missing alone: receiving that
    // one is an explicit "found".
    let r = desk
        .post("/terima/manifest", &[("manifest", "17"), ("aksi", "semua")])
        .await;
    assert_eq!(location(&r), "/terima?n=1");
    let (status, flags) = desk.status(desk.second.code).await;
    assert_eq!((status, flags.missing), (Status::InTransit, true));
    let r = desk
        .post(
            "/terima/manifest",
            &[("manifest", "17"), ("kode", &second), ("aksi", "terima")],
        )
        .await;
    assert_eq!(
        r.status(),
        422,
        "an ordinary receipt of a missing item is refused"
    );
    let r = desk
        .post(
            "/terima/manifest",
            &[("manifest", "17"), ("kode", &second), ("aksi", "ditemukan")],
        )
        .await;
    assert_eq!(location(&r), "/terima?n=1");
    for code in [desk.first.code, desk.second.code] {
        let (status, flags) = desk.status(code).await;
        assert_eq!((status, flags.missing), (Status::AtDesa, false));
    }
    let (_, page) = desk.get("/terima").await;
    assert!(
        page.contains(r#"id="no-manifests""#),
        "nothing left to expect"
    );
}

#[tokio::test]
async fn other_sites_cannot_post_to_the_ui() {
    let desk = Desk::new().await;
    let before = desk.ops().await;
    let code = desk.first.code.to_string();
    let r = desk
        .client
        .post(desk.url("/terima"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://contoh-jahat.example")
        .header("sec-fetch-site", "cross-site")
        .body(super::desk::form(&[("kode", &code)]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A name that resolves to 127.0.0.1 (DNS rebinding) gets no page.
    let r = desk
        .client
        .get(desk.url("/"))
        .header("host", "contoh-jahat.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 421);
    assert_eq!(desk.ops().await, before);
    // The UI's own page is accepted.
    let r = desk
        .client
        .post(desk.url("/terima"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", desk.base.clone())
        .header("sec-fetch-site", "same-origin")
        .body(super::desk::form(&[("kode", &code)]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}

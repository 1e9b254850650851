//! Handing over: the NIK check, the signature image, and the form without JavaScript.

use antar_shared::doc::{BlobHash, Outcome, Status};

use super::desk::{Desk, location, naru};

/// A real 1×1 PNG, as `canvas.toDataURL('image/png')` would send it.
const PNG_DATA_URL: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
/// Its SHA-256 (computed outside Antar).
const PNG_SHA256: &str = "497790947d4666760ce38f3c00e852c71fdb66cae849bae8e9ede352719e1581";

async fn outcome(desk: &Desk, code: antar_shared::tracking::TrackingCode) -> Option<Outcome> {
    let doc = desk.replica.load(naru()).await.unwrap();
    doc.find(code)
        .unwrap()
        .outcomes()
        .first()
        .map(|e| e.value.clone())
}

#[tokio::test]
async fn a_wrong_nik_refuses_the_handover_and_stores_nothing() {
    let desk = Desk::new().await;
    let code = desk.first.code;
    desk.receive(code).await;
    let before = desk.ops().await;
    // Another resident's NIK of the same desa: valid, but not the holder's.
    let wrong = "5206034507900001";
    assert_ne!(desk.first.nik.expose(), wrong);
    let path = format!("/kiriman/{code}/serahkan");
    let r = desk
        .post(
            &path,
            &[
                ("penerima", &desk.first.holder),
                ("hubungan", "holder"),
                ("identitas", "ktp-el"),
                ("nik", wrong),
                ("petugas", "Nurul Hamzah"),
                ("signature", PNG_DATA_URL),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("bukan NIK pemilik"), "{page}");
    assert!(!page.contains(wrong), "the typed NIK is never echoed");
    assert!(page.contains("Nurul Hamzah"), "the other fields are kept");
    assert_eq!(desk.ops().await, before, "nothing stored");
    let hash = BlobHash::from_hex(PNG_SHA256).unwrap();
    assert_eq!(
        desk.replica.blob(hash).await.unwrap(),
        None,
        "no image kept"
    );
    assert_eq!(desk.status(code).await.0, Status::AtDesa);
}

#[tokio::test]
async fn the_right_nik_and_a_signature_are_recorded_together() {
    let desk = Desk::new().await;
    let code = desk.first.code;
    desk.receive(code).await;
    let path = format!("/kiriman/{code}/serahkan");
    let (status, form) = desk.get(&path).await;
    assert_eq!(status, 200);
    assert!(form.contains(&format!(r#"name="penerima" value="{}""#, desk.first.holder)));
    assert!(form.contains(r#"id="signature-box" class="signature-box" hidden"#));

    let r = desk
        .post(
            &path,
            &[
                ("penerima", &desk.first.holder),
                ("hubungan", "holder"),
                ("identitas", "ktp-el"),
                ("nik", desk.first.nik.expose()),
                ("petugas", "Nurul Hamzah"),
                ("signature", PNG_DATA_URL),
            ],
        )
        .await;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert_eq!(location(&r), format!("/serahkan?ok={code}"));
    assert!(
        cookie.starts_with("antar_petugas=Nurul%20Hamzah"),
        "{cookie}"
    );

    let Some(Outcome::HandedOver(h)) = outcome(&desk, code).await else {
        panic!("not handed over");
    };
    assert!(h.nik_verified);
    assert_eq!(h.evidence.map(|e| e.to_hex()).as_deref(), Some(PNG_SHA256));
    assert_eq!(h.clerk.as_str(), "Nurul Hamzah");
    let hash = BlobHash::from_hex(PNG_SHA256).unwrap();
    let (content_type, bytes) = desk.replica.blob(hash).await.unwrap().unwrap();
    assert_eq!((content_type.as_str(), bytes.len()), ("image/png", 70));
    assert_eq!(desk.replica.pending_blobs(10).await.unwrap(), vec![hash]);
    // The NIK went nowhere: not in any stored op.
    let doc = desk.replica.load(naru()).await.unwrap();
    assert!(!format!("{:?}", doc.ops().collect::<Vec<_>>()).contains(desk.first.nik.expose()));

    // The image is served back, and the history shows it.
    let r = desk
        .client
        .get(desk.url(&format!("/tanda-tangan/{PNG_SHA256}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    let (_, history) = desk.get(&format!("/kiriman/{code}")).await;
    assert!(
        history.contains(&format!("/tanda-tangan/{PNG_SHA256}")),
        "{history}"
    );
    assert!(history.contains("NIK cocok dengan pemilik"));

    // The next form remembers the clerk.
    desk.receive(desk.second.code).await;
    let r = desk
        .client
        .get(desk.url(&format!("/kiriman/{}/serahkan", desk.second.code)))
        .header("cookie", "antar_petugas=Nurul%20Hamzah")
        .send()
        .await
        .unwrap();
    assert!(
        r.text()
            .await
            .unwrap()
            .contains(r#"name="petugas" value="Nurul Hamzah""#)
    );
}

#[tokio::test]
async fn without_javascript_the_form_works_without_a_signature() {
    let desk = Desk::new().await;
    let code = desk.second.code;
    desk.receive(code).await;
    // No signature field at all, no NIK: a family member with the KK.
    let r = desk
        .post(
            &format!("/kiriman/{code}/serahkan"),
            &[
                ("penerima", "Ahmad Yani"),
                ("hubungan", "family"),
                ("identitas", "kk"),
                ("petugas", "Nurul Hamzah"),
            ],
        )
        .await;
    // Saved, and the notice says the NIK was not checked.
    assert_eq!(location(&r), format!("/serahkan?ok={code}&nik=0"));
    let (_, notice) = desk.get(&location(&r)).await;
    assert!(notice.contains("NIK tidak diperiksa"), "{notice}");
    let Some(Outcome::HandedOver(h)) = outcome(&desk, code).await else {
        panic!("not handed over");
    };
    assert_eq!((h.evidence, h.nik_verified), (None, false));
    assert_eq!(h.recipient.as_str(), "Ahmad Yani");
    assert_eq!(desk.status(code).await.0, Status::HandedOver);
    let (status, page) = desk.get(&format!("/serahkan?ok={code}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("penyerahan tersimpan"));
}

#[tokio::test]
async fn bad_signatures_and_items_not_at_the_desa_are_refused() {
    let desk = Desk::new().await;
    let before = desk.ops().await;
    let code = desk.first.code;
    let path = format!("/kiriman/{code}/serahkan");
    let fields = |signature| {
        vec![
            ("penerima", "Siti Aminah"),
            ("hubungan", "holder"),
            ("identitas", "ktp-el"),
            ("petugas", "Nurul Hamzah"),
            ("signature", signature),
        ]
    };
    // Not received yet: the form says so and offers to receive it first.
    let (status, page) = desk.get(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"id="blocked""#));
    let r = desk.post(&path, &fields("")).await;
    assert_eq!(r.status(), 409);

    desk.receive(code).await;
    let before_sig = desk.ops().await;
    let r = desk
        .post(&path, &fields("data:image/png;base64,R0lGODlh"))
        .await;
    assert_eq!(r.status(), 422, "a GIF is not a PNG");
    let r = desk
        .post(&path, &fields("data:text/html;base64,PGI+"))
        .await;
    assert_eq!(r.status(), 422);
    let huge = format!("data:image/png;base64,iVBORw0KGgo{}", "A".repeat(300_000));
    let r = desk.post(&path, &fields(&huge)).await;
    assert_eq!(r.status(), 422);
    assert_eq!(desk.ops().await, before_sig);
    assert_eq!(before_sig, before + 1, "only the receipt");
    assert_eq!(desk.replica.pending_blob_count().await.unwrap(), 0);

    // The search: by name lists it, by code goes straight to the form.
    let (_, found) = desk.get("/serahkan?q=Siti").await;
    assert!(found.contains("/serahkan") && found.contains(r#"role="search""#));
    let r = desk
        .client
        .get(desk.url(&format!("/serahkan?q={}", code.compact())))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), path);
    // A scanned code that is not this desa's: refused by name, and the box is empty
    // for the next scan.
    let elsewhere = antar_shared::tracking::TrackingCode::from_bits(12_345).unwrap();
    let (status, page) = desk.get(&format!("/serahkan?q={elsewhere}")).await;
    assert_eq!(status, 404);
    assert!(page.contains(&format!("Ditolak: {elsewhere}")), "{page}");
    assert!(page.contains(r#"name="q" value="" autofocus"#), "{page}");
}

/// A form over the body limit, or one that is not a form at all, gets the problem page
/// in the reader's language: never axum's English plain text.
#[tokio::test]
async fn an_oversized_or_unreadable_form_gets_the_clerks_page() {
    let desk = Desk::new().await;
    let code = desk.first.code;
    desk.receive(code).await;
    let before = desk.ops().await;
    let path = format!("/kiriman/{code}/serahkan");
    let huge = format!("data:image/png;base64,iVBORw0KGgo{}", "A".repeat(600_000));
    let fields = [
        ("penerima", "Siti Aminah"),
        ("hubungan", "holder"),
        ("identitas", "ktp-el"),
        ("petugas", "Nurul Hamzah"),
        ("signature", huge.as_str()),
    ];
    let axum_words = |page: &str| {
        page.contains("Failed to")
            || page.contains("length limit")
            || page.contains("deserialize")
            || page.contains("Content-Type")
    };

    let r = desk.post(&path, &fields).await;
    assert_eq!(r.status(), 413);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = r.text().await.unwrap();
    assert!(page.contains("tanda tangannya terlalu besar"), "{page}");
    assert!(page.contains(r#"lang="id""#), "{page}");
    assert!(!axum_words(&page), "{page}");

    let r = desk
        .client
        .post(desk.url(&path))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", "antar_lang=en")
        .body(super::desk::form(&fields))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let page = r.text().await.unwrap();
    assert!(page.contains("signature image is too large"), "{page}");
    assert!(!axum_words(&page), "{page}");

    // Not a form this page sent: reload it.
    let r = desk
        .client
        .post(desk.url(&path))
        .header("content-type", "text/plain")
        .body("penerima=Siti")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let page = r.text().await.unwrap();
    assert!(page.contains("Muat ulang halaman"), "{page}");
    assert!(!axum_words(&page), "{page}");
    assert_eq!(desk.ops().await, before, "nothing stored");

    // A query string that does not read (a field twice) says so too.
    let (status, page) = desk.get("/serahkan?q=a&q=b").await;
    assert_eq!(status, 400);
    assert!(page.contains("Alamat halaman ini"), "{page}");
    assert!(!axum_words(&page) && !page.contains("duplicate"), "{page}");
}

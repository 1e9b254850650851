//! Every page answers with HTML in both languages, with every word translated.

use antar_agent::failure::Failure;
use antar_agent::sync::SyncError;
use antar_agent::transport::{Offline, TransportError};

use super::desk::{Desk, location};

/// Every GET page of the UI for the fixture's dispatches.
fn pages(desk: &Desk) -> Vec<String> {
    let (a, b, c) = (desk.first.code, desk.second.code, desk.third.code);
    let holder_part: String = desk.first.holder.chars().take(4).collect();
    let mut paths = vec![
        "/".to_owned(),
        "/?sinkron=ok".to_owned(),
        "/kiriman".to_owned(),
        format!("/kiriman?status=in_transit&q={holder_part}"),
        "/terima".to_owned(),
        format!("/terima?ok={a}"),
        "/terima?n=2".to_owned(),
        "/serahkan".to_owned(),
        format!("/serahkan?q={holder_part}"),
        format!("/serahkan?ok={a}"),
    ];
    for filter in [
        "semua",
        "in_transit",
        "baru_diterima",
        "at_desa",
        "konflik",
        "hilang",
        "lama",
        "rusak",
        "handed_over",
        "returned",
        "recalled",
        "issued",
    ] {
        paths.push(format!("/kiriman?status={filter}"));
    }
    for code in [a, b, c] {
        for tail in ["", "/serahkan", "/kembalikan", "/selesaikan"] {
            paths.push(format!("/kiriman/{code}{tail}"));
        }
    }
    paths
}

#[tokio::test]
async fn every_page_is_translated_html_in_both_languages() {
    let desk = Desk::new().await;
    desk.receive(desk.first.code).await;
    for path in pages(&desk) {
        for english in [false, true] {
            let mut request = desk.client.get(desk.url(&path));
            if english {
                request = request.header("cookie", "antar_lang=en");
            }
            let r = request.send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
            assert!(
                content_type.starts_with("text/html"),
                "{path}: {content_type}"
            );
            assert!(r.headers().contains_key("content-security-policy"));
            let page = r.text().await.unwrap();
            // A key missing from a locale shows as the key itself.
            assert!(
                !page.contains("clerk-"),
                "{path} (en: {english}): untranslated key"
            );
            assert!(page.contains(if english {
                r#"lang="en""#
            } else {
                r#"lang="id""#
            }));
            // No page needs a script to work; only the handover form loads one.
            let scripts = page.matches("<script").count();
            let expected =
                usize::from(path.ends_with("/serahkan") && path.starts_with("/kiriman/"));
            assert!(scripts <= expected, "{path}: {scripts} scripts");
        }
    }
    for asset in ["/assets/antar.css", "/assets/clerk.js"] {
        let (status, body) = desk.get(asset).await;
        assert_eq!(status, 200);
        assert!(body.len() > 500, "{asset}");
    }
    let (status, page) = desk.get("/nowhere").await;
    assert_eq!(status, 404);
    assert!(page.contains("tidak ada"));
}

#[tokio::test]
async fn english_is_one_click_away_and_stays() {
    let desk = Desk::new().await;
    let (_, id) = desk.get("/terima").await;
    assert!(id.contains("Terima dokumen"));
    assert!(id.contains(r#"href="/bahasa/en?ke=/terima""#), "{id}");
    let (_, list) = desk.get("/kiriman?status=at_desa&q=Siti").await;
    assert!(
        list.contains(r#"href="/bahasa/en?ke=/kiriman%3Fstatus%3Dat_desa%26q%3DSiti""#),
        "the switch keeps the filter"
    );
    let r = desk
        .client
        .get(desk.url("/bahasa/en?ke=/terima"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/terima");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("antar_lang=en"));
    let (_, en) = desk.get_en("/terima").await;
    assert!(en.contains("Receive documents") && en.contains("Expected deliveries"));
    assert!(!en.contains("Terima dokumen"));
    // Errors follow the language too.
    let r = desk
        .client
        .post(desk.url("/terima"))
        .header("cookie", "antar_lang=en")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("kode=7KQM")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let page = r.text().await.unwrap();
    assert!(page.contains(r#"lang="en""#));
    assert!(
        page.contains("A tracking code has 12 letters/digits"),
        "{page}"
    );
}

#[tokio::test]
async fn the_home_page_shows_the_sync_banner_and_the_counts() {
    let desk = Desk::new().await;
    desk.receive(desk.first.code).await;
    let (status, home) = desk.get("/").await;
    assert_eq!(status, 200);
    // Synced when the fixture stored Dukcapil's ops; one receipt waits to be sent.
    assert!(
        home.contains("<b>Terakhir sinkron baru saja</b> · 1 perubahan menunggu"),
        "{home}"
    );
    assert!(home.contains("Desa Naru (52.06.03.2012)"));
    for (card, count) in [
        ("expected", 1),
        ("arrived", 1),
        ("waiting", 1),
        ("conflicts", 0),
        ("missing", 0),
    ] {
        assert!(
            home.contains(&format!(r#"id="card-{card}""#))
                && home.contains(&format!(r#"><b>{count}</b>"#)),
            "{card}: {home}"
        );
    }
    let (_, en) = desk.get_en("/").await;
    assert!(
        en.contains("<b>Last synced just now</b> · 1 change waiting"),
        "{en}"
    );
    // The list behind a card.
    let (_, list) = desk.get("/kiriman?status=at_desa").await;
    assert!(list.contains(&desk.first.code.to_string()));
    assert!(!list.contains(&desk.second.code.to_string()));
    // A failed sync shows its reason, in the reader's language, and never the network
    // library's own words.
    let offline = SyncError::Transport(TransportError::Unreachable {
        why: Offline::Refused,
        detail: "error sending request for url (http://127.0.0.1:9/api/v1/sync)".into(),
    });
    desk.replica
        .set_last_error(&Failure::from(offline).notice())
        .await
        .unwrap();
    let (_, home) = desk.get("/").await;
    assert!(
        home.contains("Gagal terakhir: Sinkron gagal: server tidak terjangkau (sambungan ditolak"),
        "{home}"
    );
    assert!(!home.contains("error sending") && !home.contains("127.0.0.1:9"));
    assert!(home.contains("banner bad"));
    let (_, en) = desk.get_en("/").await;
    assert!(
        en.contains("Last failure: Sync failed: server unreachable"),
        "{en}"
    );
}

//! Browser tests: a real headless Chromium against the real server and agent processes.
//! The operator imports and dispatches, the resident follows a code (with JavaScript
//! off), the clerk receives and hands over in the agent's UI.
//!
//! Screenshots of every page go to `target/screenshots/` (see the README).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::{Duration, Instant};

use antar_tests::browser::{self, Browser};
use antar_tests::{ServerProcess, agent, ok, start_agent_ui, start_server};

const NARU: &str = "52.06.03.2012";

/// The admin password the server printed at its first start.
fn admin_password(server: &ServerProcess) -> String {
    server
        .startup
        .iter()
        .find_map(|l| l.split("Kata sandi: ").nth(1))
        .map(|p| p.split_whitespace().next().unwrap_or_default().to_owned())
        .expect("the first start prints the admin password")
}

async fn log_in(b: &Browser, base: &str, password: &str) {
    b.goto(&format!("{base}/dasbor")).await;
    // Not logged in: sent to the login form.
    assert!(
        b.client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/dasbor/masuk")
    );
    b.screenshot("dashboard-login").await;
    b.fill("input[name=name]", "admin").await;
    b.fill("input[name=password]", "salah-sekali-123").await;
    b.submit("form.stack button[type=submit]").await;
    assert!(
        b.text("#error").await.contains("salah"),
        "a wrong password is refused"
    );
    b.fill("input[name=password]", password).await;
    b.submit("form.stack button[type=submit]").await;
    assert!(b.body().await.contains("Ringkasan"));
    b.screenshot("dashboard-home").await;
}

fn write_csv(dir: &Path, name: &str, rows: &[&str]) -> String {
    let path = dir.join(name);
    let mut text = String::from("kind,number,holder_name,nik,desa_code,applicant_phone\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Chooses a file on the import page and sends it for checking.
async fn upload_csv(b: &Browser, base: &str, path: &str) {
    b.goto(&format!("{base}/dasbor/impor")).await;
    b.client
        .find(fantoccini::Locator::Css("input[type=file]"))
        .await
        .unwrap()
        .send_keys(path)
        .await
        .unwrap();
    b.submit("form.stack button[type=submit]").await;
}

/// Waits until the resident's page for `code` shows `word` (the agent syncs in the
/// background), reloading every half second.
async fn wait_for_status(b: &Browser, url: &str, word: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        b.goto(url).await;
        let status = b.text("#status").await;
        if status == word {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "status stayed {status:?}, wanted {word:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn operator_imports_dispatches_and_the_resident_follows_the_code() {
    if !browser::available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let srv = tmp.path().join("server");
    let server = start_server(&srv, "127.0.0.1:0");
    let base = server.url();
    let password = admin_password(&server);

    let op = Browser::start(true).await;
    log_in(&op, &base, &password).await;

    // A CSV with a bad row: every problem is listed with its line; nothing is saved.
    let bad = write_csv(
        tmp.path(),
        "bad.csv",
        &[
            &format!("kk,5206031203240001,Siti Aminah,5206034507900001,{NARU},081234567890"),
            &format!("ktp-el,5206034507900002,Muhammad Saleh,12345,{NARU},"),
        ],
    );
    upload_csv(&op, &base, &bad).await;
    let errors = op.text("#line-errors").await;
    assert!(
        errors.contains('3') && errors.contains("nik"),
        "line 3's NIK is named: {errors}"
    );
    op.screenshot("dashboard-import-errors").await;
    op.goto(&format!("{base}/dasbor/kiriman")).await;
    assert!(
        !op.body().await.contains("Siti Aminah"),
        "nothing was saved"
    );

    // The fixed file: a preview, then saved on confirmation.
    let good = write_csv(
        tmp.path(),
        "good.csv",
        &[
            &format!("kk,5206031203240001,Siti Aminah,5206034507900001,{NARU},081234567890"),
            &format!("ktp-el,5206034507900002,Muhammad Saleh,5206030101900002,{NARU},"),
        ],
    );
    upload_csv(&op, &base, &good).await;
    assert!(op.text("#preview-ok").await.contains('2'));
    op.screenshot("dashboard-import-preview").await;
    op.submit("#confirm").await;
    assert!(op.text("#imported").await.contains('2'));

    // The list, filtered to the desa, has both; take their codes.
    op.goto(&format!("{base}/dasbor/kiriman?desa={NARU}")).await;
    op.screenshot("dashboard-dispatches").await;
    let rows = op
        .client
        .find_all(fantoccini::Locator::Css("#dispatches tbody tr td.mono a"))
        .await
        .unwrap();
    let mut codes = Vec::new();
    for r in &rows {
        codes.push(r.text().await.unwrap());
    }
    assert_eq!(codes.len(), 2, "{codes:?}");

    // A manifest for a courier to Naru, and its A4 print page with a QR per item.
    op.goto(&format!("{base}/dasbor/manifes")).await;
    op.fill("#new-manifest input[name=courier]", "Arifin Usman")
        .await;
    op.fill("#new-manifest input[name=desa]", NARU).await;
    op.submit("#new-manifest button[type=submit]").await;
    assert_eq!(op.text("#count-waiting").await, "2");
    // Manifest numbers are never reused, even after a restore: not 1, 2, 3…
    let manifest_page = op.client.current_url().await.unwrap().to_string();
    op.screenshot("dashboard-manifest").await;
    op.submit("#print-link").await;
    let items = op
        .client
        .find_all(fantoccini::Locator::Css("#print-items .manifest-item svg"))
        .await
        .unwrap();
    assert_eq!(items.len(), 2, "one QR code per item");
    for code in &codes {
        assert!(op.body().await.contains(code.as_str()));
    }
    op.screenshot("dashboard-manifest-print").await;

    // The resident, with JavaScript off: the form leads to the code's own page.
    let resident = Browser::start(false).await;
    resident.goto(&format!("{base}/cek")).await;
    resident.screenshot("resident-form").await;
    // A typo (check character) is caught with a helpful message.
    let mut typo = codes[0].clone();
    let last = typo.pop().unwrap();
    typo.push(if last == 'A' { 'B' } else { 'A' });
    resident.fill("input[name=kode]", &typo).await;
    resident.submit("button[type=submit]").await;
    assert!(resident.text("#error").await.contains("salah ketik"));
    resident.screenshot("resident-typo").await;
    resident
        .fill(
            "input[name=kode]",
            &codes[0].to_lowercase().replace('-', ""),
        )
        .await;
    resident.submit("button[type=submit]").await;
    assert!(
        resident
            .client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with(&codes[0])
    );
    assert_eq!(resident.text("#status").await, "Dalam pengiriman");
    let page = resident.body().await;
    assert!(
        !page.contains("Siti") && !page.contains("5206034507900001"),
        "nothing personal"
    );
    resident.screenshot("resident-in-transit").await;

    // The page is small and has no script.
    let html = reqwest_get(&format!("{base}/cek/{}", codes[0])).await;
    assert!(
        html.len() <= 15 * 1024,
        "resident page is {} bytes",
        html.len()
    );
    assert!(!html.contains("<script"), "no script on the resident page");
    eprintln!("resident result page: {} bytes of HTML", html.len());

    // The desa receives it (the agent's command line here; the clerk's UI has its own
    // test), and the resident's page changes.
    let desk = tmp.path().join("desk");
    op.goto(&format!("{base}/dasbor/perangkat")).await;
    op.fill("input[name=desa]", NARU).await;
    op.submit("form.card button[type=submit]").await;
    let enroll_code = op.text("#enroll-code").await;
    op.screenshot("dashboard-devices").await;
    ok(&agent(
        &desk,
        &["enroll", "--server", &base, "--code", &enroll_code],
    ));
    ok(&agent(&desk, &["sync"]));
    ok(&agent(&desk, &["receive", &codes[0]]));
    ok(&agent(&desk, &["sync"]));
    wait_for_status(
        &resident,
        &format!("{base}/cek/{}", codes[0]),
        "Tiba di kantor desa",
    )
    .await;
    resident.screenshot("resident-at-desa").await;

    // The language switch: one click to English, remembered.
    resident.submit("header a[hreflang=en]").await;
    assert_eq!(resident.text("#status").await, "At the village office");
    assert!(resident.body().await.contains("Pick it up"));
    resident.goto(&format!("{base}/cek")).await;
    assert!(resident.body().await.contains("Check your document"));
    resident.screenshot("resident-english").await;

    // The manifest's summary counts what the desa confirmed; health shows the desa.
    op.goto(&manifest_page).await;
    assert_eq!(op.text("#count-received").await, "1");
    op.goto(&format!("{base}/dasbor/desa")).await;
    assert!(op.text("#desa").await.contains("Naru"));
    op.screenshot("dashboard-desa-health").await;
    op.goto(&format!("{base}/dasbor/laporan")).await;
    op.screenshot("dashboard-reports").await;
    op.goto(&format!("{base}/dasbor/kiriman/{}", codes[0]))
        .await;
    let history = op.text("#history").await;
    assert!(history.contains("Diterima di kantor desa"), "{history}");
    op.screenshot("dashboard-dispatch").await;

    resident.close().await;
    op.close().await;
}

/// A plain GET of a page's HTML (what a phone downloads, before compression).
async fn reqwest_get(url: &str) -> String {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

/// Imports two documents for Naru and puts them on a manifest; returns their codes.
fn two_on_a_manifest(srv: &Path, tmp: &Path) -> Vec<String> {
    let csv = write_csv(
        tmp,
        "naru.csv",
        &[
            &format!("kk,5206031203240001,Siti Aminah,5206034507900001,{NARU},081234567890"),
            &format!("akta-kelahiran,5206-LT-12032024-0042,Nur Aisyah,5206034507240003,{NARU},"),
        ],
    );
    let out = ok(&antar_tests::server(srv, &["import", &csv])
        .output()
        .unwrap());
    let codes: Vec<String> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_owned())
        .collect();
    ok(&antar_tests::server(
        srv,
        &[
            "manifest",
            "create",
            "--courier",
            "Arifin Usman",
            "--desa",
            NARU,
            "--all-issued",
        ],
    )
    .output()
    .unwrap());
    codes
}

/// Draws a short stroke on the signature pad, as a finger or a mouse would.
async fn sign(b: &Browser) {
    use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
    let pad = b
        .client
        .find(fantoccini::Locator::Css("#signature-pad"))
        .await
        .expect("with JavaScript the signature pad is shown");
    let stroke = MouseActions::new("pena".into())
        .then(PointerAction::MoveToElement {
            element: pad,
            duration: None,
            x: -120.0,
            y: 10.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(120)),
            x: 60.0,
            y: -30.0,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(120)),
            x: 60.0,
            y: 40.0,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(120)),
            x: 70.0,
            y: -20.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    b.client.perform_actions(stroke).await.unwrap();
}

#[tokio::test]
async fn the_clerk_receives_by_typing_a_code_and_hands_over_with_the_form() {
    if !browser::available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let srv = tmp.path().join("server");
    let server = start_server(&srv, "127.0.0.1:0");
    let base = server.url();
    let codes = two_on_a_manifest(&srv, tmp.path());
    let desk = tmp.path().join("desk");
    let enroll = ok(&antar_tests::server(&srv, &["enroll-code", NARU])
        .output()
        .unwrap());
    ok(&agent(
        &desk,
        &["enroll", "--server", &base, "--code", enroll.trim()],
    ));
    let ui = start_agent_ui(&desk);
    let clerk_url = ui.url();

    // The office PC's browser, JavaScript on. The manifest arrives with the first sync.
    let clerk = Browser::start(true).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        clerk.goto(&format!("{clerk_url}/terima")).await;
        if clerk.body().await.contains(&codes[0]) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the manifest never reached the agent"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    clerk.goto(&format!("{clerk_url}/")).await;
    clerk.screenshot("clerk-home").await;

    // A USB scanner types the code and presses Enter; the clerk may type it sloppily.
    clerk.goto(&format!("{clerk_url}/terima")).await;
    clerk.screenshot("clerk-receive").await;
    let old = clerk
        .client
        .find(fantoccini::Locator::Css("html"))
        .await
        .unwrap();
    let typed = format!("{}\u{e007}", codes[0].to_lowercase().replace('-', ""));
    clerk
        .client
        .find(fantoccini::Locator::Css("input.code"))
        .await
        .unwrap()
        .send_keys(&typed)
        .await
        .unwrap();
    while old.tag_name().await.is_ok() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(clerk.text("#notice").await.contains(&codes[0]));
    clerk.screenshot("clerk-received").await;
    // A typo is refused, and says why.
    clerk.fill("input.code", "7KQM-2XWP-8RD1").await;
    clerk.submit("form.scan button[type=submit]").await;
    assert!(clerk.text("#error").await.contains("salah ketik"));
    // The scanner's next code goes into the emptied, focused box and is read alone
    // (it used to be appended to the refused one).
    let old = clerk
        .client
        .find(fantoccini::Locator::Css("html"))
        .await
        .unwrap();
    clerk
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys(&format!("{}\u{e007}", codes[0]))
        .await
        .unwrap();
    while old.tag_name().await.is_ok() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(clerk.text("#notice").await.contains(&codes[0]));

    // The resident sees it arrive once the agent has synced (soon after the change).
    let resident = Browser::start(false).await;
    wait_for_status(
        &resident,
        &format!("{base}/cek/{}", codes[0]),
        "Tiba di kantor desa",
    )
    .await;

    // Handover with JavaScript off: the form works, just without a signature.
    let plain = Browser::start(false).await;
    plain
        .goto(&format!("{clerk_url}/kiriman/{}/serahkan", codes[0]))
        .await;
    plain.screenshot("clerk-handover-form-nojs").await;
    assert!(
        !plain
            .client
            .find(fantoccini::Locator::Css("#signature-box"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap(),
        "no signature pad without JavaScript"
    );
    plain.fill("input[name=nik]", "5206034507900009").await;
    plain.fill("input[name=petugas]", "Nurul Hamzah").await;
    plain.submit("#handover-form button[type=submit]").await;
    assert!(
        plain.text("#error").await.contains("NIK"),
        "a wrong NIK refuses the handover"
    );
    plain.fill("input[name=nik]", "5206034507900001").await;
    plain.fill("input[name=petugas]", "Nurul Hamzah").await;
    plain.submit("#handover-form button[type=submit]").await;
    plain
        .goto(&format!("{clerk_url}/kiriman/{}", codes[0]))
        .await;
    assert!(plain.body().await.contains("Sudah diserahkan"));
    plain.screenshot("clerk-history-nojs").await;
    wait_for_status(
        &resident,
        &format!("{base}/cek/{}", codes[0]),
        "Sudah diserahkan",
    )
    .await;
    resident.screenshot("resident-handed-over").await;

    // The second document, received by ticking the manifest, handed over with a drawn
    // signature that reaches Dukcapil.
    clerk.goto(&format!("{clerk_url}/terima")).await;
    clerk
        .click(&format!("input[type=checkbox][value='{}']", codes[1]))
        .await;
    clerk.submit("form.manifest button[value=terima]").await;
    // A clerk's phone on the office LAN: the box serves the network (LAN mode), she
    // logs in with her name and PIN, and the login, receive page, search and handover
    // form fit a 360 px screen without sideways scrolling.
    ok(&antar_tests::agent_with_input(
        &desk,
        &["clerk", "add", "Siti Aminah", "--pin-stdin"],
        "135790\n",
    ));
    let lan = antar_tests::start_agent_lan(&desk);
    let lan_url = lan.url();
    let phone = Browser::phone().await;
    phone.goto(&format!("{lan_url}/terima")).await;
    assert!(phone.body().await.contains("Masuk petugas"));
    phone.screenshot("clerk-phone-login").await;
    assert!(
        phone.overflow().await <= 0,
        "the login page is wider than a phone"
    );
    phone.fill("input[name=nama]", "Siti Aminah").await;
    phone.fill("input[name=pin]", "135790").await;
    phone.submit("form button[type=submit]").await;
    let back = phone.client.current_url().await.unwrap();
    assert_eq!(
        back.path(),
        "/terima",
        "back to the page asked for after login"
    );
    for (name, path) in [
        ("receive", "/terima".to_owned()),
        ("find", "/serahkan".to_owned()),
        ("handover", format!("/kiriman/{}/serahkan", codes[1])),
        ("list", "/kiriman".to_owned()),
    ] {
        phone.goto(&format!("{lan_url}{path}")).await;
        phone.screenshot(&format!("clerk-phone-{name}")).await;
        let overflow = phone.overflow().await;
        assert!(
            overflow <= 0,
            "{path} is {overflow} px wider than a 360 px phone"
        );
    }
    phone.goto(&format!("{lan_url}/")).await;
    assert!(phone.text("#signed-in").await.contains("Siti Aminah"));
    phone.close().await;
    drop(lan);
    clerk
        .goto(&format!("{clerk_url}/kiriman/{}/serahkan", codes[1]))
        .await;
    clerk.fill("input[name=penerima]", "Hj. Maryam").await;
    clerk
        .client
        .find(fantoccini::Locator::Css("select[name=hubungan]"))
        .await
        .unwrap()
        .select_by_value("family")
        .await
        .unwrap();
    clerk.fill("input[name=petugas]", "Nurul Hamzah").await;
    sign(&clerk).await;
    clerk.screenshot("clerk-handover-signed").await;
    clerk.submit("#handover-form button[type=submit]").await;
    clerk
        .goto(&format!("{clerk_url}/kiriman/{}", codes[1]))
        .await;
    assert!(clerk.body().await.contains("Sudah diserahkan"));
    let signature = clerk
        .client
        .find(fantoccini::Locator::Css("img[src^='/tanda-tangan/']"))
        .await
        .expect("the signature is kept with the handover");
    let src = signature.attr("src").await.unwrap().unwrap();
    clerk.screenshot("clerk-history-signed").await;
    let hash = src.trim_start_matches("/tanda-tangan/").to_owned();

    // The resident's receipt: printed from the history page, styled under the UI's
    // content security policy (its stylesheet is a file, not inline), 58 mm and A6.
    clerk.submit("#print-receipt").await;
    assert!(clerk.body().await.contains("Nurul Hamzah"));
    let styled = clerk
        .client
        .execute(
            "return getComputedStyle(document.querySelector('#code')).borderTopStyle",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        styled,
        serde_json::json!("solid"),
        "the receipt's stylesheet applies"
    );
    assert!(
        clerk
            .client
            .find(fantoccini::Locator::Css("#receipt .qr svg"))
            .await
            .is_ok()
    );
    clerk.screenshot("clerk-receipt-58mm").await;
    clerk.submit("a[href='?ukuran=a6']").await;
    clerk.screenshot("clerk-receipt-a6").await;
    // Its text (what the QR holds), pasted on the server's /verifikasi without JavaScript.
    let printed = agent(
        &desk,
        &[
            "receipt",
            &codes[1],
            "--output",
            tmp.path().join("tanda-terima.html").to_str().unwrap(),
        ],
    );
    let receipt = ok(&printed).trim().to_owned();
    resident.goto(&format!("{base}/verifikasi")).await;
    resident.fill("textarea[name=r]", &receipt).await;
    resident.submit("#paste button[type=submit]").await;
    assert!(resident.text("#verdict").await.contains("Tanda terima sah"));
    resident.screenshot("resident-verify-receipt").await;

    // At Dukcapil, once synced: the handover with its signature image.
    let password = admin_password(&server);
    let op = Browser::start(true).await;
    log_in(&op, &base, &password).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        op.goto(&format!("{base}/dasbor/kiriman/{}", codes[1]))
            .await;
        if op.body().await.contains("Hj. Maryam")
            && op
                .client
                .find(fantoccini::Locator::Css(&format!(
                    "img[src='/dasbor/bukti/{hash}']"
                )))
                .await
                .is_ok()
        {
            let loaded = op
                .client
                .execute(
                    "return document.querySelector('img[src^=\"/dasbor/bukti/\"]').naturalWidth",
                    vec![],
                )
                .await
                .unwrap();
            if loaded.as_u64().unwrap_or(0) > 0 {
                break;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the handover and its signature never reached Dukcapil"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    op.screenshot("dashboard-dispatch-signed").await;

    // The clerk's UI speaks English too.
    clerk.goto(&format!("{clerk_url}/")).await;
    clerk.submit("header a[hreflang=en]").await;
    assert!(
        clerk.body().await.contains("Receive"),
        "{}",
        clerk.body().await
    );
    clerk.screenshot("clerk-home-english").await;

    op.close().await;
    plain.close().await;
    resident.close().await;
    clerk.close().await;
}

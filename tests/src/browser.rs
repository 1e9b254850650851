//! A real headless Chromium, driven over WebDriver (fantoccini + Debian's
//! `chromedriver`), for the browser tests. Screenshots of each page are kept in
//! `target/screenshots/` (or `$ANTAR_SCREENSHOTS`) as test artifacts.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// Where Debian puts them (`apt-get install chromium chromium-driver`).
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether this machine can run the browser tests. In CI they must run: a missing
/// browser fails there instead of skipping.
pub fn available() -> bool {
    let present =
        std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the browser tests: install chromium and chromium-driver (.ci/run does)"
        );
        eprintln!(
            "SKIPPED: browser tests need {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)"
        );
    }
    present
}

/// The folder for screenshots.
pub fn screenshot_dir() -> PathBuf {
    std::env::var_os("ANTAR_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../target/screenshots"
            ))
        })
}

/// A chromedriver process and a browser session on it; both end when dropped.
#[derive(Debug)]
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    _profile: tempfile_dir::Dir,
}

mod tempfile_dir {
    /// A fresh profile folder, removed afterwards.
    #[derive(Debug)]
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

impl Browser {
    /// Starts chromedriver and a headless Chromium at 1366×768 (the clerk's laptop),
    /// with JavaScript on or off.
    pub async fn start(javascript: bool) -> Browser {
        Browser::launch(javascript, None).await
    }

    /// A cheap Android phone: a 360×740 CSS-pixel screen (Chromium's mobile emulation:
    /// the page's viewport, touch and device pixel ratio as on the phone), JavaScript on.
    pub async fn phone() -> Browser {
        Browser::launch(true, Some((360, 740))).await
    }

    /// How many CSS pixels the page is wider than the screen (0 or less: no sideways
    /// scrolling).
    pub async fn overflow(&self) -> i64 {
        let value = self
            .client
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                Vec::new(),
            )
            .await
            .unwrap_or_else(|e| panic!("cannot measure the page: {e}"));
        value
            .as_i64()
            .unwrap_or_else(|| panic!("not a width: {value}"))
    }

    async fn launch(javascript: bool, phone: Option<(u32, u32)>) -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start chromedriver: {e}"));
        let profile =
            std::env::temp_dir().join(format!("antar-chromium-{}-{port}", std::process::id()));
        let _ = std::fs::create_dir_all(&profile);
        let mut prefs = serde_json::Map::new();
        // The pages follow the browser's language: an Indonesian office PC.
        prefs.insert(
            "intl.accept_languages".into(),
            serde_json::json!("id-ID,id"),
        );
        if !javascript {
            prefs.insert(
                "profile.managed_default_content_settings.javascript".into(),
                serde_json::json!(2),
            );
        }
        let mut options = serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--no-first-run", "--lang=id-ID",
                "--window-size=1366,768",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": prefs,
        });
        if let Some((width, height)) = phone {
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0, "touch": true },
                "userAgent": "Mozilla/5.0 (Linux; Android 11; SM-A025F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
            });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let client = loop {
            match builder.connect(&url).await {
                Ok(client) => break client,
                Err(e) => {
                    assert!(
                        Instant::now() < deadline,
                        "chromedriver did not answer: {e}"
                    );
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        };
        Browser {
            client,
            driver,
            _profile: tempfile_dir::Dir(profile),
        }
    }

    /// Opens a URL.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The text of the first element matching a CSS selector.
    /// A missing element saves a `FAILED-…` screenshot first, to see why.
    pub async fn text(&self, css: &str) -> String {
        let found = match self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(found) => found,
            Err(e) => {
                self.save_png(&format!(
                    "FAILED-{}",
                    css.replace(|c: char| !c.is_alphanumeric(), "_")
                ))
                .await;
                let url = self
                    .client
                    .current_url()
                    .await
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                panic!("no {css} on {url}: {e}")
            }
        };
        found
            .text()
            .await
            .unwrap_or_else(|e| panic!("cannot read {css}: {e}"))
    }

    /// The whole page's visible text.
    pub async fn body(&self) -> String {
        self.text("body").await
    }

    /// Types into a field (by CSS selector), replacing what was there.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no field {css}: {e}"));
        field
            .clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear {css}: {e}"));
        field
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
    }

    /// Clicks an element (by CSS selector).
    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing to click at {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Clicks something that loads a new page (a submit button, a link) and waits until
    /// the old page is gone, so the next look is at the new one.
    pub async fn submit(&self, css: &str) {
        let old = self
            .client
            .find(Locator::Css("html"))
            .await
            .unwrap_or_else(|e| panic!("no page: {e}"));
        self.click(css).await;
        let deadline = Instant::now() + Duration::from_secs(30);
        while old.tag_name().await.is_ok() {
            assert!(
                Instant::now() < deadline,
                "clicking {css} did not load a page"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a screenshot of the page as `<name>.png` in the screenshot folder, and
    /// checks an Indonesian page (`<html lang="id">`) shows no English words.
    pub async fn screenshot(&self, name: &str) {
        self.assert_no_english(name).await;
        self.save_png(name).await;
    }

    /// Saves a screenshot of the page as `<name>.png` in the screenshot folder.
    async fn save_png(&self, name: &str) {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("screenshot failed: {e}"));
        let dir = screenshot_dir();
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)
            .unwrap_or_else(|e| panic!("cannot save {}: {e}", path.display()));
    }

    /// Fails when an Indonesian page shows a word of [`crate::ENGLISH_WORDS`].
    pub async fn assert_no_english(&self, name: &str) {
        let lang = match self.client.find(Locator::Css("html")).await {
            Ok(html) => html.attr("lang").await.ok().flatten(),
            Err(_) => None,
        };
        if lang.as_deref() != Some("id") {
            return;
        }
        let text = self.body().await;
        let english = crate::english_words(&text);
        assert!(
            english.is_empty(),
            "the Indonesian page {name} shows English words {english:?}:\n{text}"
        );
    }

    /// Ends the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    /// Also when a test fails mid-way: the driver goes, and so does the browser it
    /// started (found by its own profile folder, so no other browser is touched).
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(format!("user-data-dir={}", self._profile.0.display()))
            .status();
    }
}

//! The clerk's web UI, served by `antar-agent run` on the office PC: it reads and
//! writes the local replica, so it works with no internet.
//!
//! Server-rendered HTML (askama, compiled into the binary; no CDN, no npm). Every page
//! works with HTML and CSS alone: forms POST and answer `303 See Other`, so a reload
//! never repeats an action; the one extra that needs JavaScript is drawing a signature.
//! Bahasa Indonesia first, English one click away; every word comes from the Fluent files.
//!
//! On the office PC's own screen (bound to `127.0.0.1`, the default) the UI has no
//! login, and says so on the home page; bound to any other address (LAN mode, for the
//! office's phones and PCs) every page needs a clerk's name and PIN ([`login`]), and the
//! clerk logged in is recorded with each op. [`guard`] keeps other web sites (and DNS
//! rebinding) from driving it through the clerk's browser.
//!
//! - [`home`]: the sync banner, counts, "sync now"; [`list`]: filtered lists.
//! - [`receive`]: scan or tick a manifest. [`handover`]: find and hand over.
//! - [`settle`]: return and resolve a conflict. [`history`]: one dispatch's story.
//! - [`signature`]: the signature image, in and out. [`enroll`]: first start.
//! - [`receipt`]: the resident's handover receipt, to print. [`login`]: LAN mode.
//! - [`extract`]: forms, queries and paths that do not read get a page in the reader's
//!   language, not axum's English text.

mod enroll;
mod extract;
mod guard;
mod handover;
mod history;
mod home;
mod list;
mod login;
mod receipt;
mod receive;
mod settle;
mod signature;
#[cfg(test)]
mod tests;
mod view;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use antar_shared::doc::{DesaDoc, DispatchState, Policy};
use antar_shared::i18n::Tr;
use antar_shared::tracking::TrackingCode;
use antar_shared::web::{PageLang, stylesheet, switch_language};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::clerk::{self, ClerkError};
use crate::control::SyncControl;
use crate::replica::{Enrollment, Replica, ReplicaError};

/// Form bodies are small; a signature image is at most 200 KB (about 270 KB as a data
/// URL). Anything larger is refused before it is read, with the clerk's page saying
/// so ([`extract`]).
const BODY_LIMIT: usize = 512 * 1024;

/// What every page handler can reach.
#[derive(Clone, Debug)]
pub struct Ui {
    replica: Replica,
    control: Arc<SyncControl>,
    options: Arc<Options>,
}

/// Settings of the UI.
#[derive(Clone, Debug)]
struct Options {
    policy: Policy,
    /// How long "sync now" waits for the loop's answer before saying it runs on.
    sync_wait: Duration,
    /// Bound to a loopback address: only loopback host names are served.
    loopback_only: bool,
    /// LAN mode (bound to any other address): every page needs a clerk's login.
    lan: bool,
}

impl Ui {
    /// The UI over a replica, talking to the sync loop through `control`, listening on
    /// `bound`.
    pub fn new(replica: Replica, control: Arc<SyncControl>, bound: SocketAddr) -> Ui {
        Ui {
            replica,
            control,
            options: Arc::new(Options {
                policy: Policy::default(),
                sync_wait: Duration::from_secs(20),
                loopback_only: bound.ip().is_loopback(),
                lan: !bound.ip().is_loopback(),
            }),
        }
    }

    /// The same UI, with "sync now" waiting at most `wait` (tests with no loop use 0).
    pub fn with_sync_wait(mut self, wait: Duration) -> Ui {
        Arc::make_mut(&mut self.options).sync_wait = wait;
        self
    }

    /// The enrollment, or a redirect to the enrollment page.
    async fn me(&self, tr: Tr) -> Result<Enrollment, Response> {
        match self.replica.enrollment().await {
            Ok(Some(me)) => Ok(me),
            Ok(None) => Err(see_other("/daftar")),
            Err(e) => Err(internal(tr, &e)),
        }
    }

    /// The document as stored now.
    async fn doc(&self, tr: Tr, me: &Enrollment) -> Result<Arc<DesaDoc>, Response> {
        self.replica
            .current(me.desa)
            .await
            .map_err(|e| internal(tr, &e))
    }
}

/// The UI's routes (paths are Indonesian words the clerk may see in the address bar).
pub fn router(ui: Ui) -> Router {
    let loopback_only = ui.options.loopback_only;
    Router::new()
        .route("/", get(home::page))
        .route("/sinkron", post(home::sync_now))
        .route("/kiriman", get(list::page))
        .route("/kiriman/{code}", get(history::page))
        .route(
            "/kiriman/{code}/serahkan",
            get(handover::form).post(handover::save),
        )
        .route(
            "/kiriman/{code}/kembalikan",
            get(settle::return_form).post(settle::return_save),
        )
        .route(
            "/kiriman/{code}/selesaikan",
            get(settle::resolve_form).post(settle::resolve_save),
        )
        .route("/kiriman/{code}/tanda-terima", get(receipt::page))
        .route("/terima", get(receive::page).post(receive::by_code))
        .route("/terima/manifest", post(receive::by_manifest))
        .route("/serahkan", get(handover::find))
        .route("/daftar", get(enroll::form).post(enroll::save))
        .route("/masuk", get(login::form).post(login::login))
        .route("/keluar", post(login::logout))
        .route("/tanda-tangan/{hash}", get(signature::image))
        .route("/assets/antar.css", get(stylesheet))
        .route("/assets/clerk.js", get(signature::script))
        .route("/assets/receipt.css", get(receipt::stylesheet))
        .route("/bahasa/{lang}", get(switch_language))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            ui.clone(),
            login::require,
        ))
        .layer(axum::middleware::from_fn_with_state(
            loopback_only,
            guard::check,
        ))
        .with_state(ui)
}

/// Serves the UI on a bound listener until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, ui: Ui) -> std::io::Result<()> {
    axum::serve(listener, router(ui)).await
}

/// The path and query of the current request (for the language switch link).
fn here(uri: &Uri) -> String {
    uri.path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".to_owned())
}

/// `303 See Other` to a local path: after a POST, so a reload does not repeat it.
fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, v);
    }
    response
}

/// A local path to continue to after an action, if `next` is one (never another site).
fn local_path(next: Option<&str>) -> Option<&str> {
    next.map(str::trim).and_then(antar_shared::web::local_path)
}

/// A problem, as a page.
#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/problem.html")]
struct ProblemPage {
    tr: Tr,
    here: String,
    message: String,
}

/// A page that says what went wrong, with an HTTP status.
fn problem(tr: Tr, status: StatusCode, message: String) -> Response {
    let page = ProblemPage {
        tr,
        here: "/".into(),
        message,
    };
    (status, page).into_response()
}

/// The replica failed: SQLite's words go to the log, the clerk reads that nothing was
/// saved and what to do.
fn internal(tr: Tr, e: &ReplicaError) -> Response {
    problem(tr, StatusCode::INTERNAL_SERVER_ERROR, internal_text(tr, e))
}

/// What the clerk reads when the replica failed (the cause is logged here, once).
fn internal_text(tr: Tr, e: &ReplicaError) -> String {
    tracing::error!(error = %crate::causes::chain(e), "clerk UI: local database failed");
    let detail = tr.error(e);
    tr.t1(
        "clerk-error-internal",
        "detail",
        detail.trim_end_matches('.'),
    )
}

/// A clerk's action refused: a typed value is wrong (422) or the replica failed (500).
fn refused(tr: Tr, e: &ClerkError) -> (StatusCode, String) {
    match e {
        ClerkError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, tr.error(e)),
        ClerkError::Replica(inner) => (StatusCode::INTERNAL_SERVER_ERROR, internal_text(tr, inner)),
    }
}

async fn not_found(lang: PageLang) -> Response {
    let tr = lang.tr();
    problem(tr, StatusCode::NOT_FOUND, tr.t("clerk-error-not-found"))
}

/// The dispatch named in a path (`/kiriman/{code}/…`).
fn dispatch_in<'a>(
    doc: &'a DesaDoc,
    typed: &str,
) -> Result<(TrackingCode, &'a DispatchState), ClerkError> {
    let code = clerk::parse_code(typed)?;
    Ok((code, clerk::find(doc, code)?))
}

/// The 404 page for a code in a path that is not (or not yet) in this desa's data.
fn unknown(tr: Tr, e: &ClerkError) -> Response {
    problem(tr, StatusCode::NOT_FOUND, tr.error(e))
}

//! LAN mode's login: when the UI listens on the office network, every page but the
//! login form, the style sheet and the language switch needs a clerk's session.
//!
//! CSRF is closed as on the Dukcapil dashboard: the session cookie is `HttpOnly` and
//! `SameSite=Strict` (another site's form is posted without it), and [`super::guard`]
//! refuses state-changing requests whose `Origin` or `Sec-Fetch-Site` is foreign.
//! On the office PC's own screen (localhost mode) nobody logs in and [`Desk`] is empty.

use antar_shared::i18n::Tr;
use antar_shared::web::PageLang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::{Form, Query};
use super::{Ui, internal, local_path, see_other};
use crate::accounts::{self, AccountError, SESSION_SECS, SignedIn};

/// The session cookie (not `antar_petugas`, which remembers a typed clerk name).
const SESSION_COOKIE: &str = "antar_sesi";

/// Who is at the desk: the clerk logged in (LAN mode), or nobody named (localhost).
#[derive(Clone, Debug, Default)]
pub struct Desk(pub Option<SignedIn>);

impl Desk {
    /// The name recorded on ops, when a clerk is logged in.
    pub fn name(&self) -> Option<&str> {
        self.0.as_ref().map(|c| c.name.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Desk {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Desk>().cloned().unwrap_or_default())
    }
}

/// Paths served without a session: what the login page itself needs.
fn open_path(path: &str) -> bool {
    path == "/masuk" || path.starts_with("/assets/") || path.starts_with("/bahasa/")
}

/// The middleware: in LAN mode, a request without a live session goes to the login
/// page (and, for a page, back to it after logging in).
pub async fn require(State(ui): State<Ui>, mut request: Request, next: Next) -> Response {
    if !ui.options.lan || open_path(request.uri().path()) {
        return next.run(request).await;
    }
    let tr = PageLang::from_headers(request.headers()).tr();
    let signed_in = match antar_shared::web::cookie(request.headers(), SESSION_COOKIE) {
        Some(token) => match accounts::session(&ui.replica, token).await {
            Ok(found) => found,
            Err(e) => return internal(tr, &e),
        },
        None => None,
    };
    match signed_in {
        Some(clerk) => {
            request.extensions_mut().insert(Desk(Some(clerk)));
            next.run(request).await
        }
        None => {
            let back = request
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .filter(|_| request.method() == axum::http::Method::GET)
                .unwrap_or("/");
            see_other(&format!("/masuk?ke={}", antar_shared::web::urlencode(back)))
        }
    }
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/login.html")]
struct LoginPage {
    tr: Tr,
    here: String,
    next: String,
    name: String,
    error: Option<String>,
    /// No account exists yet: say how the head clerk makes one.
    no_accounts: bool,
}

/// Where to go after logging in.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    ke: Option<String>,
}

fn next_of(ke: Option<&str>) -> String {
    local_path(ke)
        .filter(|p| !p.starts_with("/masuk"))
        .unwrap_or("/")
        .to_owned()
}

async fn page(
    ui: &Ui,
    tr: Tr,
    status: StatusCode,
    next: String,
    name: String,
    error: Option<String>,
) -> Response {
    let no_accounts = match ui.replica.clerk_count().await {
        Ok(n) => n == 0,
        Err(e) => return internal(tr, &e),
    };
    let page = LoginPage {
        tr,
        here: "/masuk".into(),
        next,
        name,
        error,
        no_accounts,
    };
    (status, page).into_response()
}

/// `GET /masuk`: the login form (on the office PC's own screen: the home page).
pub async fn form(State(ui): State<Ui>, lang: PageLang, Query(q): Query<NextQuery>) -> Response {
    if !ui.options.lan {
        return see_other("/");
    }
    let next = next_of(q.ke.as_deref());
    page(&ui, lang.tr(), StatusCode::OK, next, String::new(), None).await
}

/// The login form's fields.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    nama: String,
    #[serde(default)]
    pin: String,
    ke: Option<String>,
}

/// `POST /masuk`: a session cookie and on to the page asked for, or the form again
/// saying why (a wrong name or PIN reads the same; a locked account says for how long).
pub async fn login(State(ui): State<Ui>, lang: PageLang, Form(f): Form<LoginForm>) -> Response {
    let tr = lang.tr();
    let next = next_of(f.ke.as_deref());
    if !ui.options.lan {
        return see_other("/");
    }
    match accounts::login(&ui.replica, &f.nama, &f.pin).await {
        Ok((token, _)) => {
            let mut response = see_other(&next);
            let cookie = format!(
                "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECS}"
            );
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(SET_COOKIE, v);
            }
            response
        }
        Err(AccountError::Replica(e)) => internal(tr, &e),
        Err(e) => {
            let status = match e {
                AccountError::Locked(_) => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            let name = f.nama.trim().chars().take(100).collect();
            page(&ui, tr, status, next, name, Some(tr.error(&e))).await
        }
    }
}

/// `POST /keluar`: ends the session here and in the browser.
pub async fn logout(State(ui): State<Ui>, lang: PageLang, headers: HeaderMap) -> Response {
    if let Some(token) = antar_shared::web::cookie(&headers, SESSION_COOKIE)
        && let Err(e) = accounts::logout(&ui.replica, token).await
    {
        return internal(lang.tr(), &e);
    }
    let mut response = see_other(if ui.options.lan { "/masuk" } else { "/" });
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&clear) {
        response.headers_mut().insert(SET_COOKIE, v);
    }
    response
}

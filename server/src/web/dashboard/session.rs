//! Logging in and out with a form; the session token lives in a cookie.

use antar_shared::i18n::Tr;
use antar_shared::web::PageLang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{SESSION_COOKIE, cookie};
use crate::secret::hash_token;
use crate::state::{AppState, ClientIp};
use crate::users::{self, SESSION_SECS};
use crate::web::extract::{Form, Query};

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/login.html")]
struct LoginPage {
    tr: Tr,
    here: String,
    next: String,
    name: String,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    ke: Option<String>,
}

/// Only paths inside the dashboard are followed after login.
fn safe_next(next: Option<&str>) -> String {
    next.and_then(antar_shared::web::local_path)
        .filter(|p| p.starts_with("/dasbor"))
        .unwrap_or("/dasbor")
        .to_owned()
}

/// `GET /dasbor/masuk`.
pub async fn form(lang: PageLang, Query(q): Query<NextQuery>) -> Response {
    LoginPage {
        tr: lang.tr(),
        here: "/dasbor/masuk".into(),
        next: safe_next(q.ke.as_deref()),
        name: String::new(),
        error: None,
    }
    .into_response()
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    ke: Option<String>,
}

/// `POST /dasbor/masuk`: a cookie and on to the page asked for, or the form again.
pub async fn login(
    State(state): State<AppState>,
    lang: PageLang,
    ClientIp(address): ClientIp,
    Form(f): Form<LoginForm>,
) -> Response {
    let tr = lang.tr();
    let next = safe_next(f.ke.as_deref());
    match users::login(&state.store, &f.name, &f.password, address).await {
        Ok((token, _, _)) => {
            let secure = if state.site.secure() { "; Secure" } else { "" };
            let cookie = format!(
                "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECS}{secure}"
            );
            (
                StatusCode::SEE_OTHER,
                [(LOCATION, next), (SET_COOKIE, cookie)],
            )
                .into_response()
        }
        Err(e) => {
            e.log_cause();
            let page = LoginPage {
                tr,
                here: "/dasbor/masuk".into(),
                next,
                name: f.name.chars().take(40).collect(),
                error: Some(e.message(tr.lang)),
            };
            (e.kind.status(), page).into_response()
        }
    }
}

/// `POST /dasbor/keluar`: ends the session on the server too.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE)
        && let Err(e) = state.store.delete_session(&hash_token(token)).await
    {
        tracing::warn!(error = %e, "could not delete a session");
    }
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, "/dasbor/masuk".to_owned()), (SET_COOKIE, clear)],
    )
        .into_response()
}

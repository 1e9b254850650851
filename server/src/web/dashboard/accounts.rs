//! Accounts on the dashboard: `/dasbor/akun`, where anyone changes their own password,
//! and `/dasbor/pengguna`, where admins see every account with its last login and
//! reset a forgotten password (a one-time password shown once), disable or enable.

use antar_shared::i18n::Tr;
use antar_shared::time::UnixTime;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Staff;
use crate::state::AppState;
use crate::store::users::{Role, User};
use crate::users;
use crate::web::extract::{Form, Path};

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/account.html")]
struct AccountPage {
    tr: Tr,
    here: String,
    user: User,
    error: Option<String>,
    changed: bool,
}

/// `GET /dasbor/akun`.
pub async fn form(s: Staff) -> Response {
    AccountPage {
        tr: s.tr,
        here: s.here.clone(),
        user: s.user.clone(),
        error: None,
        changed: false,
    }
    .into_response()
}

/// The password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    sekarang: String,
    #[serde(default)]
    baru: String,
    #[serde(default)]
    ulangi: String,
}

/// `POST /dasbor/akun`: the current password and the new one twice.
pub async fn change(
    State(state): State<AppState>,
    s: Staff,
    Form(f): Form<PasswordForm>,
) -> Response {
    let mut page = AccountPage {
        tr: s.tr,
        here: s.here.clone(),
        user: s.user.clone(),
        error: None,
        changed: false,
    };
    if f.baru != f.ulangi {
        let e = crate::error::AppError::new(
            crate::error::ErrorKind::Unprocessable,
            "user.password_mismatch",
        );
        page.error = Some(e.message(s.tr.lang));
        return (e.kind.status(), page).into_response();
    }
    match users::change_password(&state.store, &s.who(), &s.user, &f.sekarang, &f.baru).await {
        Ok(()) => {
            page.changed = true;
            page.into_response()
        }
        Err(e) => {
            page.error = Some(e.message(s.tr.lang));
            (e.kind.status(), page).into_response()
        }
    }
}

/// One account as a table row.
#[derive(Debug)]
struct Row {
    name: String,
    role: &'static str,
    active: bool,
    last_login: String,
    me: bool,
    /// The kecamatan codes it is limited to, comma-separated; empty for all.
    scope: String,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/users.html")]
struct UsersPage {
    tr: Tr,
    here: String,
    user: User,
    rows: Vec<Row>,
    /// After a reset: whose, and the one-time password (shown this once).
    reset: Option<(String, String)>,
    error: Option<String>,
}

async fn users_page(state: &AppState, s: &Staff) -> Result<UsersPage, crate::error::AppError> {
    let mut rows = Vec::new();
    for a in state.store.accounts().await? {
        let scope = state.store.user_scope(a.user.id).await?;
        rows.push(Row {
            me: a.user.id == s.user.id,
            role: a.user.role.as_str(),
            active: a.disabled_at.is_none(),
            last_login: a
                .last_login_at
                .map(|t| UnixTime(t).wita())
                .unwrap_or_else(|| "-".to_owned()),
            scope: scope
                .codes()
                .map(|c| c.iter().cloned().collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            name: a.user.name,
        });
    }
    Ok(UsersPage {
        tr: s.tr,
        here: s.here.clone(),
        user: s.user.clone(),
        rows,
        reset: None,
        error: None,
    })
}

/// Only the regency's admins run accounts: a kecamatan admin is refused here as in
/// [`users`].
fn refuse_unless_regency_admin(s: &Staff) -> Option<Response> {
    if let Some(r) = s.refuse_unless(Role::Admin) {
        return Some(r);
    }
    s.scope.require_all().err().map(|e| s.error(&e))
}

/// `GET /dasbor/pengguna` (admins).
pub async fn list(State(state): State<AppState>, s: Staff) -> Response {
    if let Some(r) = refuse_unless_regency_admin(&s) {
        return r;
    }
    match users_page(&state, &s).await {
        Ok(page) => page.into_response(),
        Err(e) => s.error(&e),
    }
}

/// `POST /dasbor/pengguna/{name}/reset` (admins): the page again, with the one-time
/// password shown once.
pub async fn reset(State(state): State<AppState>, s: Staff, Path(name): Path<String>) -> Response {
    if let Some(r) = refuse_unless_regency_admin(&s) {
        return r;
    }
    let reset = users::reset_password(&state.store, &s.who(), &name).await;
    match (reset, users_page(&state, &s).await) {
        (Ok(password), Ok(mut page)) => {
            page.reset = Some((name.trim().to_owned(), password));
            page.into_response()
        }
        (Err(e), _) | (_, Err(e)) => s.error(&e),
    }
}

/// `POST /dasbor/pengguna/{name}/nonaktif` and `…/aktif` (admins).
async fn set_enabled(state: AppState, s: Staff, name: String, enabled: bool) -> Response {
    if let Some(r) = refuse_unless_regency_admin(&s) {
        return r;
    }
    match users::set_enabled(&state.store, &s.who(), &name, enabled).await {
        Ok(_) => (StatusCode::SEE_OTHER, [(LOCATION, "/dasbor/pengguna")]).into_response(),
        Err(e) => s.error(&e),
    }
}

/// `POST /dasbor/pengguna/{name}/nonaktif`.
pub async fn disable(
    State(state): State<AppState>,
    s: Staff,
    Path(name): Path<String>,
) -> Response {
    set_enabled(state, s, name, false).await
}

/// `POST /dasbor/pengguna/{name}/aktif`.
pub async fn enable(State(state): State<AppState>, s: Staff, Path(name): Path<String>) -> Response {
    set_enabled(state, s, name, true).await
}

/// The scope form: kecamatan codes, separated by commas or spaces; empty for all.
#[derive(Debug, Deserialize)]
pub struct ScopeForm {
    kecamatan: String,
}

/// `POST /dasbor/pengguna/{name}/wilayah` (the regency's admins): limits an account to
/// some kecamatan, or (empty) to none.
pub async fn scope(
    State(state): State<AppState>,
    s: Staff,
    Path(name): Path<String>,
    Form(f): Form<ScopeForm>,
) -> Response {
    if let Some(r) = refuse_unless_regency_admin(&s) {
        return r;
    }
    let typed: Vec<String> = f
        .kecamatan
        .split([',', ' '])
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect();
    let result = match crate::scope::parse_codes(&typed) {
        Ok(codes) => users::set_scope(&state.store, &s.who(), &name, &codes).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => (StatusCode::SEE_OTHER, [(LOCATION, "/dasbor/pengguna")]).into_response(),
        Err(e) => match users_page(&state, &s).await {
            Ok(mut page) => {
                page.error = Some(e.message(s.tr.lang));
                (e.kind.status(), page).into_response()
            }
            Err(e) => s.error(&e),
        },
    }
}

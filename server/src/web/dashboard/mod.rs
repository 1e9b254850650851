//! The Dukcapil dashboard under `/dasbor`: login, issuing and importing, manifests,
//! tracking, desa health and devices, reports.
//!
//! Staff log in with a form; the session token travels in an `HttpOnly`,
//! `SameSite=Strict` cookie (so other sites cannot post forms with it), and posts from a
//! foreign `Origin` are refused as well. Roles: viewers read, operators also write,
//! admins also manage devices.

mod accounts;
mod audit;
mod batches;
mod chart;
mod csv_file;
mod custody;
mod desa;
mod detail;
mod dispatches;
mod evidence;
mod home;
mod import;
mod issue;
mod manifests;
mod notices;
mod reports;
mod session;

use antar_shared::i18n::Tr;
use antar_shared::web::PageLang;
pub use antar_shared::web::cookie;
pub use antar_shared::web::urlencode;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, OriginalUri};
use axum::http::header::{
    CACHE_CONTROL, HOST, ORIGIN, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use super::{error_page, error_page_back};
use crate::error::{AppError, ErrorKind};
use crate::secret::hash_token;
use crate::state::AppState;
use crate::store::now;
use crate::store::users::{Role, User};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "antar_sesi";

/// The dashboard's routes.
/// Logging in is limited per address (`logins`), so passwords cannot be
/// guessed quickly.
pub fn routes(logins: crate::limit::Limit) -> Router<AppState> {
    let login = crate::limit::limit_per_address!(get(session::form).post(session::login), logins)
        .layer(axum::middleware::from_fn(super::refusals_as_pages));
    Router::new()
        .route("/dasbor", get(home::page))
        .route("/dasbor/masuk", login)
        .route("/dasbor/keluar", post(session::logout))
        .route(
            "/dasbor/kiriman",
            get(dispatches::list).post(dispatches::search),
        )
        .route("/dasbor/kiriman.csv", get(dispatches::export))
        .route(
            "/dasbor/kiriman/baru",
            get(issue::new_form).post(issue::issue),
        )
        .route("/dasbor/kiriman/{code}", get(detail::show))
        .route("/dasbor/kiriman/{code}/tarik", post(detail::recall))
        .route("/dasbor/kiriman/{code}/slip", get(batches::one_slip))
        .route("/dasbor/terbitan/{id}/slip", get(batches::slips))
        .route("/dasbor/terbitan/{id}/kode.csv", get(batches::codes_csv))
        .route("/dasbor/kiriman/{code}/terima", post(custody::receive))
        .route("/dasbor/kiriman/{code}/serahkan", post(custody::handover))
        .route(
            "/dasbor/kiriman/{code}/kembalikan",
            post(custody::send_back),
        )
        .route("/dasbor/kiriman/{code}/selesaikan", post(custody::resolve))
        .route(
            "/dasbor/impor",
            get(import::form)
                .post(import::upload)
                .layer(DefaultBodyLimit::max(import::MAX_UPLOAD)),
        )
        .route("/dasbor/impor/{token}", post(import::confirm))
        .route(
            "/dasbor/manifes",
            get(manifests::list).post(manifests::create),
        )
        .route("/dasbor/manifes/{id}", get(manifests::show))
        .route("/dasbor/manifes/{id}/cetak", get(manifests::print))
        .route("/dasbor/desa", get(desa::health))
        .route("/dasbor/desa/jam", post(desa::set_hours))
        .route("/dasbor/perangkat", get(desa::devices))
        .route("/dasbor/perangkat/kode", post(desa::new_code))
        .route("/dasbor/perangkat/{id}/cabut", post(desa::revoke))
        .route("/dasbor/perangkat/{id}/nama", post(desa::rename))
        .route("/dasbor/laporan", get(reports::page))
        .route("/dasbor/kabar", get(notices::page))
        .route("/dasbor/kabar/{id}/ulang", post(notices::resend))
        .route("/dasbor/kabar/uji", post(notices::test))
        .route("/dasbor/audit", get(audit::page))
        .route("/dasbor/akun", get(accounts::form).post(accounts::change))
        .route("/dasbor/pengguna", get(accounts::list))
        .route("/dasbor/pengguna/{name}/reset", post(accounts::reset))
        .route("/dasbor/pengguna/{name}/nonaktif", post(accounts::disable))
        .route("/dasbor/pengguna/{name}/aktif", post(accounts::enable))
        .route("/dasbor/pengguna/{name}/wilayah", post(accounts::scope))
        .route("/dasbor/bukti/{hash}", get(evidence::image))
        // Pages with personal data: not cached (Back after logout on a shared PC shows
        // nothing), not framed by other sites, not sniffed as another type.
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
}

/// A logged-in staff member, with what every dashboard page needs.
#[derive(Clone, Debug)]
pub struct Staff {
    /// The account.
    pub user: User,
    /// The reader's language.
    pub tr: Tr,
    /// This page's path and query (for the language switch link).
    pub here: String,
    /// The client's address (for the audit log).
    pub address: Option<std::net::IpAddr>,
    /// The kecamatan the account covers.
    pub scope: crate::scope::Scope,
}

impl Staff {
    /// The refusal page, unless the account has at least `role`.
    pub fn refuse_unless(&self, role: Role) -> Option<Response> {
        if self.user.role >= role {
            None
        } else {
            let error = AppError::new(ErrorKind::Forbidden, "auth.role").arg("role", role.as_str());
            Some(error_page(self.tr, &error))
        }
    }

    /// Whether the account may change things (issue, import, manifests).
    pub fn can_write(&self) -> bool {
        self.user.role >= Role::Operator
    }

    /// Whether the account may manage devices.
    pub fn is_admin(&self) -> bool {
        self.user.role >= Role::Admin
    }

    /// Who this is, for the audit log.
    pub fn who(&self) -> crate::audit::Who {
        crate::audit::Who::user(&self.user, self.address).scoped(self.scope.clone())
    }

    /// An error as a page in this reader's language.
    pub fn error(&self, error: &AppError) -> Response {
        error_page_back(self.tr, error, "/dasbor")
    }
}

/// A post whose `Origin` names another host is a cross-site request: refuse it.
fn foreign_origin(parts: &Parts, public_url: Option<&str>) -> bool {
    if parts.method == Method::GET || parts.method == Method::HEAD {
        return false;
    }
    let Some(origin) = parts.headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = parts
        .headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if public_url == Some(origin) {
        return false;
    }
    // "null" comes from sandboxed frames and privacy redirects: not this site.
    let origin_host = origin.split("://").nth(1).unwrap_or(origin);
    origin == "null" || origin_host != host
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let tr = PageLang::from_headers(&parts.headers).tr();
        let here = parts
            .extensions
            .get::<OriginalUri>()
            .map(|u| u.0.clone())
            .unwrap_or_else(|| parts.uri.clone());
        let here = here
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/dasbor".into());
        if foreign_origin(parts, state.site.public_url.as_deref()) {
            let error = AppError::new(ErrorKind::Forbidden, "auth.cross_site");
            return Err(error_page(tr, &error));
        }
        let to_login =
            || Redirect::to(&format!("/dasbor/masuk?ke={}", urlencode(&here))).into_response();
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login());
        };
        match state.store.session_user(&hash_token(token), now()).await {
            Ok(Some(user)) => match state.store.user_scope(user.id).await {
                Ok(scope) => Ok(Staff {
                    user,
                    tr,
                    here,
                    address: state.client_ip(parts),
                    scope,
                }),
                Err(e) => Err(error_page(tr, &AppError::from(e))),
            },
            Ok(None) => Err(to_login()),
            Err(e) => Err(error_page(tr, &AppError::from(e))),
        }
    }
}

/// Turns an empty form field into `None`.
pub fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

//! The server's HTML pages: the residents' status page ([`resident`]) and the Dukcapil
//! dashboard ([`dashboard`]). Server-rendered with askama, Indonesian first, usable
//! without JavaScript.

pub mod dashboard;
pub mod extract;
pub mod resident;
pub mod verify;

use antar_shared::i18n::Tr;
use antar_shared::web::{PageLang, stylesheet, switch_language};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Request;
use axum::http::header::RETRY_AFTER;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::limit::Limit;
use crate::state::AppState;

/// Pages and assets outside the rate-limited public group.
pub fn routes(logins: Limit) -> Router<AppState> {
    Router::new()
        .merge(dashboard::routes(logins))
        .route("/", get(home))
        .route("/assets/antar.css", get(stylesheet))
        .route("/bahasa/{lang}", get(switch_language))
}

/// The residents' status page, which the router limits per client address together
/// with the API's public lookup (so tracking codes cannot be guessed quickly).
pub fn limited_routes() -> Router<AppState> {
    Router::new()
        .route("/cek", get(resident::form).post(resident::submit))
        .route("/cek/{code}", get(resident::result))
        .route("/verifikasi", get(verify::form).post(verify::submit))
}

/// The root sends residents to the status page; staff follow the dashboard link there.
async fn home() -> axum::response::Redirect {
    axum::response::Redirect::to("/cek")
}

/// An error as a page, in the reader's language.
#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
#[derive(Debug)]
struct ErrorPage {
    tr: Tr,
    here: String,
    message: String,
    code: &'static str,
}

/// Renders an error as a page with the error's HTTP status; "back" leads home.
pub fn error_page(tr: Tr, error: &AppError) -> Response {
    error_page_back(tr, error, "/")
}

/// Renders an error as a page whose "back" link leads to `back`.
pub fn error_page_back(tr: Tr, error: &AppError, back: &str) -> Response {
    error.log_cause();
    let page = ErrorPage {
        tr,
        here: back.to_owned(),
        message: error.message(tr.lang),
        code: error.code,
    };
    (error.kind.status(), page).into_response()
}

/// Middleware outside a layer that refuses in JSON because it cannot see the request
/// (the per-address rate limit): on a page, such a refusal becomes an error page in the
/// reader's language, with the same status and `Retry-After`, whose link leads back to
/// the page asked for. Answers under `/api/` stay JSON.
pub async fn refusals_as_pages(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/api/") {
        return next.run(request).await;
    }
    let tr = PageLang::from_headers(request.headers()).tr();
    let mut response = next.run(request).await;
    let Some(error) = response.extensions_mut().remove::<AppError>() else {
        return response;
    };
    let mut page = error_page_back(tr, &error, &path);
    if let Some(wait) = response.headers().get(RETRY_AFTER) {
        page.headers_mut().insert(RETRY_AFTER, wait.clone());
    }
    page
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use antar_shared::Lang;
    use antar_shared::i18n::{keys_used, locale_keys};

    fn texts(dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                texts(&path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// Every key a page or the command line looks up exists in both languages: a
    /// missing one would show its key instead of words.
    #[test]
    fn every_key_the_pages_use_is_translated() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        texts(&root.join("templates"), &mut files);
        texts(&root.join("src"), &mut files);
        texts(&root.join("../shared/templates"), &mut files);
        assert!(files.len() > 10, "templates and sources were read");
        let (id, en) = (locale_keys(Lang::Id), locale_keys(Lang::En));
        let mut missing = Vec::new();
        for (file, text) in &files {
            for key in keys_used(text) {
                if !id.contains(&key) || !en.contains(&key) {
                    missing.push(format!("{file}: {key}"));
                }
            }
        }
        assert!(missing.is_empty(), "untranslated keys: {missing:#?}");
    }
}

//! The server's HTML pages: the residents' status page ([`resident`]) and the Dukcapil
//! dashboard ([`dashboard`]). Server-rendered with askama, Indonesian first, usable
//! without JavaScript.

pub mod dashboard;
pub mod resident;

use antar_shared::web::{Tr, stylesheet, switch_language};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::http::AppState;

/// Settings the pages show, from the command line.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// Opening hours shown to residents; `None` uses the translated default.
    pub office_hours: Option<String>,
}

impl Site {
    /// The opening hours in the reader's language.
    pub fn office_hours(&self, tr: Tr) -> String {
        self.office_hours
            .clone()
            .unwrap_or_else(|| tr.t("office-hours-default"))
    }
}

/// Pages and assets outside the rate-limited public group.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(dashboard::routes())
        .route("/", get(home))
        .route("/assets/antar.css", get(stylesheet))
        .route("/bahasa/{lang}", get(switch_language))
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

/// Renders an error as a page with the error's HTTP status.
pub fn error_page(tr: Tr, error: &AppError) -> Response {
    if let Some(detail) = &error.internal {
        tracing::error!(code = error.code, detail = %detail, "internal error");
    }
    let page = ErrorPage {
        tr,
        here: "/".into(),
        message: error.message(tr.lang).to_owned(),
        code: error.code,
    };
    (error.kind.status(), page).into_response()
}

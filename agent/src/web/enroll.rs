//! `/daftar`: enrolling this PC on first start — the server's address, the one-time
//! code from Dukcapil, a name for the device — the same steps as `antar-agent enroll`.
//! The sync loop notices the enrollment and starts syncing.

use antar_shared::i18n::Tr;
use antar_shared::web::PageLang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::Form;
use super::{Ui, internal, see_other};
use crate::enroll::{self, Request};
use crate::failure::Failure;

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/enroll.html")]
struct EnrollPage {
    tr: Tr,
    here: String,
    error: Option<String>,
    server: String,
    code: String,
    name: String,
}

/// `GET /daftar` (home once enrolled).
pub async fn form(State(ui): State<Ui>, lang: PageLang) -> Response {
    let tr = lang.tr();
    match ui.replica.enrollment().await {
        Ok(Some(_)) => see_other("/"),
        Ok(None) => EnrollPage {
            tr,
            here: "/daftar".into(),
            error: None,
            server: String::new(),
            code: String::new(),
            name: tr.t("clerk-enroll-default-name"),
        }
        .into_response(),
        Err(e) => internal(tr, &e),
    }
}

/// The enrollment form.
#[derive(Debug, Deserialize)]
pub struct EnrollFields {
    #[serde(default)]
    server: String,
    #[serde(default)]
    kode: String,
    #[serde(default)]
    nama: String,
}

/// `POST /daftar`.
pub async fn save(
    State(ui): State<Ui>,
    lang: PageLang,
    Form(fields): Form<EnrollFields>,
) -> Response {
    let tr = lang.tr();
    let clip = |s: &str| s.trim().chars().take(200).collect::<String>();
    let (server, code, name) = (clip(&fields.server), clip(&fields.kode), clip(&fields.nama));
    let request = Request {
        server: &server,
        code: &code,
        name: &name,
    };
    // Fewer retries than the command: someone is waiting in front of the page.
    match enroll::enroll(&ui.replica, &request, 3, || {}).await {
        // The loop sees the enrollment within a second and syncs at once.
        Ok(_) => see_other("/?daftar=ok"),
        Err(e) => {
            let failure = Failure::from(e);
            failure.log();
            let page = EnrollPage {
                tr,
                here: "/daftar".into(),
                error: Some(failure.text(tr)),
                server,
                code,
                name,
            };
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
        }
    }
}

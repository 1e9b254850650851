//! `/kiriman/{CODE}/tanda-terima`: the resident's handover receipt to print, 58 mm by
//! default, A6 with `?ukuran=a6`. The page's stylesheet is `/assets/receipt.css`.

use antar_shared::web::PageLang;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::extract::{Path, Query};
use super::{Ui, problem, refused, unknown};
use crate::receipt::{self, Layout, page::ReceiptPage};

/// The paper size asked for.
#[derive(Debug, Deserialize)]
pub struct Size {
    ukuran: Option<String>,
}

/// The receipt page.
pub async fn page(
    State(ui): State<Ui>,
    PageLang(lang): PageLang,
    Path(code): Path<String>,
    Query(size): Query<Size>,
) -> Response {
    let tr = antar_shared::i18n::Tr::new(lang);
    let me = match ui.me(tr).await {
        Ok(me) => me,
        Err(response) => return response,
    };
    let code = match crate::clerk::parse_code(&code) {
        Ok(code) => code,
        Err(e) => return unknown(tr, &e),
    };
    let layout = size
        .ukuran
        .as_deref()
        .and_then(Layout::parse)
        .unwrap_or_default();
    match receipt::make(&ui.replica, &me, code).await {
        Ok(printed) => {
            let page = ReceiptPage::new(tr, &printed, layout, &me.server, true);
            match askama::Template::render(&page) {
                Ok(html) => Html(html).into_response(),
                Err(e) => {
                    super::internal(tr, &crate::replica::ReplicaError::Corrupt(e.to_string()))
                }
            }
        }
        Err(e) => {
            let (status, message) = refused(tr, &e);
            problem(tr, status, message)
        }
    }
}

/// The receipt's stylesheet.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        crate::receipt::page::CSS,
    )
}

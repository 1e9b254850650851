//! The stylesheet, compiled into the binary: no CDN, no build step.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

/// The pages' stylesheet: system fonts, big targets, print rules for A4.
pub const CSS: &str = include_str!("../../assets/antar.css");

/// `GET /assets/antar.css`, cached for a day.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        CSS,
    )
}

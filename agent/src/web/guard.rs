//! Keeps other web sites from using the clerk's browser to drive the UI.
//!
//! The UI has no login (it is the office PC's own screen), so two attacks need closing:
//! - a page on the internet that POSTs a form to `http://127.0.0.1:7420/…` (cross-site
//!   request forgery): actions must come from the UI's own pages, judged by the
//!   browser's `Sec-Fetch-Site` and `Origin` headers;
//! - a host name of the attacker's that resolves to 127.0.0.1 (DNS rebinding): when the
//!   UI listens on a loopback address, only loopback host names are answered.
//!
//! Every answer also tells the browser not to cache pages (they show residents' names),
//! not to frame them, and to run only the UI's own script.

use antar_shared::web::PageLang;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, HOST, ORIGIN};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

const POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The middleware: refuses foreign requests, then adds the safety headers.
pub async fn check(State(loopback_only): State<bool>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let tr = PageLang::from_headers(headers).tr();
    if loopback_only && !host_is_loopback(headers) {
        return super::problem(
            tr,
            StatusCode::MISDIRECTED_REQUEST,
            tr.t("clerk-error-host"),
        );
    }
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    if !safe && !same_origin(headers) {
        return super::problem(tr, StatusCode::FORBIDDEN, tr.t("clerk-error-foreign"));
    }
    let mut response = next.run(request).await;
    let out = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", POLICY),
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        // Not `no-referrer`: under it browsers send `Origin: null` on the UI's own form
        // posts, which the check above must refuse. `same-origin` still tells other
        // sites nothing (addresses hold tracking codes).
        ("referrer-policy", "same-origin"),
    ] {
        out.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if !out.contains_key(CACHE_CONTROL) {
        out.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// `localhost`, `127.x.x.x` or `[::1]`, with any port.
fn host_is_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(HOST).and_then(|v| v.to_str().ok()) else {
        // HTTP/1.0 without Host: not a browser following a rebound name.
        return true;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a state-changing request comes from the UI's own pages. Browsers send
/// `Sec-Fetch-Site` and, on a POST, `Origin`; a program with neither (a test, `curl`)
/// is not a browser that a foreign page could steer.
fn same_origin(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(site) = fetch_site
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(ORIGIN) else {
        return true;
    };
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.trim_end_matches('/'));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn loopback_names_only() {
        assert!(host_is_loopback(&headers(&[("host", "127.0.0.1:7420")])));
        assert!(host_is_loopback(&headers(&[("host", "localhost:7420")])));
        assert!(host_is_loopback(&headers(&[("host", "[::1]:7420")])));
        assert!(!host_is_loopback(&headers(&[(
            "host",
            "evil.example:7420"
        )])));
        assert!(!host_is_loopback(&headers(&[("host", "192.168.1.5:7420")])));
    }

    #[test]
    fn foreign_posts_are_refused() {
        let host = ("host", "127.0.0.1:7420");
        assert!(same_origin(&headers(&[host])));
        assert!(same_origin(&headers(&[
            host,
            ("origin", "http://127.0.0.1:7420"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!same_origin(&headers(&[
            host,
            ("origin", "https://evil.example")
        ])));
        assert!(!same_origin(&headers(&[host, ("origin", "null")])));
        assert!(!same_origin(&headers(&[
            host,
            ("sec-fetch-site", "cross-site")
        ])));
    }
}

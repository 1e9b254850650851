//! The reader's language: chosen by the switch link (a cookie), else the browser's
//! `Accept-Language`, else Indonesian.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::i18n::Tr;
use crate::lang::Lang;

/// The cookie that remembers the reader's choice.
pub const LANG_COOKIE: &str = "antar_lang";

/// The language a page is rendered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageLang(pub Lang);

impl PageLang {
    /// A translator for it.
    pub fn tr(self) -> Tr {
        Tr::new(self.0)
    }

    /// Reads the choice from request headers.
    pub fn from_headers(headers: &HeaderMap) -> PageLang {
        let cookie = cookie(headers, LANG_COOKIE).and_then(Lang::parse);
        let accept = || {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    v.split(',')
                        .filter_map(|part| Lang::parse(part.split(';').next().unwrap_or_default()))
                        .next()
                })
        };
        PageLang(cookie.or_else(accept).unwrap_or_default())
    }
}

/// One cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang::from_headers(&parts.headers))
    }
}

/// `next` if it is a path on this site, else `None`.
///
/// Browsers drop tabs and line breaks from a `Location` and read `\` as `/`, so
/// `/<TAB>/evil.example` would leave the site: any control character, space or
/// backslash refuses the path, as does a second leading slash.
pub fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && next.bytes().all(|b| b > 0x20 && b != 0x7f && b != b'\\');
    ok.then_some(next)
}

/// Where to go back to after switching.
#[derive(Debug, Deserialize)]
pub struct SwitchQuery {
    /// A path on this site.
    ke: Option<String>,
}

/// `GET /bahasa/{lang}?ke=/path`: remembers the choice and returns to the page. Only
/// local paths are followed, so the link cannot be used to send people elsewhere.
pub async fn switch_language(
    Path(lang): Path<String>,
    Query(query): Query<SwitchQuery>,
) -> Response {
    let lang = Lang::parse(&lang).unwrap_or_default();
    let target = query
        .ke
        .as_deref()
        .and_then(local_path)
        .unwrap_or("/")
        .to_owned();
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.tag()
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&target) {
        headers.insert(LOCATION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        headers.insert(SET_COOKIE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/cek/7KQM?x=1"), Some("/cek/7KQM?x=1"));
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil",
            "/a\nb",
            "/ /x",
            "https://x",
            "",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn cookie_beats_browser_beats_default() {
        assert_eq!(PageLang::from_headers(&headers(&[])).0, Lang::Id);
        assert_eq!(
            PageLang::from_headers(&headers(&[("accept-language", "en-US,en;q=0.9")])).0,
            Lang::En
        );
        assert_eq!(
            PageLang::from_headers(&headers(&[
                ("accept-language", "en-US"),
                ("cookie", "a=b; antar_lang=id")
            ]))
            .0,
            Lang::Id
        );
        assert_eq!(
            PageLang::from_headers(&headers(&[("accept-language", "fr, de")])).0,
            Lang::Id
        );
    }
}

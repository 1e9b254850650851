//! The state every handler reaches ([`AppState`]) and the settings it carries
//! ([`Site`]).
//!
//! Its own module, below both [`crate::http`] and [`crate::web`] and apart from the
//! router that puts them together, so handlers depend on what they share and not on
//! the application that mounts them.

use std::sync::Arc;

use antar_shared::i18n::Tr;
use tokio::sync::Notify;

use crate::store::Store;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Storage.
    pub store: Store,
    /// Wakes the background publisher after issuing.
    pub publish: Arc<Notify>,
    /// Wakes the notifier after something a resident hears of (an issue, a sync that
    /// brought ops, a custody step recorded here).
    pub notices: Arc<Notify>,
    /// Settings the pages show.
    pub site: Arc<Site>,
    /// How many reverse proxies stand in front (`--trust-proxy`): where a client's
    /// address is read from (see [`crate::limit::client_ip`]).
    pub client_hops: Option<u8>,
    /// Where notices go (for the dashboard's test message), when they go anywhere.
    pub notifier: Option<crate::notify::Outlet>,
    /// The WhatsApp webhook's settings, when WhatsApp is set up.
    pub whatsapp: Option<Arc<crate::notify::bot::Hook>>,
}

impl AppState {
    /// The client's address for this request (for the audit log).
    pub fn client_ip(&self, parts: &axum::http::request::Parts) -> Option<std::net::IpAddr> {
        crate::limit::client_ip(&parts.headers, &parts.extensions, self.client_hops)
    }
}

/// Settings the pages show, from the command line.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// Opening hours shown to residents; `None` uses the translated default.
    pub office_hours: Option<String>,
    /// The public address (`https://antar.example.go.id`), when behind a proxy.
    pub public_url: Option<String>,
}

impl Site {
    /// The settings from the configured opening hours and public address (kept only
    /// when it is an `http://` or `https://` address, without a trailing `/`).
    pub fn new(office_hours: Option<String>, public_url: Option<&str>) -> Site {
        Site {
            office_hours,
            public_url: public_url
                .map(|u| u.trim().trim_end_matches('/').to_owned())
                .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
        }
    }

    /// The site's address as residents and browsers see it: the configured public
    /// address, else the host the request came to.
    pub fn base_url(&self, host: Option<&str>) -> String {
        match &self.public_url {
            Some(url) => url.clone(),
            None => format!("http://{}", host.unwrap_or("localhost")),
        }
    }

    /// Whether cookies must be `Secure` (the public address is https).
    pub fn secure(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// The opening hours in the reader's language.
    pub fn office_hours(&self, tr: Tr) -> String {
        self.office_hours
            .clone()
            .unwrap_or_else(|| tr.t("office-hours-default"))
    }
}

/// The client's address as a handler argument (for the audit log): see
/// [`AppState::client_ip`]. Never refuses.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl axum::extract::FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(state.client_ip(parts)))
    }
}

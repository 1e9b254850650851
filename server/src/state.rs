//! The state every handler reaches ([`AppState`]) and the settings it carries
//! ([`Site`]).
//!
//! Its own module, below both [`crate::http`] and [`crate::web`] and apart from the
//! router that puts them together, so handlers depend on what they share and not on
//! the application that mounts them.

use std::sync::Arc;

use antar_shared::i18n::Tr;
use tokio::sync::Notify;

use crate::issuance::staging::Staging;
use crate::store::Store;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Storage.
    pub store: Store,
    /// Wakes the background publisher after issuing.
    pub publish: Arc<Notify>,
    /// Settings the pages show.
    pub site: Arc<Site>,
    /// Checked CSV imports waiting for the operator's confirmation.
    pub imports: Arc<Staging>,
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

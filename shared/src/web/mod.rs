//! What the server's and the agent's web pages share: the reader's language
//! ([`PageLang`] and the switch route) and the stylesheet. The words come from
//! [`crate::i18n`].
//!
//! Pages are rendered on the server with askama; every user-facing word comes from the
//! Fluent files in `shared/locales/{id,en}/`, Indonesian first. Both crates point
//! askama at `shared/templates/` for the common layout.

mod assets;
pub mod extract;
mod forms;
mod lang;
pub mod qr;
mod urlencode;

pub use assets::{CSS, stylesheet};
pub use forms::HandoverFields;
pub use lang::{LANG_COOKIE, PageLang, cookie, local_path, switch_language};
pub use urlencode::urlencode;

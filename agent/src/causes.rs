//! What lies under a failure: the whole chain of sources, for the log. Kept apart from
//! `failure` so the replica and the transport can use it without depending on the
//! failures built from their own errors. (The I/O cause a person can act on, as a
//! message selector, is `antar_shared::i18n::io_why`.)

use std::error::Error;

/// An error and its sources, one after another (`a: b: c`), for the log.
pub fn chain(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

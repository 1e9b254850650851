//! The languages people read Antar in, and how errors speak to them.
//!
//! Bahasa Indonesia comes first everywhere; English is one switch away. An error a
//! person may read carries a stable machine code and the arguments of its message; the
//! words themselves live in the Fluent files (`shared/locales/*/errors.ftl`, keyed by
//! the code) and are looked up once, at the edge, in the reader's language (see
//! `web::Tr::error`). An error's `Display` is English, for logs.

use serde::{Deserialize, Serialize};

/// A language Antar speaks to people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// Parses a language tag loosely (`id`, `in`, `id-ID`, `en`, `en_US.UTF-8`, ...).
    ///
    /// Anything that is not recognisably English falls back to `None`, so callers pick
    /// the default (Indonesian) rather than guessing.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_', '.'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "id" | "in" | "ind" => Some(Lang::Id),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag, for `lang="…"` attributes and `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// An error a person will read: a stable code, which names its message in the Fluent
/// files, and the message's arguments.
pub trait Localized {
    /// A stable, dotted machine code such as `nik.length`; never translated.
    fn code(&self) -> &'static str;
    /// The message's arguments, by name (`$name` in the Fluent message).
    fn args(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// The Fluent key of an error code's message: its dots as dashes
/// (`rule.not_received` → `rule-not_received`).
pub fn message_key(code: &str) -> String {
    code.replace('.', "-")
}

/// A character as messages quote it: `'x'`.
pub fn quoted(c: char) -> String {
    format!("{c:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_tags() {
        assert_eq!(Lang::parse("id-ID"), Some(Lang::Id));
        assert_eq!(Lang::parse("in"), Some(Lang::Id));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }
}

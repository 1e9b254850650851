//! The languages people read Antar in, and how errors speak to them.
//!
//! Bahasa Indonesia comes first everywhere; English is one switch away. Library errors
//! carry a stable machine code (for APIs, logs and tests) and a human message in both
//! languages, so the server, the agent and the CLI show the same words.

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

/// An error a person will read: a stable code plus a message in each language.
pub trait Localized {
    /// A stable, dotted machine code such as `nik.length`; never translated.
    fn code(&self) -> &'static str;
    /// The message in the given language.
    fn message(&self, lang: Lang) -> String;
}

/// Picks the Indonesian or English text; keeps call sites short.
pub(crate) fn pick(lang: Lang, id: String, en: String) -> String {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
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

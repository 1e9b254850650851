//! Every word Antar shows a person: Fluent files compiled into the binary, looked up by
//! key in the reader's language, once, at the edge (a page, an HTTP answer, a line of
//! command output).
//!
//! - `locales/{id,en}/pages.ftl`: the pages' words, and how ops and statuses read
//!   ([`describe`]).
//! - `locales/{id,en}/errors.ftl`: one message per error code (`nik.length` is
//!   `nik-length`), with the error's arguments ([`Tr::error`]).
//! - `locales/{id,en}/cli.ftl`: what the command lines print.
//!
//! A key missing from a locale shows up as the key itself (never a blank); the tests
//! check both languages define the same keys, every code has a message and every
//! message is used (`tests/tests/i18n.rs`).

mod describe;
mod keys;

pub use keys::{file_keys, keys_used, locale_keys};

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

use crate::lang::{Lang, Localized, message_key};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "id",
        // Isolation marks around arguments would end up in copied text and tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static ID: LanguageIdentifier = langid!("id");
static EN: LanguageIdentifier = langid!("en");

/// Why a file or network operation failed, as a message's `$why` selector: the few
/// causes a person can act on, and `other` (the details belong in the log). Messages
/// that take it choose their words with `{ $why -> [not_found] … *[other] … }`.
pub fn io_why(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as Io;
    match e.kind() {
        Io::NotFound => "not_found",
        Io::PermissionDenied | Io::ReadOnlyFilesystem => "permission",
        Io::StorageFull | Io::QuotaExceeded => "full",
        Io::AlreadyExists => "exists",
        Io::AddrInUse | Io::ResourceBusy | Io::ExecutableFileBusy => "in_use",
        _ => "other",
    }
}

/// A page's translator: the reader's language plus lookups. Cheap to copy into every
/// template.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tr {
    /// The reader's language.
    pub lang: Lang,
}

impl Tr {
    /// A translator for a language.
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    fn id(&self) -> &'static LanguageIdentifier {
        match self.lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    fn lookup(&self, key: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        LOCALES
            .try_lookup_complete(self.id(), key, args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// A count as the reader writes it: `1.000` in Indonesian, `1,000` in English.
    pub fn count(&self, n: impl std::borrow::Borrow<i64>) -> String {
        let n = *n.borrow();
        let digits = n.unsigned_abs().to_string();
        let separator = match self.lang {
            crate::Lang::Id => '.',
            crate::Lang::En => ',',
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(separator);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }

    /// The text of a key.
    pub fn t(&self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// The text of a key with one text argument `$name`.
    pub fn t1(&self, key: &str, name: &'static str, value: impl std::fmt::Display) -> String {
        let mut args = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(value.to_string()));
        self.lookup(key, Some(&args))
    }

    /// The text of a key with two text arguments.
    pub fn t2(
        &self,
        key: &str,
        a: &'static str,
        a_value: impl std::fmt::Display,
        b: &'static str,
        b_value: impl std::fmt::Display,
    ) -> String {
        let mut args = HashMap::new();
        args.insert(Cow::Borrowed(a), FluentValue::from(a_value.to_string()));
        args.insert(Cow::Borrowed(b), FluentValue::from(b_value.to_string()));
        self.lookup(key, Some(&args))
    }

    /// The text of a key with three text arguments.
    pub fn t3(
        &self,
        key: &str,
        a: (&'static str, &dyn std::fmt::Display),
        b: (&'static str, &dyn std::fmt::Display),
        c: (&'static str, &dyn std::fmt::Display),
    ) -> String {
        let mut args = HashMap::new();
        for (name, value) in [a, b, c] {
            args.insert(Cow::Borrowed(name), FluentValue::from(value.to_string()));
        }
        self.lookup(key, Some(&args))
    }

    /// The text of a key with named text arguments.
    pub fn with(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
            .collect();
        self.lookup(key, Some(&args))
    }

    /// An error's message in this language, from its code and arguments.
    pub fn error(&self, error: &dyn Localized) -> String {
        self.with(&message_key(error.code()), &error.args())
    }

    /// An error that came as a code and arguments (an API's error body): its message in
    /// this language, or `fallback` when this build has no message for the code (a newer
    /// server's).
    pub fn coded(
        &self,
        code: &str,
        args: &std::collections::BTreeMap<String, String>,
        fallback: &str,
    ) -> String {
        let key = message_key(code);
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| (Cow::Owned(name.clone()), FluentValue::from(value.clone())))
            .collect();
        LOCALES
            .try_lookup_complete(self.id(), &key, Some(&args))
            .unwrap_or_else(|| fallback.to_owned())
    }

    /// The text of a key with a count `$n` (plural rules apply).
    pub fn n(&self, key: &str, n: impl std::borrow::Borrow<i64>) -> String {
        let mut args = HashMap::new();
        args.insert(Cow::Borrowed("n"), FluentValue::from(*n.borrow()));
        self.lookup(key, Some(&args))
    }

    /// "5 minutes ago", coarse and human: seconds since an event.
    pub fn ago(&self, seconds: i64) -> String {
        let s = seconds.max(0);
        match s {
            0..=59 => self.t("ago-now"),
            60..=3_599 => self.n("ago-minutes", s / 60),
            3_600..=86_399 => self.n("ago-hours", s / 3_600),
            _ => self.n("ago-days", s / 86_400),
        }
    }

    /// A document kind's name in this language (`kind-*` keys).
    pub fn kind(&self, kind: impl std::borrow::Borrow<crate::kind::DocumentKind>) -> String {
        self.t(&format!("kind-{}", kind.borrow().code()))
    }

    /// The other language (the one the switch link offers).
    pub fn other(&self) -> Lang {
        match self.lang {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The switch link's label, in the language it switches to.
    pub fn other_label(&self) -> &'static str {
        match self.lang {
            Lang::Id => "English",
            Lang::En => "Bahasa Indonesia",
        }
    }

    /// `lang="…"` for the page.
    pub fn tag(&self) -> &'static str {
        self.lang.tag()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_define_the_same_keys() {
        let id = locale_keys(Lang::Id);
        let en = locale_keys(Lang::En);
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(only_id.is_empty(), "only in id: {only_id:?}");
        assert!(only_en.is_empty(), "only in en: {only_en:?}");
        assert!(id.len() > 10);
    }

    #[test]
    fn looks_up_with_arguments_and_plurals() {
        let id = Tr::new(Lang::Id);
        let en = Tr::new(Lang::En);
        assert_eq!(id.ago(7_200), "2 jam lalu");
        assert_eq!(en.ago(7_200), "2 hours ago");
        assert_eq!(en.ago(3_600), "1 hour ago");
        assert_eq!(en.t("no-such-key"), "no-such-key");
        assert!(!id.t("app-name").is_empty());
    }

    #[test]
    fn finds_keys_in_templates() {
        let keys =
            keys_used(r#"{{ tr.t("a-b") }} {{ tr.n("c", 2) }} format!("x") tr.t1("d", "n", x)"#);
        assert_eq!(keys.into_iter().collect::<Vec<_>>(), vec!["a-b", "c", "d"]);
    }
}

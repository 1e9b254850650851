//! The keys the Fluent files define and the keys source text looks up, so tests can
//! compare the two languages and find missing or unused messages.

use std::collections::BTreeSet;

use crate::lang::Lang;

/// The Fluent files of a language: the pages', the errors', and the command lines'.
fn files(lang: Lang) -> [(&'static str, &'static str); 3] {
    match lang {
        Lang::Id => [
            ("pages", include_str!("../../locales/id/pages.ftl")),
            ("errors", include_str!("../../locales/id/errors.ftl")),
            ("cli", include_str!("../../locales/id/cli.ftl")),
        ],
        Lang::En => [
            ("pages", include_str!("../../locales/en/pages.ftl")),
            ("errors", include_str!("../../locales/en/errors.ftl")),
            ("cli", include_str!("../../locales/en/cli.ftl")),
        ],
    }
}

fn keys_in(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .collect()
}

/// The keys a locale defines (for tests that compare the two languages).
pub fn locale_keys(lang: Lang) -> BTreeSet<String> {
    files(lang)
        .iter()
        .flat_map(|(_, text)| keys_in(text))
        .collect()
}

/// The keys one file of a locale defines (`pages`, `errors` or `cli`).
pub fn file_keys(lang: Lang, file: &str) -> BTreeSet<String> {
    files(lang)
        .iter()
        .filter(|(name, _)| *name == file)
        .flat_map(|(_, text)| keys_in(text))
        .collect()
}

/// Keys a template or source text looks up as `t("key"`, `t1("key"`, `t2("key"` or
/// `n("key"`, so a test can check each exists in both locales.
pub fn keys_used(text: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for call in ["t(\"", "t1(\"", "t2(\"", "t3(\"", "n(\""] {
        let mut rest = text;
        while let Some(at) = rest.find(call) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + call.len()..];
            if before != Some('.') {
                continue;
            }
            if let Some(end) = rest.find('"') {
                let key = &rest[..end];
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    keys.insert(key.to_owned());
                }
            }
        }
    }
    keys
}

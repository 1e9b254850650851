//! Every word of the agent exists in both languages: each key the templates, the
//! handlers and the commands look up is defined in Indonesian and English, and every
//! `clerk-` page key and `agent-` command-line key defined is used (no stale words).

use std::collections::BTreeSet;
use std::path::Path;

use antar_shared::Lang;
use antar_shared::i18n::{file_keys, keys_used, locale_keys};

/// Files under `dir` whose names end with `ext`, read whole.
fn texts(dir: &Path, ext: &str, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            texts(&path, ext, out);
        } else if path.to_string_lossy().ends_with(ext) {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), text));
        }
    }
}

/// Source text with the white space after `(` removed, so a call that rustfmt broke
/// over lines (`tr.t2(\n    "key"`) is found like a one-line call.
fn joined(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_paren = false;
    for c in text.chars() {
        if after_paren && c.is_whitespace() {
            continue;
        }
        after_paren = c == '(';
        out.push(c);
    }
    out
}

/// The templates and the crate's source, test files left out.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    texts(&root.join("templates"), ".html", &mut files);
    texts(&root.join("src"), ".rs", &mut files);
    assert!(
        files.len() >= 60,
        "templates and sources found: {}",
        files.len()
    );
    files
        .into_iter()
        .filter(|(path, _)| !path.ends_with("tests.rs"))
        .collect()
}

fn used() -> Vec<(String, BTreeSet<String>)> {
    sources()
        .into_iter()
        // `tr.with("key", …)` looks a key up too.
        .map(|(path, text)| (path, keys_used(&joined(&text).replace(".with(\"", ".t(\""))))
        .collect()
}

#[test]
fn every_key_used_exists_in_both_languages() {
    let id = locale_keys(Lang::Id);
    let en = locale_keys(Lang::En);
    let mut all = BTreeSet::new();
    for (path, keys) in used() {
        for key in keys {
            assert!(id.contains(&key), "{path}: {key} missing in id");
            assert!(en.contains(&key), "{path}: {key} missing in en");
            all.insert(key);
        }
    }
    assert!(
        all.len() > 150,
        "only {} keys found: the scan is broken",
        all.len()
    );
}

#[test]
fn every_clerk_key_defined_is_used() {
    let used: BTreeSet<String> = used().into_iter().flat_map(|(_, k)| k).collect();
    let stale: Vec<_> = file_keys(Lang::Id, "pages")
        .into_iter()
        .filter(|k| k.starts_with("clerk-") && !used.contains(k))
        .collect();
    assert!(stale.is_empty(), "defined but unused: {stale:?}");
}

/// A command-line key may be chosen first and looked up later (`let key = "…"`): it
/// must at least appear as a literal.
#[test]
fn every_agent_key_defined_is_used() {
    let text: String = sources().into_iter().map(|(_, t)| t).collect();
    let stale: Vec<_> = file_keys(Lang::Id, "cli")
        .into_iter()
        .filter(|k| k.starts_with("agent-") && !text.contains(&format!("\"{k}\"")))
        .collect();
    assert!(stale.is_empty(), "defined but unused: {stale:?}");
}

#[test]
fn multi_line_calls_are_found() {
    let keys = keys_used(&joined("tr.t2(\n    \"clerk-a\",\n    \"x\", 1)"));
    assert!(keys.contains("clerk-a"));
}

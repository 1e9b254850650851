//! One way to speak two languages: every word a person reads comes from the Fluent files
//! (`shared/locales/{id,en}/{pages,errors,cli}.ftl`), and those files match the code.
//!
//! - every error code in the source has a message in both languages, and every message
//!   in `errors.ftl` belongs to a code the source still raises;
//! - every key the source and the templates look up exists in both languages, and every
//!   key the files define is looked up somewhere;
//! - no inline Indonesian/English pairs are left (`say(`, `pick(`, `message_en`).
//!
//! Rendered pages are checked for English words in `browser.rs` (see
//! `antar_tests::english_words`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use antar_shared::Lang;
use antar_shared::i18n::{Tr, file_keys, keys_used};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file under `dir` whose name ends with `ext`.
fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.to_string_lossy().ends_with(ext) {
            out.push(path);
        }
    }
}

/// Whether a source file is test code as a whole.
fn is_test_file(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    let inside = path.strip_prefix(root()).unwrap_or(path);
    name == "tests.rs"
        || name.ends_with("_tests.rs")
        || inside.components().any(|c| c.as_os_str() == "tests")
}

/// Where a file's inline test module starts (`#[cfg(test)]` then `mod … {`); a
/// `#[cfg(test)] mod tests;` line only names another file.
fn test_module(text: &str) -> Option<usize> {
    let marker = "\n#[cfg(test)]\n";
    let mut from = 0;
    while let Some(at) = text[from..].find(marker).map(|i| i + from) {
        let next = text[at + marker.len()..].lines().next().unwrap_or_default();
        if next.starts_with("mod ") && next.trim_end().ends_with('{') {
            return Some(at);
        }
        from = at + marker.len();
    }
    None
}

/// The non-test Rust source of the three crates, each file cut at its test module.
fn sources() -> BTreeMap<PathBuf, String> {
    let mut paths = Vec::new();
    for krate in ["shared/src", "server/src", "agent/src"] {
        files(&root().join(krate), ".rs", &mut paths);
    }
    paths
        .into_iter()
        .filter(|p| !is_test_file(p))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let cut = test_module(&text).unwrap_or(text.len());
            (p, text[..cut].to_owned())
        })
        .collect()
}

/// Every page template.
fn templates() -> BTreeMap<PathBuf, String> {
    let mut paths = Vec::new();
    for dir in ["shared/templates", "server/templates", "agent/templates"] {
        files(&root().join(dir), ".html", &mut paths);
    }
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// The string literals of Rust source (plain `"…"` ones; escapes kept as written).
fn literals(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // A line comment: skip to its end (doc comments quote codes in backticks).
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            // A char literal such as '"': skip it whole.
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'') => i += 4,
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                out.push(&text[start..i.min(bytes.len())]);
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Whether a literal is shaped like an error code: dotted lower-case snake words.
fn code_shaped(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            p.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

/// File names and other dotted words that are not error codes.
fn not_a_code(s: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        "db", "csv", "json", "html", "txt", "ftl", "sql", "png", "svg", "toml", "key", "pem",
        "log", "tmp", "bak", "gz", "js", "css", "wal", "shm", "lock", "sqlite", "bin", "pdf", "rs",
    ];
    // Names another protocol defines: Meta's webhook check (`hub.mode=subscribe`…).
    const FOREIGN: &[&str] = &["hub.mode", "hub.challenge", "hub.verify_token"];
    let last = s.rsplit('.').next().unwrap_or_default();
    EXTENSIONS.contains(&last) || FOREIGN.contains(&s)
}

/// Codes with no dot: only the server's generic answer to its own failures.
const UNDOTTED_CODES: &[&str] = &["internal"];

/// The error codes the source raises: every code-shaped literal.
fn codes_in_source() -> BTreeMap<String, PathBuf> {
    let mut codes: BTreeMap<String, PathBuf> = UNDOTTED_CODES
        .iter()
        .map(|c| (c.to_string(), root().join("server/src/error.rs")))
        .collect();
    for (path, text) in sources() {
        for lit in literals(&text) {
            if code_shaped(lit) && !not_a_code(lit) {
                codes.entry(lit.to_owned()).or_insert_with(|| path.clone());
            }
        }
    }
    codes
}

fn key_of(code: &str) -> String {
    antar_shared::lang::message_key(code)
}

#[test]
fn every_error_code_has_a_message_in_both_languages() {
    let codes = codes_in_source();
    assert!(codes.len() > 50, "found only {} codes", codes.len());
    for lang in [Lang::Id, Lang::En] {
        let defined = file_keys(lang, "errors");
        let missing: Vec<String> = codes
            .iter()
            .filter(|(code, _)| !defined.contains(&key_of(code)))
            .map(|(code, path)| format!("{code} ({})", path.display()))
            .collect();
        assert!(
            missing.is_empty(),
            "codes with no message in errors.ftl ({lang:?}):\n{}",
            missing.join("\n")
        );
    }
}

#[test]
fn every_error_message_belongs_to_a_code_the_source_raises() {
    let keys: BTreeSet<String> = codes_in_source().keys().map(|c| key_of(c)).collect();
    for lang in [Lang::Id, Lang::En] {
        let unused: Vec<String> = file_keys(lang, "errors")
            .into_iter()
            .filter(|k| !keys.contains(k))
            .collect();
        assert!(
            unused.is_empty(),
            "messages in errors.ftl ({lang:?}) no code uses:\n{}",
            unused.join("\n")
        );
    }
}

/// Every text that can look a key up: sources and templates.
fn all_text() -> String {
    let mut text = String::new();
    for (_, s) in sources().into_iter().chain(templates()) {
        text.push_str(&s);
        text.push('\n');
    }
    text
}

#[test]
fn every_key_looked_up_exists_in_both_languages() {
    let text = all_text();
    let mut used = keys_used(&text);
    // `tr.with("key", …)` too.
    used.extend(keys_used(&text.replace(".with(\"", ".t(\"")));
    assert!(used.len() > 100, "found only {} keys", used.len());
    for lang in [Lang::Id, Lang::En] {
        let defined: BTreeSet<String> = ["pages", "errors", "cli"]
            .into_iter()
            .flat_map(|f| file_keys(lang, f))
            .collect();
        let missing: Vec<&String> = used.iter().filter(|k| !defined.contains(*k)).collect();
        assert!(
            missing.is_empty(),
            "keys looked up but not defined ({lang:?}): {missing:?}"
        );
    }
}

#[test]
fn every_page_and_command_line_key_is_used() {
    let text = all_text();
    // Keys made up at run time, such as `format!("status-{}", …)`: their prefixes.
    let dynamic: Vec<&str> = literals(&text)
        .into_iter()
        .filter_map(|l| {
            l.strip_suffix("{}")
                .or_else(|| l.split_once("-{").map(|(p, _)| p))
        })
        .filter(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
        })
        .collect();
    for lang in [Lang::Id, Lang::En] {
        for file in ["pages", "cli"] {
            let unused: Vec<String> = file_keys(lang, file)
                .into_iter()
                .filter(|k| !text.contains(&format!("\"{k}\"")))
                .filter(|k| !dynamic.iter().any(|p| k.starts_with(p)))
                .collect();
            assert!(
                unused.is_empty(),
                "keys in {file}.ftl ({lang:?}) nothing looks up:\n{}",
                unused.join("\n")
            );
        }
    }
}

#[test]
fn the_files_load_and_both_languages_say_things_differently() {
    let (id, en) = (Tr::new(Lang::Id), Tr::new(Lang::En));
    // Loading parses every file: a syntax error anywhere fails here.
    assert_eq!(id.t("app-name"), "Antar");
    let keys = file_keys(Lang::Id, "pages");
    let same: Vec<&String> = keys
        .iter()
        .filter(|k| {
            let (a, b) = (id.t(k), en.t(k));
            a == b && a.split_whitespace().count() > 3
        })
        .collect();
    assert!(same.is_empty(), "long texts not translated: {same:?}");
}

#[test]
fn no_inline_language_pairs_are_left() {
    for (path, text) in sources() {
        for needle in ["say(", "pick(", "message_en"] {
            assert!(
                !text.contains(needle),
                "{} still has `{needle}`",
                path.display()
            );
        }
    }
}

#[test]
fn the_scanner_finds_codes_and_skips_file_names() {
    let lits = literals(
        r#"let a = "nik.length"; // "not.this"
        let c = '"'; let b = "antar.db"; let d = "x\"y.z";"#,
    );
    assert_eq!(lits, vec!["nik.length", "antar.db", "x\\\"y.z"]);
    assert!(code_shaped("nik.length") && code_shaped("a.b_c.d2"));
    assert!(!code_shaped("Nik.length") && !code_shaped("nik") && !code_shaped("a..b"));
    assert!(not_a_code("antar.db") && !not_a_code("sync.wrong_desa"));
}

/// The words of an `.ftl` file people read: no comments, keys, variables or variant
/// names.
fn ftl_words(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with('#') {
            continue;
        }
        let value = match line.split_once(" = ") {
            Some((key, value)) if !key.contains(' ') => value,
            _ => line,
        };
        // `[variant] text` and `*[variant] text`: the text only.
        let value = match value.trim_start_matches('*').strip_prefix('[') {
            Some(rest) => rest.split_once(']').map_or("", |(_, text)| text),
            None => value,
        };
        // Placeables (`{ $name }`, `{ $n -> …`) and commands in backticks
        // (`antar-server dispatch list`) are not words to translate.
        let (mut depth, mut quoted) = (0, false);
        for c in value.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                '`' => quoted = !quoted,
                c if depth == 0 && !quoted => out.push(c),
                _ => {}
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn no_indonesian_message_has_english_words() {
    let dir = root().join("shared/locales/id");
    let mut paths = Vec::new();
    files(&dir, ".ftl", &mut paths);
    assert_eq!(paths.len(), 3, "pages, errors, cli");
    for path in paths {
        let words = ftl_words(&std::fs::read_to_string(&path).unwrap());
        for line in words.lines() {
            let english = antar_tests::english_words(line);
            assert!(
                english.is_empty(),
                "{}: English words {english:?} in {line:?}",
                path.display()
            );
        }
    }
}

#[test]
fn every_op_reads_in_indonesian_without_english_words() {
    use antar_shared::doc::{
        Condition, Handover, IdDocument, OpBody, Outcome, Relation, Resolution,
    };
    use antar_shared::sample::Sampler;
    use antar_shared::text::{PersonName, Reason};

    let mut sampler = Sampler::new(11);
    let desa = antar_shared::sample::bima_desa()[0];
    let (issue, _) = sampler.issue(desa, false);
    let dispatch = antar_shared::doc::DispatchId(issue.tracking);
    let reason = Reason::parse("pindah domisili").unwrap();
    let handover = Handover {
        recipient: PersonName::parse("Siti Aminah").unwrap(),
        relation: Relation::Family,
        id_shown: IdDocument::Kk,
        nik_verified: true,
        evidence: None,
        clerk: PersonName::parse("Nurhayati").unwrap(),
    };
    let bodies = vec![
        OpBody::Issue(issue),
        OpBody::Receive {
            dispatch,
            condition: Condition::Damaged,
            found: false,
            correction: Some(reason.clone()),
            seen: Default::default(),
        },
        OpBody::Handover {
            dispatch,
            handover: handover.clone(),
            correction: None,
            seen: Default::default(),
        },
        OpBody::Return {
            dispatch,
            reason: reason.clone(),
            correction: None,
            seen: Default::default(),
        },
        OpBody::Recall {
            dispatch,
            reason: reason.clone(),
            seen: Default::default(),
        },
        OpBody::Resolve {
            dispatch,
            choice: Resolution::Outcome(Outcome::Cleared),
            seen: Default::default(),
        },
        OpBody::Resolve {
            dispatch,
            choice: Resolution::Arrival(Condition::Missing),
            seen: Default::default(),
        },
    ];
    let (id, en) = (Tr::new(Lang::Id), Tr::new(Lang::En));
    for body in &bodies {
        let mut text = id.op(body);
        for line in id.op_details(body) {
            text.push('\n');
            text.push_str(&line);
        }
        text.push('\n');
        text.push_str(&id.author(
            antar_shared::doc::ActorId::SERVER,
            body,
            None,
            Some("operator1"),
        ));
        assert!(antar_tests::english_words(&text).is_empty(), "{text}");
        assert_ne!(text.lines().next(), Some(en.op(body).as_str()));
    }
    assert!(!antar_tests::english_words("Sinkron gagal: error sending request").is_empty());
}

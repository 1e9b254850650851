//! Short free-text fields (names, document numbers, reasons, notes) with hard limits.
//!
//! Text typed by a person is *normalised* when parsed (trimmed, runs of white space
//! folded to one space). Text arriving from another replica is *checked* instead: it
//! must already be in normal form, because every replica must hold byte-identical ops;
//! silently rewriting a peer's op would make replicas disagree.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::Localized;

/// Why a text field was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    /// Nothing but white space.
    #[error("{field} is empty")]
    Empty {
        /// Which field, in English, for the message.
        field: &'static str,
    },
    /// Longer than the field allows.
    #[error("{field} is too long: {len} characters, at most {max}")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// Its length in characters.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Holds a control character (a newline, a tab, a NUL...).
    #[error("{field} contains a control character")]
    Control {
        /// Which field.
        field: &'static str,
    },
    /// Holds sixteen digits in a row (spaced or not): a NIK, which belongs only in the
    /// NIK field, never in a name, a note or a reason that travels to a desa.
    #[error("{field} contains a NIK-shaped number")]
    NikShaped {
        /// Which field.
        field: &'static str,
    },
    /// Received from a peer with untrimmed or doubled white space.
    #[error("{field} is not normalised")]
    NotNormalised {
        /// Which field.
        field: &'static str,
    },
}

impl Localized for TextError {
    fn code(&self) -> &'static str {
        match self {
            TextError::Empty { .. } => "text.empty",
            TextError::TooLong { .. } => "text.too_long",
            TextError::Control { .. } => "text.control_character",
            TextError::NotNormalised { .. } => "text.not_normalised",
            TextError::NikShaped { .. } => "text.nik_shaped",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            TextError::Empty { field }
            | TextError::Control { field }
            | TextError::NotNormalised { field }
            | TextError::NikShaped { field } => vec![("field", (*field).to_owned())],
            TextError::TooLong { field, len, max } => vec![
                ("field", (*field).to_owned()),
                ("len", len.to_string()),
                ("max", max.to_string()),
            ],
        }
    }
}

/// Whether the text holds sixteen or more digits in a row, counting digits separated by
/// one space, dot or dash as a row (`5206 0345 0790 0001`, `5206-0345-...`).
pub fn nik_shaped(text: &str) -> bool {
    let mut run = 0;
    let mut after_separator = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            run += 1;
            after_separator = false;
            if run >= 16 {
                return true;
            }
        } else if matches!(c, ' ' | '.' | '-') && run > 0 && !after_separator {
            after_separator = true;
        } else {
            run = 0;
            after_separator = false;
        }
    }
    false
}

/// A CSV cell a spreadsheet will not run as a formula (CSV injection): text whose first
/// non-blank character is `=`, `+`, `-` or `@`, or that starts with a tab or a carriage
/// return, gets a leading `'`. Every CSV file Antar writes passes its cells through
/// this.
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let risky =
        text.starts_with(['\t', '\r']) || text.trim_start().starts_with(['=', '+', '-', '@']);
    if risky {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// Refuses a NIK in a field that is not for one (every field but a document number).
fn no_nik(text: &str, field: &'static str, nik_allowed: bool) -> Result<(), TextError> {
    if !nik_allowed && nik_shaped(text) {
        return Err(TextError::NikShaped { field });
    }
    Ok(())
}

/// Trims, folds white space, and checks the limits.
fn normalise(input: &str, field: &'static str, max: usize) -> Result<String, TextError> {
    // A tab is folded like a space (pasted from a spreadsheet); a line break is refused,
    // since these fields are printed on one line of a manifest or a notice.
    if input.chars().any(|c| c.is_control() && c != '\t') {
        return Err(TextError::Control { field });
    }
    let folded = input.split_whitespace().collect::<Vec<_>>().join(" ");
    check(&folded, field, max)?;
    Ok(folded)
}

/// Checks text that must already be normalised (from the wire).
fn check(text: &str, field: &'static str, max: usize) -> Result<(), TextError> {
    if text.is_empty() {
        return Err(TextError::Empty { field });
    }
    if text.chars().any(char::is_control) {
        return Err(TextError::Control { field });
    }
    let len = text.chars().count();
    if len > max {
        return Err(TextError::TooLong { field, len, max });
    }
    if text.split_whitespace().collect::<Vec<_>>().join(" ") != text {
        return Err(TextError::NotNormalised { field });
    }
    Ok(())
}

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $field:literal, $max:expr, nik_allowed: $nik:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The longest value accepted, in characters.
            pub const MAX_CHARS: usize = $max;

            /// Parses what a person typed: trims and folds white space, then checks limits.
            pub fn parse(input: &str) -> Result<Self, TextError> {
                let text = normalise(input, $field, $max)?;
                no_nik(&text, $field, $nik)?;
                Ok(Self(text))
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = TextError;

            /// Accepts only text already in normal form (see the module docs).
            fn try_from(value: String) -> Result<Self, TextError> {
                check(&value, $field, $max)?;
                no_nik(&value, $field, $nik)?;
                Ok(Self(value))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }
    };
}

bounded_text!(
    /// A person's name: a document holder, a recipient, a clerk or a courier.
    PersonName,
    "name",
    100,
    nik_allowed: false
);
bounded_text!(
    /// The number printed on a document (KK number, akta register number...).
    DocNumber,
    "document_number",
    64,
    nik_allowed: true
);
impl DocNumber {
    /// What a replica holds as the number of a KTP-el or a KIA, whose number is the
    /// holder's NIK: the word `NIK`, no digit.
    pub fn nik_word() -> Self {
        DocNumber("NIK".to_owned())
    }

    /// Whether this is [`DocNumber::nik_word`].
    pub fn is_nik_word(&self) -> bool {
        self.0 == "NIK"
    }
}

bounded_text!(
    /// Why a document was returned or recalled.
    Reason,
    "reason",
    280,
    nik_allowed: false
);
bounded_text!(
    /// A desa office's opening hours as residents read them ("Senin–Kamis 08.00–12.00").
    OfficeHours,
    "opening_hours",
    120,
    nik_allowed: false
);
bounded_text!(
    /// A free note on a dispatch.
    NoteText,
    "note",
    500,
    nik_allowed: false
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_normalises_what_people_type() {
        let name = PersonName::parse("  Siti   Aminah ").unwrap();
        assert_eq!(name.as_str(), "Siti Aminah");
        assert_eq!(
            PersonName::parse("   ").unwrap_err(),
            TextError::Empty { field: "name" }
        );
        assert!(matches!(
            PersonName::parse("Siti\nAminah"),
            Err(TextError::Control { .. })
        ));
        assert!(matches!(
            PersonName::parse(&"a".repeat(101)),
            Err(TextError::TooLong {
                len: 101,
                max: 100,
                ..
            })
        ));
        assert!(
            PersonName::parse(&"é".repeat(100)).is_ok(),
            "limit counts characters, not bytes"
        );
    }

    #[test]
    fn wire_text_must_already_be_normal() {
        let ok: PersonName = serde_json::from_str("\"Muhammad Saleh\"").unwrap();
        assert_eq!(ok.as_str(), "Muhammad Saleh");
        assert!(serde_json::from_str::<PersonName>("\" Muhammad\"").is_err());
        assert!(serde_json::from_str::<PersonName>("\"Muhammad  Saleh\"").is_err());
        assert!(serde_json::from_str::<Reason>("\"\"").is_err());
    }

    #[test]
    fn errors_name_their_code_and_field() {
        let err = DocNumber::parse("").unwrap_err();
        assert_eq!(err.code(), "text.empty");
        assert_eq!(err.args(), vec![("field", "document_number".to_owned())]);
    }

    #[test]
    fn a_nik_is_refused_in_names_notes_and_reasons() {
        for typed in [
            "Siti 5206034507900001",
            "5206 0345 0790 0001",
            "NIK: 5206-0345-0790-0001",
            "5206.0345.0790.0001 Aminah",
        ] {
            let err = PersonName::parse(typed).unwrap_err();
            assert_eq!(err, TextError::NikShaped { field: "name" }, "{typed}");
            assert_eq!(err.code(), "text.nik_shaped");
            assert!(NoteText::parse(typed).is_err(), "{typed}");
            assert!(Reason::parse(typed).is_err(), "{typed}");
        }
        // From a peer too: a replica never keeps one.
        assert!(serde_json::from_str::<Reason>("\"rusak 5206034507900001\"").is_err());
        // Shorter runs are fine: a phone number, a date, a KK page count.
        for fine in [
            "Hubungi 0812 3456 7890",
            "Rusak sejak 12-03-2026",
            "474/0000123/DKPS/2026",
        ] {
            assert!(NoteText::parse(fine).is_ok(), "{fine}");
        }
        // A document number may be sixteen digits (a KK number is).
        assert!(DocNumber::parse("5206030101240001").is_ok());
    }

    #[test]
    fn spreadsheet_formulas_are_defused() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"klik\")",
            "+1+cmd|' /C calc'!A0",
            "-1+1",
            "@SUM(A1:A9)",
            "  =1+1",
            "\t=1",
        ] {
            assert_eq!(spreadsheet_safe(risky), format!("'{risky}"), "{risky}");
        }
        assert_eq!(spreadsheet_safe("Siti Aminah"), "Siti Aminah");
        assert_eq!(spreadsheet_safe("************0001"), "************0001");
    }
}

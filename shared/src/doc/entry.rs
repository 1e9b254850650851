//! A handover as a person typed it — the clerk at the desa, or a Dukcapil operator
//! writing from a desa's paper register — and the checks both make before the NIK is
//! compared: names and reasons valid, a NIK that is a NIK, and a correction that names
//! the holder's NIK again (`docs/custody.md`).

use super::op::{BlobHash, Handover, IdDocument, Relation};
use crate::lang::Localized;
use crate::nik::{Nik, NikError};
use crate::text::{PersonName, Reason, TextError};

/// What was typed for a handover, unchecked.
#[derive(Clone, Debug)]
pub struct HandoverEntry {
    /// Who takes it.
    pub recipient: String,
    /// Their relation to the holder.
    pub relation: Relation,
    /// The ID document looked at.
    pub id_shown: IdDocument,
    /// The holder's NIK as typed (checked against the dispatch, never stored).
    pub nik: Option<String>,
    /// The clerk who hands it over.
    pub clerk: String,
    /// Received and handed over in one go ("terima dan serahkan"): the document is
    /// handed over as it arrives.
    pub receive_first: bool,
    /// This corrects an earlier handover or return, with why (the NIK is required).
    pub correction: Option<String>,
}

/// A handover entry whose fields are valid; the NIK is still to be compared.
#[derive(Clone, Debug)]
pub struct CheckedEntry {
    /// Who takes it.
    pub recipient: PersonName,
    /// The clerk.
    pub clerk: PersonName,
    /// The typed NIK, well-formed.
    pub nik: Option<Nik>,
    /// Why this corrects an earlier record, if it does.
    pub correction: Option<Reason>,
}

/// Why a handover entry was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// A name or a reason is not valid.
    #[error(transparent)]
    Text(#[from] TextError),
    /// The typed NIK is not a NIK.
    #[error(transparent)]
    Nik(#[from] NikError),
    /// A correction of a handover must check the holder's NIK again.
    #[error("a corrected handover must check the holder's NIK again")]
    CorrectionNeedsNik,
}

impl Localized for EntryError {
    fn code(&self) -> &'static str {
        match self {
            EntryError::Text(e) => e.code(),
            EntryError::Nik(e) => e.code(),
            EntryError::CorrectionNeedsNik => "handover.correction_needs_nik",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            EntryError::Text(e) => e.args(),
            EntryError::Nik(e) => e.args(),
            EntryError::CorrectionNeedsNik => Vec::new(),
        }
    }
}

impl HandoverEntry {
    /// Checks every typed field; the first problem refuses the entry.
    pub fn check(&self) -> Result<CheckedEntry, EntryError> {
        let recipient = PersonName::parse(&self.recipient)?;
        let clerk = PersonName::parse(&self.clerk)?;
        let correction = self.correction.as_deref().map(Reason::parse).transpose()?;
        let nik = self.nik.as_deref().map(Nik::parse).transpose()?;
        if correction.is_some() && nik.is_none() {
            return Err(EntryError::CorrectionNeedsNik);
        }
        Ok(CheckedEntry {
            recipient,
            clerk,
            nik,
            correction,
        })
    }
}

impl CheckedEntry {
    /// The handover to record, once the NIK was compared (`nik_verified`) and any
    /// signature stored (`evidence`).
    pub fn handover(
        &self,
        entry: &HandoverEntry,
        nik_verified: bool,
        evidence: Option<BlobHash>,
    ) -> Handover {
        Handover {
            recipient: self.recipient.clone(),
            relation: entry.relation,
            id_shown: entry.id_shown,
            nik_verified,
            evidence,
            clerk: self.clerk.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> HandoverEntry {
        HandoverEntry {
            recipient: "  Siti   Aminah ".into(),
            relation: Relation::Family,
            id_shown: IdDocument::Kk,
            nik: None,
            clerk: "Nurhayati".into(),
            receive_first: false,
            correction: None,
        }
    }

    #[test]
    fn checks_names_nik_and_corrections() {
        let checked = entry().check().unwrap();
        assert_eq!(checked.recipient.as_str(), "Siti Aminah");
        let handover = checked.handover(&entry(), false, None);
        assert_eq!(handover.relation, Relation::Family);

        let no_name = HandoverEntry {
            recipient: " ".into(),
            ..entry()
        };
        assert_eq!(no_name.check().unwrap_err().code(), "text.empty");
        let bad_nik = HandoverEntry {
            nik: Some("123".into()),
            ..entry()
        };
        assert_eq!(bad_nik.check().unwrap_err().code(), "nik.length");
        let correction = HandoverEntry {
            correction: Some("salah nama penerima".into()),
            ..entry()
        };
        assert_eq!(
            correction.check().unwrap_err(),
            EntryError::CorrectionNeedsNik
        );
        let corrected = HandoverEntry {
            nik: Some("5206034507900001".into()),
            ..correction
        };
        assert!(corrected.check().is_ok());
    }
}

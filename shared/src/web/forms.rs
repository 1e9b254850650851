//! Forms that the clerk's pages and the dashboard both post, read the same way.

use serde::Deserialize;

use crate::doc::{HandoverEntry, IdDocument, Relation};

/// The handover form's fields, named in Indonesian as the browser shows them: the
/// clerk's handover page and the dashboard's "for a desa" form post the same names.
#[derive(Debug, Default, Deserialize)]
pub struct HandoverFields {
    /// Who takes it.
    #[serde(default)]
    pub penerima: String,
    /// Their relation to the holder (a [`Relation`] code).
    #[serde(default)]
    pub hubungan: String,
    /// The ID document looked at (an [`IdDocument`] code).
    #[serde(default)]
    pub identitas: String,
    /// The holder's NIK, when typed.
    pub nik: Option<String>,
    /// The clerk who hands it over.
    #[serde(default)]
    pub petugas: String,
    /// "Terima dan serahkan": received and handed over at once (the dashboard's form).
    pub terima: Option<String>,
    /// Why this corrects an earlier record (the dashboard's form).
    pub koreksi: Option<String>,
    /// The recipient's signature as a PNG data URL (the clerk's page).
    pub signature: Option<String>,
}

impl HandoverFields {
    /// The relation chosen, if it is one of the form's choices.
    pub fn relation(&self) -> Option<Relation> {
        Relation::parse(&self.hubungan)
    }

    /// The ID document chosen, if it is one of the form's choices.
    pub fn id_shown(&self) -> Option<IdDocument> {
        IdDocument::parse(&self.identitas)
    }

    /// The handover as typed, or `None` when the relation or the ID document is not
    /// one of the form's choices (a tampered or outdated form: never guessed). Empty
    /// optional fields count as not filled in.
    pub fn entry(&self) -> Option<HandoverEntry> {
        let filled = |text: &Option<String>| {
            text.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        Some(HandoverEntry {
            recipient: self.penerima.clone(),
            relation: self.relation()?,
            id_shown: self.id_shown()?,
            nik: filled(&self.nik),
            clerk: self.petugas.clone(),
            receive_first: self.terima.is_some(),
            correction: filled(&self.koreksi),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_choices_and_refuses_unknown_ones() {
        let fields = HandoverFields {
            penerima: "Siti Aminah".into(),
            hubungan: "family".into(),
            identitas: "kk".into(),
            nik: Some("  ".into()),
            petugas: "Nurhayati".into(),
            koreksi: Some(String::new()),
            ..HandoverFields::default()
        };
        let entry = fields.entry().unwrap();
        assert_eq!(
            (entry.relation, entry.id_shown),
            (Relation::Family, IdDocument::Kk)
        );
        assert_eq!((entry.nik, entry.correction), (None, None));
        assert!(!entry.receive_first);
        let tampered = HandoverFields {
            hubungan: "tetangga".into(),
            ..fields
        };
        assert!(tampered.entry().is_none());
        // The codes are the serde names too: one spelling everywhere.
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.code()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.code())
            );
        }
        for i in IdDocument::ALL {
            assert_eq!(IdDocument::parse(i.code()), Some(i));
            assert_eq!(
                serde_json::to_string(&i).unwrap(),
                format!("\"{}\"", i.code())
            );
        }
    }
}

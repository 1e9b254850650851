//! The kinds of civil-registry document that Dukcapil delivers to desa offices.
//!
//! Official names follow Perpres 96/2018 and Permendagri 108/2019 (see the reference
//! data README). A short code (`ktp-el`) is what CSV files and the API use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::Localized;
use crate::text::DocNumber;

/// A kind of finished document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// Kartu Keluarga (family card).
    Kk,
    /// Kartu Tanda Penduduk Elektronik (electronic identity card).
    KtpEl,
    /// Kartu Identitas Anak (child identity card).
    Kia,
    /// Kutipan Akta Kelahiran (birth certificate).
    AktaKelahiran,
    /// Kutipan Akta Kematian (death certificate).
    AktaKematian,
    /// Kutipan Akta Perkawinan (marriage certificate; non-Muslim marriages only).
    AktaPerkawinan,
    /// Kutipan Akta Perceraian (divorce certificate).
    AktaPerceraian,
    /// Surat Keterangan Pindah WNI (moving-out certificate).
    Skpwni,
    /// Any other document.
    Lainnya,
}

/// A kind that could not be recognised.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown document kind {0:?}")]
pub struct UnknownKind(pub String);

impl Localized for UnknownKind {
    fn code(&self) -> &'static str {
        "document_kind.unknown"
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        let kinds = DocumentKind::ALL
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>()
            .join(", ");
        vec![("kind", format!("{:?}", self.0)), ("kinds", kinds)]
    }
}

impl DocumentKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [DocumentKind; 9] = [
        DocumentKind::Kk,
        DocumentKind::KtpEl,
        DocumentKind::Kia,
        DocumentKind::AktaKelahiran,
        DocumentKind::AktaKematian,
        DocumentKind::AktaPerkawinan,
        DocumentKind::AktaPerceraian,
        DocumentKind::Skpwni,
        DocumentKind::Lainnya,
    ];

    /// The short code used in CSV files and the API (`ktp-el`).
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Kk => "kk",
            DocumentKind::KtpEl => "ktp-el",
            DocumentKind::Kia => "kia",
            DocumentKind::AktaKelahiran => "akta-kelahiran",
            DocumentKind::AktaKematian => "akta-kematian",
            DocumentKind::AktaPerkawinan => "akta-perkawinan",
            DocumentKind::AktaPerceraian => "akta-perceraian",
            DocumentKind::Skpwni => "skpwni",
            DocumentKind::Lainnya => "lainnya",
        }
    }

    /// Whether the number printed on this kind is the holder's NIK (KTP-el, KIA). The
    /// server keeps such a number; it never leaves the server except masked.
    pub fn number_is_nik(self) -> bool {
        matches!(self, DocumentKind::KtpEl | DocumentKind::Kia)
    }

    /// The number as a desa replica may hold it: for a kind whose number is the NIK,
    /// the word [`DocNumber::nik_word`] and no digit; otherwise the number itself.
    pub fn replicated_number(self, number: &DocNumber) -> DocNumber {
        if self.number_is_nik() {
            DocNumber::nik_word()
        } else {
            number.clone()
        }
    }

    /// The number as stored: for a kind whose number is the NIK, sixteen digits typed
    /// in groups (`5206 0345 0790 0001`) become the sixteen digits, so the same card is
    /// recognised however it was typed. Other numbers are kept as typed.
    pub fn canonical_number(self, number: DocNumber) -> DocNumber {
        if !self.number_is_nik() || !crate::text::nik_shaped(number.as_str()) {
            return number;
        }
        let digits: String = number
            .as_str()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if digits.len() == 16 {
            DocNumber::parse(&digits).unwrap_or(number)
        } else {
            number
        }
    }

    /// The number as a staff screen, a CSV file or an API answer shows it: masked
    /// (`************0001`) for a kind whose number is the NIK.
    pub fn shown_number(self, number: &str) -> String {
        if !self.number_is_nik() {
            return number.to_owned();
        }
        let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
        let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
        format!("{}{tail}", "*".repeat(12))
    }

    /// The official Indonesian name.
    pub fn official_name(self) -> &'static str {
        match self {
            DocumentKind::Kk => "Kartu Keluarga",
            DocumentKind::KtpEl => "Kartu Tanda Penduduk Elektronik",
            DocumentKind::Kia => "Kartu Identitas Anak",
            DocumentKind::AktaKelahiran => "Kutipan Akta Kelahiran",
            DocumentKind::AktaKematian => "Kutipan Akta Kematian",
            DocumentKind::AktaPerkawinan => "Kutipan Akta Perkawinan",
            DocumentKind::AktaPerceraian => "Kutipan Akta Perceraian",
            DocumentKind::Skpwni => "Surat Keterangan Pindah Warga Negara Indonesia",
            DocumentKind::Lainnya => "Dokumen lainnya",
        }
    }

    /// Parses a short code, an official name or a common name, ignoring case, spaces
    /// and punctuation (`KTP-el`, `e-KTP`, `Akta Kelahiran`, `Kartu Keluarga`).
    pub fn parse(input: &str) -> Result<Self, UnknownKind> {
        let key: String = input
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let kind = match key.as_str() {
            "kk" | "kartukeluarga" => DocumentKind::Kk,
            "ktpel" | "ektp" | "ktp" | "kartutandapendudukelektronik" | "kartutandapenduduk" => {
                DocumentKind::KtpEl
            }
            "kia" | "kartuidentitasanak" => DocumentKind::Kia,
            "aktakelahiran" | "kutipanaktakelahiran" | "aktalahir" => DocumentKind::AktaKelahiran,
            "aktakematian" | "kutipanaktakematian" => DocumentKind::AktaKematian,
            "aktaperkawinan" | "kutipanaktaperkawinan" => DocumentKind::AktaPerkawinan,
            "aktaperceraian" | "kutipanaktaperceraian" => DocumentKind::AktaPerceraian,
            "skpwni"
            | "suratpindah"
            | "suratketeranganpindah"
            | "suratketeranganpindahwarganegaraindonesia" => DocumentKind::Skpwni,
            "lainnya" | "lain" | "dokumenlainnya" | "other" => DocumentKind::Lainnya,
            _ => return Err(UnknownKind(input.trim().to_owned())),
        };
        Ok(kind)
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for DocumentKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, UnknownKind> {
        DocumentKind::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_official_names_parse_back() {
        for kind in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(kind.code()), Ok(kind));
            assert_eq!(DocumentKind::parse(&kind.code().to_uppercase()), Ok(kind));
            assert_eq!(DocumentKind::parse(kind.official_name()), Ok(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.code())
            );
        }
    }

    #[test]
    fn common_spellings() {
        assert_eq!(DocumentKind::parse("e-KTP"), Ok(DocumentKind::KtpEl));
        assert_eq!(DocumentKind::parse("KTP-el"), Ok(DocumentKind::KtpEl));
        assert_eq!(
            DocumentKind::parse(" Akta  Kelahiran "),
            Ok(DocumentKind::AktaKelahiran)
        );
        assert_eq!(
            DocumentKind::parse("Surat Pindah"),
            Ok(DocumentKind::Skpwni)
        );
        let err = DocumentKind::parse("paspor").unwrap_err();
        assert_eq!(err.code(), "document_kind.unknown");
        assert!(
            crate::i18n::Tr::new(crate::Lang::En)
                .error(&err)
                .contains("akta-kelahiran")
        );
    }
}

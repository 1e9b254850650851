//! NIK (Nomor Induk Kependudukan): the 16-digit national identity number.
//!
//! Layout `PP KK CC DDMMYY SSSS`: the kecamatan where it was first issued, the birth
//! date (women add 40 to the day), and a serial from `0001`. A full NIK stays on the
//! server: the replicated document carries no digit of it, only a slow, salted and
//! deliberately ambiguous check value ([`NikCheck`]) so a clerk can verify a typed NIK
//! offline. Screens on the server show it masked ([`Nik::masked`]).
//! `Debug` and `Display` never print more than the last four digits, so a NIK cannot
//! leak into a log line by accident.

mod check;
mod stdin;

use std::fmt;

use thiserror::Error;

pub use check::{NikCheck, NikCheckCost, NikCheckError, NikScratch, NikTag, TAG_BITS, TagTooWide};
pub use stdin::{NikInputError, read_from_stdin};

use crate::lang::{Localized, quoted};
use crate::region::{DistrictCode, ProvinceCode, RegencyCode, RegionError};

/// A well-formed NIK.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nik([u8; 16]);

/// Whose birth day the NIK encodes: the +40 rule tells women from men.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    /// Day 01–31.
    Male,
    /// Day 41–71 (day of birth + 40).
    Female,
}

/// The birth date a NIK encodes. The century is not encoded, so only two digits of
/// the year are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BirthDate {
    /// Day of month, 1–31, after removing the +40.
    pub day: u8,
    /// Month, 1–12.
    pub month: u8,
    /// Last two digits of the year.
    pub year_2: u8,
    /// From the +40 rule.
    pub sex: Sex,
}

/// Why a NIK was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NikError {
    /// Not 16 digits.
    #[error("a NIK has 16 digits, not {0}")]
    Length(usize),
    /// Something other than a digit (spaces between groups are allowed).
    #[error("a NIK holds only digits, not {0:?}")]
    NotDigit(char),
    /// The first six digits are not a kecamatan code.
    #[error("the first six digits of the NIK are not a district code: {0}")]
    Region(#[source] RegionError),
    /// Month outside 01–12.
    #[error("birth month {0:02} in the NIK is impossible")]
    Month(u8),
    /// Day outside 01–31 and 41–71, or past the end of the month.
    #[error("birth day {0:02} in the NIK is impossible")]
    Day(u8),
    /// Serial `0000`.
    #[error("the NIK serial cannot be 0000")]
    Serial,
}

impl Localized for NikError {
    fn code(&self) -> &'static str {
        match self {
            NikError::Length(_) => "nik.length",
            NikError::NotDigit(_) => "nik.not_digit",
            NikError::Region(_) => "nik.region",
            NikError::Month(_) => "nik.month",
            NikError::Day(_) => "nik.day",
            NikError::Serial => "nik.serial",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            NikError::Length(n) => vec![("n", n.to_string())],
            NikError::NotDigit(c) => vec![("character", quoted(*c))],
            NikError::Region(e) => vec![("digits", e.code_text().unwrap_or_default())],
            NikError::Month(m) => vec![("month", format!("{m:02}"))],
            NikError::Day(d) => vec![("day", format!("{d:02}"))],
            NikError::Serial => Vec::new(),
        }
    }
}

impl Nik {
    /// Parses a NIK as typed; spaces, dots and dashes between groups are ignored.
    pub fn parse(input: &str) -> Result<Self, NikError> {
        let mut digits = Vec::with_capacity(16);
        for c in input.chars() {
            match c {
                '0'..='9' => digits.push(c as u8),
                ' ' | '.' | '-' | '\t' => {}
                other => return Err(NikError::NotDigit(other)),
            }
        }
        let digits: [u8; 16] = digits
            .try_into()
            .map_err(|d: Vec<u8>| NikError::Length(d.len()))?;
        let nik = Nik(digits);
        nik.check_fields()?;
        Ok(nik)
    }

    fn number(&self, range: std::ops::Range<usize>) -> u16 {
        self.0[range]
            .iter()
            .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'))
    }

    fn two(&self, at: usize) -> u8 {
        // Two ASCII digits are at most 99, which fits.
        u8::try_from(self.number(at..at + 2)).unwrap_or(u8::MAX)
    }

    fn check_fields(&self) -> Result<(), NikError> {
        self.district().map_err(NikError::Region)?;
        let month = self.two(8);
        if !(1..=12).contains(&month) {
            return Err(NikError::Month(month));
        }
        let raw_day = self.two(6);
        let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
        let year_2 = self.two(10);
        if day == 0 || day > days_in_month(month, year_2) {
            return Err(NikError::Day(raw_day));
        }
        if self.number(12..16) == 0 {
            return Err(NikError::Serial);
        }
        Ok(())
    }

    /// The kecamatan where the NIK was first issued (not necessarily where the holder
    /// lives now; it never changes). It may no longer exist after a split.
    pub fn district(&self) -> Result<DistrictCode, RegionError> {
        let province = ProvinceCode::new(self.two(0))?;
        let regency = RegencyCode::new(province, self.two(2))?;
        DistrictCode::new(regency, self.two(4))
    }

    /// The birth date and sex encoded in digits 7–12.
    pub fn birth(&self) -> BirthDate {
        let raw_day = self.two(6);
        let (day, sex) = if raw_day > 40 {
            (raw_day - 40, Sex::Female)
        } else {
            (raw_day, Sex::Male)
        };
        BirthDate {
            day,
            month: self.two(8),
            year_2: self.two(10),
            sex,
        }
    }

    /// The last four digits, the most a screen or a replica may show.
    pub fn tail(&self) -> NikTail {
        NikTail(self.number(12..16))
    }

    /// For display: twelve stars and the last four digits.
    pub fn masked(&self) -> String {
        self.tail().masked()
    }

    /// The full sixteen digits. Named so that every use is visible in review: call it
    /// only to store the NIK on the server or to compute a check value.
    pub fn expose(&self) -> &str {
        // The array holds ASCII digits only (checked in `parse`).
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Days in a month; February has 29 when the two-digit year is divisible by 4 (the
/// century is unknown, and 00 is most likely 2000, a leap year).
fn days_in_month(month: u8, year_2: u8) -> u8 {
    match month {
        2 if year_2.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// The last four digits of a holder's NIK: what the server's screens show of it. Never
/// replicated to a desa (with the kecamatan they narrow a NIK to its birth date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NikTail(u16);

impl NikTail {
    /// `************0001`
    pub fn masked(self) -> String {
        format!("************{:04}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_of_a_bima_nik() {
        // A woman born 5 July 1990, first registered in Woha (52.06.03).
        let nik = Nik::parse("5206034507900001").unwrap();
        assert_eq!(nik.district().unwrap().to_string(), "52.06.03");
        assert_eq!(
            nik.birth(),
            BirthDate {
                day: 5,
                month: 7,
                year_2: 90,
                sex: Sex::Female
            }
        );
        assert_eq!(nik.masked(), "************0001");
        assert_eq!(nik.expose(), "5206034507900001");
        // A man born 31 December 2001 in Rasanae Barat, Kota Bima, typed in groups.
        let nik = Nik::parse("5272 0131 1201 0123").unwrap();
        assert_eq!(nik.birth().sex, Sex::Male);
        assert_eq!(nik.birth().day, 31);
        assert_eq!(nik.tail(), NikTail(123));
    }

    #[test]
    fn never_prints_the_full_number() {
        let nik = Nik::parse("5206034507900001").unwrap();
        assert!(!format!("{nik:?}").contains("520603"));
        assert!(!format!("{nik}").contains("520603"));
    }

    #[test]
    fn refuses_impossible_niks_with_the_reason() {
        assert_eq!(Nik::parse("520603450790001"), Err(NikError::Length(15)));
        assert_eq!(Nik::parse("52060345079000012"), Err(NikError::Length(17)));
        assert_eq!(Nik::parse("52060345079O0001"), Err(NikError::NotDigit('O')));
        assert!(matches!(
            Nik::parse("9906034507900001"),
            Err(NikError::Region(_))
        ));
        assert!(matches!(
            Nik::parse("5200034507900001"),
            Err(NikError::Region(_))
        ));
        assert_eq!(Nik::parse("5206034513900001"), Err(NikError::Month(13)));
        assert_eq!(Nik::parse("5206033207900001"), Err(NikError::Day(32)));
        assert_eq!(Nik::parse("5206034007900001"), Err(NikError::Day(40)));
        assert_eq!(Nik::parse("5206037207900001"), Err(NikError::Day(72)));
        assert_eq!(Nik::parse("5206033102900001"), Err(NikError::Day(31)));
        assert_eq!(Nik::parse("5206032902010001"), Err(NikError::Day(29)));
        assert!(
            Nik::parse("5206036902000001").is_ok(),
            "29 Feb (woman), year 00"
        );
        assert_eq!(Nik::parse("5206034507900000"), Err(NikError::Serial));
        let e = Nik::parse("123").unwrap_err();
        assert_eq!(e.code(), "nik.length");
        assert_eq!(
            crate::i18n::Tr::new(crate::Lang::Id).error(&e),
            "NIK harus 16 angka, yang diketik 3 angka"
        );
    }
}

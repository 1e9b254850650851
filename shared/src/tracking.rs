//! Tracking codes: what a resident types or scans to find their document.
//!
//! A code is 55 random bits written as 11 Crockford base32 characters plus one check
//! character, grouped by four: `7KQM-2XWP-8RD0`. Crockford's alphabet leaves out I, L,
//! O and U, and reading treats `I`/`L` as `1` and `O` as `0`, so the usual misreadings
//! are harmless. Input is case-insensitive, with or without dashes and spaces.
//!
//! The check character is a weighted sum over GF(32): character *i* is multiplied by
//! α^(i+1) and the check character has weight 1, where α is a primitive element. All
//! twelve weights are distinct and non-zero, so **every** single wrong character and
//! **every** swap of two different characters changes the sum and is caught (a plain
//! sum mod 32 would miss some swaps; Crockford's own mod-37 check needs five extra
//! symbols that are awkward on a phone keypad).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::lang::{Localized, quoted};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const DATA_CHARS: usize = 11;
const BITS: u32 = 5 * DATA_CHARS as u32;
const MAX: u64 = (1 << BITS) - 1;

/// A dispatch's public tracking code (55 random bits and a check character).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrackingCode(u64);

/// Why a typed tracking code was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TrackingCodeError {
    /// Too few or too many characters.
    #[error("a tracking code has 12 characters, not {0}")]
    Length(usize),
    /// A character outside the alphabet (e.g. `U`, `*`).
    #[error("a tracking code never holds {0:?}")]
    BadCharacter(char),
    /// The check character does not match: a character was mistyped or two were swapped.
    #[error("mistyped tracking code (the check character does not match)")]
    Checksum,
    /// A binary value wider than 55 bits (from a peer, not a person).
    #[error("tracking code value out of range")]
    OutOfRange,
}

impl Localized for TrackingCodeError {
    fn code(&self) -> &'static str {
        match self {
            TrackingCodeError::Length(_) => "tracking_code.length",
            TrackingCodeError::BadCharacter(_) => "tracking_code.bad_character",
            TrackingCodeError::Checksum => "tracking_code.checksum",
            TrackingCodeError::OutOfRange => "tracking_code.out_of_range",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            TrackingCodeError::Length(n) => vec![("n", n.to_string())],
            TrackingCodeError::BadCharacter(c) => vec![("character", quoted(*c))],
            TrackingCodeError::Checksum | TrackingCodeError::OutOfRange => Vec::new(),
        }
    }
}

impl TrackingCode {
    /// A fresh code from the operating system's random number generator (the
    /// simulation's, in a simulated run: `crate::seams`).
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 8];
        crate::seams::fill(&mut bytes)?;
        Ok(TrackingCode(u64::from_le_bytes(bytes) & MAX))
    }

    /// A code from 55 bits, e.g. from a test's own random source. Higher bits are an error.
    pub fn from_bits(bits: u64) -> Result<Self, TrackingCodeError> {
        if bits > MAX {
            Err(TrackingCodeError::OutOfRange)
        } else {
            Ok(TrackingCode(bits))
        }
    }

    /// The 55 bits.
    pub fn bits(self) -> u64 {
        self.0
    }

    /// Parses what a person typed or a scanner sent.
    pub fn parse(input: &str) -> Result<Self, TrackingCodeError> {
        let mut values = Vec::with_capacity(DATA_CHARS + 1);
        for c in input.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            values.push(symbol_value(c).ok_or(TrackingCodeError::BadCharacter(c))?);
        }
        if values.len() != DATA_CHARS + 1 {
            return Err(TrackingCodeError::Length(values.len()));
        }
        let (data, check) = values.split_at(DATA_CHARS);
        if check_symbol(data) != check[0] {
            return Err(TrackingCodeError::Checksum);
        }
        let bits = data.iter().fold(0u64, |acc, v| (acc << 5) | u64::from(*v));
        Ok(TrackingCode(bits))
    }

    /// The twelve symbols' values, data first, check last.
    fn symbols(self) -> [u8; DATA_CHARS + 1] {
        let mut out = [0u8; DATA_CHARS + 1];
        for (i, slot) in out.iter_mut().take(DATA_CHARS).enumerate() {
            let shift = 5 * (DATA_CHARS - 1 - i);
            *slot = ((self.0 >> shift) & 31) as u8;
        }
        out[DATA_CHARS] = check_symbol(&out[..DATA_CHARS]);
        out
    }

    /// The code without dashes (`7KQM2XWP8RDC`), e.g. for a URL.
    pub fn compact(self) -> String {
        self.symbols()
            .iter()
            .map(|v| char::from(ALPHABET[usize::from(*v)]))
            .collect()
    }
}

/// The value of one typed character, folding case and the Crockford look-alikes.
fn symbol_value(c: char) -> Option<u8> {
    let upper = match c.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|a| char::from(*a) == upper)
        .and_then(|p| u8::try_from(p).ok())
}

/// Multiplication in GF(32) with the primitive polynomial x^5 + x^2 + 1.
fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0u8;
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0b10_0000 != 0 {
            a ^= 0b10_0101;
        }
    }
    product
}

/// The check symbol: Σ dᵢ·α^(i+1) over GF(32), with α = x (the value 2).
fn check_symbol(data: &[u8]) -> u8 {
    let mut weight = 1u8;
    let mut sum = 0u8;
    for d in data {
        weight = gf_mul(weight, 2);
        sum ^= gf_mul(*d, weight);
    }
    sum
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let compact = self.compact();
        write!(
            f,
            "{}-{}-{}",
            &compact[0..4],
            &compact[4..8],
            &compact[8..12]
        )
    }
}

impl fmt::Debug for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrackingCode({self})")
    }
}

impl FromStr for TrackingCode {
    type Err = TrackingCodeError;
    fn from_str(s: &str) -> Result<Self, TrackingCodeError> {
        TrackingCode::parse(s)
    }
}

/// Grouped text for people and JSON; the 55-bit number in binary encodings.
impl Serialize for TrackingCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            s.serialize_u64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for TrackingCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            let text = String::deserialize(d)?;
            TrackingCode::parse(&text).map_err(serde::de::Error::custom)
        } else {
            TrackingCode::from_bits(u64::deserialize(d)?).map_err(serde::de::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn prints_grouped_and_reads_back_loosely() {
        let code = TrackingCode::from_bits(0x12_3456_789A_BCDE).unwrap();
        let text = code.to_string();
        assert_eq!(text.len(), 14);
        assert_eq!(text.matches('-').count(), 2);
        assert_eq!(TrackingCode::parse(&text).unwrap(), code);
        assert_eq!(TrackingCode::parse(&text.to_lowercase()).unwrap(), code);
        assert_eq!(TrackingCode::parse(&code.compact()).unwrap(), code);
        let spaced = text.replace('-', " ");
        assert_eq!(TrackingCode::parse(&format!("  {spaced} ")).unwrap(), code);
    }

    #[test]
    fn look_alike_letters_read_as_digits() {
        let code = TrackingCode::from_bits(0).unwrap();
        let text = code.to_string();
        assert!(text.starts_with("0000"));
        assert_eq!(
            TrackingCode::parse(&text.replacen('0', "O", 3)).unwrap(),
            code
        );
        let one = TrackingCode::from_bits(1 << 50).unwrap().to_string();
        assert!(one.starts_with('1'));
        assert_eq!(
            TrackingCode::parse(&one.replacen('1', "l", 1))
                .unwrap()
                .bits(),
            1 << 50
        );
        assert_eq!(
            TrackingCode::parse(&one.replacen('1', "I", 1))
                .unwrap()
                .bits(),
            1 << 50
        );
    }

    #[test]
    fn the_example_in_the_docs_is_a_valid_code() {
        assert!(TrackingCode::parse("7KQM-2XWP-8RD0").is_ok());
    }

    #[test]
    fn clear_errors() {
        assert_eq!(
            TrackingCode::parse("ABCD-EFGH"),
            Err(TrackingCodeError::Length(8))
        );
        assert_eq!(
            TrackingCode::parse("ABCD-EFGH-JKU0"),
            Err(TrackingCodeError::BadCharacter('U'))
        );
        assert_eq!(
            TrackingCode::from_bits(1 << 55),
            Err(TrackingCodeError::OutOfRange)
        );
        let e = TrackingCode::parse("").unwrap_err();
        assert_eq!(e.code(), "tracking_code.length");
    }

    #[test]
    fn generated_codes_differ_and_parse() {
        let a = TrackingCode::generate().unwrap();
        let b = TrackingCode::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(TrackingCode::parse(&a.to_string()).unwrap(), a);
    }

    #[test]
    fn binary_form_is_a_number() {
        let code = TrackingCode::from_bits(MAX).unwrap();
        let bytes = postcard::to_stdvec(&code).unwrap();
        assert_eq!(bytes.len(), 8);
        assert_eq!(postcard::from_bytes::<TrackingCode>(&bytes).unwrap(), code);
        let too_big = postcard::to_stdvec(&(MAX + 1)).unwrap();
        assert!(postcard::from_bytes::<TrackingCode>(&too_big).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn every_single_substitution_is_caught(bits in 0..=MAX, pos in 0usize..12, replacement in 0u8..32) {
            let code = TrackingCode::from_bits(bits).unwrap();
            let mut chars: Vec<u8> = code.compact().into_bytes();
            prop_assume!(chars[pos] != ALPHABET[usize::from(replacement)]);
            chars[pos] = ALPHABET[usize::from(replacement)];
            let typo = String::from_utf8(chars).unwrap();
            prop_assert_eq!(TrackingCode::parse(&typo), Err(TrackingCodeError::Checksum));
        }

        #[test]
        fn every_swap_of_two_characters_is_caught(bits in 0..=MAX, a in 0usize..12, b in 0usize..12) {
            let code = TrackingCode::from_bits(bits).unwrap();
            let mut chars: Vec<u8> = code.compact().into_bytes();
            prop_assume!(chars[a] != chars[b]);
            chars.swap(a, b);
            let typo = String::from_utf8(chars).unwrap();
            prop_assert_eq!(TrackingCode::parse(&typo), Err(TrackingCodeError::Checksum));
        }

        #[test]
        fn round_trips(bits in 0..=MAX) {
            let code = TrackingCode::from_bits(bits).unwrap();
            prop_assert_eq!(TrackingCode::parse(&code.to_string()).unwrap(), code);
        }
    }
}

//! Parsing and printing Kemendagri codes at each level.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use super::province::province_name;
use crate::lang::{Localized, quoted};

/// The four levels of Indonesian regional government that Antar deals with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Provinsi (`52`).
    Province,
    /// Kabupaten or kota (`52.06`).
    Regency,
    /// Kecamatan (`52.06.03`).
    District,
    /// Desa or kelurahan (`52.06.03.2011`).
    Village,
}

impl Level {
    /// The level's key (`-level` in the Fluent files selects its words by it).
    pub fn key(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Regency => "regency",
            Level::District => "district",
            Level::Village => "village",
        }
    }

    /// Parses the `level` column of the reference CSV.
    pub(crate) fn from_csv(s: &str) -> Option<Level> {
        match s {
            "province" => Some(Level::Province),
            "regency" => Some(Level::Regency),
            "district" => Some(Level::District),
            "village" => Some(Level::Village),
            _ => None,
        }
    }
}

/// Why a region code was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RegionError {
    /// Nothing was given.
    #[error("empty region code")]
    Empty,
    /// A character other than a digit or a dot.
    #[error("a region code holds {0:?}")]
    BadCharacter(char),
    /// Digits grouped wrongly (`52.6.3`, `5206031`).
    #[error("malformed region code {0:?}")]
    Shape(String),
    /// The first two digits are not a province.
    #[error("{0:02} is not a province code")]
    UnknownProvince(u8),
    /// A `00` regency or district segment.
    #[error("a region code segment cannot be 00")]
    ZeroSegment,
    /// The village segment does not start with 1 (kelurahan) or 2 (desa).
    #[error("village segment {0:04} must start with 1 (kelurahan) or 2 (desa)")]
    VillageSegment(u16),
    /// A valid code at the wrong level, e.g. a kecamatan where a desa was needed.
    #[error("code {code} is a {} code, not a {} code", found.key(), expected.key())]
    WrongLevel {
        /// What was given.
        code: RegionCode,
        /// The level that was needed.
        expected: Level,
        /// The level it has.
        found: Level,
    },
    /// Well formed, but not in Antar's reference table.
    #[error("unknown region code {0}")]
    Unknown(RegionCode),
}

impl RegionError {
    /// The code the error is about, when it names one (for a NIK's message).
    pub fn code_text(&self) -> Option<String> {
        match self {
            RegionError::WrongLevel { code, .. } | RegionError::Unknown(code) => {
                Some(code.to_string())
            }
            RegionError::Shape(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl Localized for RegionError {
    fn code(&self) -> &'static str {
        match self {
            RegionError::Empty => "region.empty",
            RegionError::BadCharacter(_) => "region.bad_character",
            RegionError::Shape(_) => "region.shape",
            RegionError::UnknownProvince(_) => "region.unknown_province",
            RegionError::ZeroSegment => "region.zero_segment",
            RegionError::VillageSegment(_) => "region.village_segment",
            RegionError::WrongLevel { .. } => "region.wrong_level",
            RegionError::Unknown(_) => "region.unknown",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            RegionError::Empty | RegionError::ZeroSegment => Vec::new(),
            RegionError::BadCharacter(c) => vec![("character", quoted(*c))],
            RegionError::Shape(s) => vec![("code", format!("{s:?}"))],
            RegionError::UnknownProvince(p) => vec![("province", format!("{p:02}"))],
            RegionError::VillageSegment(v) => vec![("segment", format!("{v:04}"))],
            RegionError::WrongLevel {
                code,
                expected,
                found,
            } => vec![
                ("code", code.to_string()),
                ("expected", expected.key().to_owned()),
                ("found", found.key().to_owned()),
            ],
            RegionError::Unknown(code) => vec![("code", code.to_string())],
        }
    }
}

/// A province, e.g. `52` (Nusa Tenggara Barat).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProvinceCode(u8);

/// A regency (kabupaten) or city (kota), e.g. `52.06` (Kabupaten Bima).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegencyCode {
    province: ProvinceCode,
    regency: u8,
}

/// A district (kecamatan), e.g. `52.06.03` (Woha). It is also a NIK's 6-digit prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DistrictCode {
    regency: RegencyCode,
    district: u8,
}

/// A village, desa or kelurahan, e.g. `52.06.03.2011`. One replicated document per desa
/// is keyed by this code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VillageCode {
    district: DistrictCode,
    village: u16,
}

/// Whether a village is a desa (run by a kepala desa) or a kelurahan (an urban ward).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VillageKind {
    /// `1xxx`: an urban ward headed by a lurah.
    Kelurahan,
    /// `2xxx`: a village headed by a kepala desa.
    Desa,
}

/// A code at any level, as parsed from user input or the reference table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegionCode {
    /// `52`
    Province(ProvinceCode),
    /// `52.06`
    Regency(RegencyCode),
    /// `52.06.03`
    District(DistrictCode),
    /// `52.06.03.2011`
    Village(VillageCode),
}

impl ProvinceCode {
    /// Checks a province number against the 38 provinces.
    pub fn new(code: u8) -> Result<Self, RegionError> {
        province_name(code)
            .map(|_| ProvinceCode(code))
            .ok_or(RegionError::UnknownProvince(code))
    }

    /// The two-digit number.
    pub fn number(self) -> u8 {
        self.0
    }

    /// The province's name (all 38 are known, not only NTB).
    pub fn name(self) -> &'static str {
        province_name(self.0).unwrap_or("?")
    }
}

impl RegencyCode {
    /// Builds a regency code from its parts.
    pub fn new(province: ProvinceCode, regency: u8) -> Result<Self, RegionError> {
        nonzero(regency)?;
        Ok(RegencyCode { province, regency })
    }

    /// The province it belongs to.
    pub fn province(self) -> ProvinceCode {
        self.province
    }
}

impl DistrictCode {
    /// Builds a district code from its parts.
    pub fn new(regency: RegencyCode, district: u8) -> Result<Self, RegionError> {
        nonzero(district)?;
        Ok(DistrictCode { regency, district })
    }

    /// The regency it belongs to.
    pub fn regency(self) -> RegencyCode {
        self.regency
    }

    /// The six digits without dots, as at the start of a NIK (`520603`).
    pub fn undotted(self) -> String {
        let RegencyCode { province, regency } = self.regency;
        format!("{:02}{:02}{:02}", province.0, regency, self.district)
    }

    /// Parses a district code, dotted or undotted.
    pub fn parse(input: &str) -> Result<Self, RegionError> {
        match RegionCode::parse(input)? {
            RegionCode::District(d) => Ok(d),
            other => Err(other.wrong_level(Level::District)),
        }
    }
}

impl VillageCode {
    /// Builds a village code from its parts, checking the desa/kelurahan digit.
    pub fn new(district: DistrictCode, village: u16) -> Result<Self, RegionError> {
        if !(1001..=2999).contains(&village) || village.is_multiple_of(1000) {
            return Err(RegionError::VillageSegment(village));
        }
        Ok(VillageCode { district, village })
    }

    /// Parses a village code, dotted (`52.06.03.2011`) or undotted (`5206032011`).
    ///
    /// This checks the form only; [`crate::region::require`] also checks it exists.
    pub fn parse(input: &str) -> Result<Self, RegionError> {
        match RegionCode::parse(input)? {
            RegionCode::Village(v) => Ok(v),
            other => Err(other.wrong_level(Level::Village)),
        }
    }

    /// The district it belongs to.
    pub fn district(self) -> DistrictCode {
        self.district
    }

    /// Desa or kelurahan, from the first digit of the village segment.
    pub fn kind(self) -> VillageKind {
        if self.village < 2000 {
            VillageKind::Kelurahan
        } else {
            VillageKind::Desa
        }
    }

    /// The ten digits as one number (`5206032011`), the compact form on the wire.
    pub fn packed(self) -> u64 {
        let RegencyCode { province, regency } = self.district.regency;
        u64::from(province.0) * 100_000_000
            + u64::from(regency) * 1_000_000
            + u64::from(self.district.district) * 10_000
            + u64::from(self.village)
    }

    /// The inverse of [`VillageCode::packed`].
    pub fn from_packed(packed: u64) -> Result<Self, RegionError> {
        if !(1_000_000_000..=9_999_999_999).contains(&packed) {
            return Err(RegionError::Shape(packed.to_string()));
        }
        Self::parse(&packed.to_string())
    }

    /// The ten digits without dots (`5206032011`).
    pub fn undotted(self) -> String {
        format!("{:010}", self.packed())
    }
}

impl RegionCode {
    /// Parses a code at any level, dotted (`52.06.03`) or undotted (`520603`).
    pub fn parse(input: &str) -> Result<Self, RegionError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(RegionError::Empty);
        }
        if let Some(c) = s.chars().find(|c| !c.is_ascii_digit() && *c != '.') {
            return Err(RegionError::BadCharacter(c));
        }
        let shape_error = || RegionError::Shape(s.to_owned());
        let segments: Vec<&str> = if s.contains('.') {
            s.split('.').collect()
        } else {
            match s.len() {
                2 => vec![&s[0..2]],
                4 => vec![&s[0..2], &s[2..4]],
                6 => vec![&s[0..2], &s[2..4], &s[4..6]],
                10 => vec![&s[0..2], &s[2..4], &s[4..6], &s[6..10]],
                _ => return Err(shape_error()),
            }
        };
        const WIDTHS: [usize; 4] = [2, 2, 2, 4];
        if segments.len() > WIDTHS.len()
            || segments
                .iter()
                .zip(WIDTHS)
                .any(|(seg, width)| seg.len() != width)
        {
            return Err(shape_error());
        }
        let number = |seg: &str| seg.parse::<u16>().map_err(|_| shape_error());
        let province =
            ProvinceCode::new(u8::try_from(number(segments[0])?).map_err(|_| shape_error())?)?;
        let Some(regency) = segments.get(1) else {
            return Ok(RegionCode::Province(province));
        };
        let regency = RegencyCode::new(
            province,
            u8::try_from(number(regency)?).map_err(|_| shape_error())?,
        )?;
        let Some(district) = segments.get(2) else {
            return Ok(RegionCode::Regency(regency));
        };
        let district = DistrictCode::new(
            regency,
            u8::try_from(number(district)?).map_err(|_| shape_error())?,
        )?;
        let Some(village) = segments.get(3) else {
            return Ok(RegionCode::District(district));
        };
        Ok(RegionCode::Village(VillageCode::new(
            district,
            number(village)?,
        )?))
    }

    /// Which level the code is at.
    pub fn level(self) -> Level {
        match self {
            RegionCode::Province(_) => Level::Province,
            RegionCode::Regency(_) => Level::Regency,
            RegionCode::District(_) => Level::District,
            RegionCode::Village(_) => Level::Village,
        }
    }

    /// The code one level up, if any.
    pub fn parent(self) -> Option<RegionCode> {
        match self {
            RegionCode::Province(_) => None,
            RegionCode::Regency(r) => Some(RegionCode::Province(r.province)),
            RegionCode::District(d) => Some(RegionCode::Regency(d.regency)),
            RegionCode::Village(v) => Some(RegionCode::District(v.district)),
        }
    }

    /// Segments as numbers, zero where the level stops: sorts like the dotted text.
    fn key(self) -> (u8, u8, u8, u16) {
        match self {
            RegionCode::Province(p) => (p.0, 0, 0, 0),
            RegionCode::Regency(r) => (r.province.0, r.regency, 0, 0),
            RegionCode::District(d) => (d.regency.province.0, d.regency.regency, d.district, 0),
            RegionCode::Village(v) => {
                let d = v.district;
                (
                    d.regency.province.0,
                    d.regency.regency,
                    d.district,
                    v.village,
                )
            }
        }
    }

    fn wrong_level(self, expected: Level) -> RegionError {
        RegionError::WrongLevel {
            code: self,
            expected,
            found: self.level(),
        }
    }
}

fn nonzero(segment: u8) -> Result<(), RegionError> {
    if segment == 0 {
        Err(RegionError::ZeroSegment)
    } else {
        Ok(())
    }
}

impl Ord for RegionCode {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for RegionCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (p, r, d, v) = self.key();
        match self.level() {
            Level::Province => write!(f, "{p:02}"),
            Level::Regency => write!(f, "{p:02}.{r:02}"),
            Level::District => write!(f, "{p:02}.{r:02}.{d:02}"),
            Level::Village => write!(f, "{p:02}.{r:02}.{d:02}.{v:04}"),
        }
    }
}

macro_rules! level_code_traits {
    ($ty:ident, $variant:ident) => {
        impl From<$ty> for RegionCode {
            fn from(code: $ty) -> RegionCode {
                RegionCode::$variant(code)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&RegionCode::from(*self), f)
            }
        }
    };
}

level_code_traits!(ProvinceCode, Province);
level_code_traits!(RegencyCode, Regency);
level_code_traits!(DistrictCode, District);
level_code_traits!(VillageCode, Village);

impl FromStr for RegionCode {
    type Err = RegionError;
    fn from_str(s: &str) -> Result<Self, RegionError> {
        RegionCode::parse(s)
    }
}

impl FromStr for VillageCode {
    type Err = RegionError;
    fn from_str(s: &str) -> Result<Self, RegionError> {
        VillageCode::parse(s)
    }
}

/// Dotted text for people and JSON; the packed number in binary encodings.
impl Serialize for VillageCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            s.serialize_u64(self.packed())
        }
    }
}

impl<'de> Deserialize<'de> for VillageCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            let text = String::deserialize(d)?;
            VillageCode::parse(&text).map_err(serde::de::Error::custom)
        } else {
            VillageCode::from_packed(u64::deserialize(d)?).map_err(serde::de::Error::custom)
        }
    }
}

impl Serialize for RegionCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RegionCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        RegionCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[path = "code_tests.rs"]
mod tests;

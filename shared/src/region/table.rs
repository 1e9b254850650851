//! The Kemendagri reference table for NTB, compiled into the binary.
//!
//! Parsed once, on first use, from `shared/data/wilayah-ntb.csv` (see `SOURCE.md` beside
//! it). Embedding it means a desa PC can name and check codes with no file to install
//! and no network.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::code::{Level, RegionCode, RegionError, VillageCode};

const CSV: &str = include_str!("../../data/wilayah-ntb.csv");

/// One row of the reference table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Its code.
    pub code: RegionCode,
    /// Its official name (`Woha`, `Kabupaten Bima`). Not unique: key on `code`.
    pub name: &'static str,
}

impl Region {
    /// The level, from the code.
    pub fn level(&self) -> Level {
        self.code.level()
    }
}

struct Table {
    rows: BTreeMap<RegionCode, Region>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| Table { rows: parse(CSV).0 });

/// Parses the CSV, returning the rows and the lines that could not be read.
///
/// Bad lines are skipped rather than panicking at run time; a unit test asserts there
/// are none, so a broken data update fails the build's tests instead.
fn parse(csv: &'static str) -> (BTreeMap<RegionCode, Region>, Vec<usize>) {
    let mut rows = BTreeMap::new();
    let mut bad = Vec::new();
    for (index, line) in csv.lines().enumerate().skip(1) {
        let mut fields = line.split(',');
        let (Some(code), Some(name), Some(level), Some(parent), None) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            bad.push(index + 1);
            continue;
        };
        let Ok(code) = RegionCode::parse(code) else {
            bad.push(index + 1);
            continue;
        };
        let parent_ok = match code.parent() {
            None => parent.is_empty(),
            Some(p) => RegionCode::parse(parent) == Ok(p),
        };
        if Level::from_csv(level) != Some(code.level()) || !parent_ok || name.is_empty() {
            bad.push(index + 1);
            continue;
        }
        rows.insert(code, Region { code, name });
    }
    (rows, bad)
}

/// Every row, in code order.
pub fn all() -> impl Iterator<Item = &'static Region> {
    TABLE.rows.values()
}

/// The row for a code, if Antar's table has it (NTB only; other provinces are `None`).
pub fn lookup(code: impl Into<RegionCode>) -> Option<&'static Region> {
    TABLE.rows.get(&code.into())
}

/// The row for a village code, or [`RegionError::Unknown`] naming the code.
pub fn require(code: VillageCode) -> Result<&'static Region, RegionError> {
    lookup(code).ok_or(RegionError::Unknown(code.into()))
}

/// A region as people read it: `Naru (52.06.03.2012)`, or the typed code alone when
/// it names no region Antar knows.
pub fn named(code: &str) -> String {
    RegionCode::parse(code)
        .ok()
        .and_then(lookup)
        .map(|r| format!("{} ({code})", r.name))
        .unwrap_or_else(|| code.to_owned())
}

/// The rows one level below `parent`, in code order (e.g. the desa of a kecamatan).
pub fn children(parent: impl Into<RegionCode>) -> impl Iterator<Item = &'static Region> {
    let parent = parent.into();
    TABLE
        .rows
        .values()
        .filter(move |r| r.code.parent() == Some(parent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::VillageKind;

    #[test]
    fn every_line_of_the_embedded_table_parses() {
        let (rows, bad) = parse(CSV);
        assert!(
            bad.is_empty(),
            "unreadable lines in wilayah-ntb.csv: {bad:?}"
        );
        assert_eq!(rows.len(), 1294);
        let count = |level| rows.values().filter(|r| r.level() == level).count();
        assert_eq!(count(Level::Province), 1);
        assert_eq!(count(Level::Regency), 10);
        assert_eq!(count(Level::District), 117);
        assert_eq!(count(Level::Village), 1166);
    }

    #[test]
    fn kabupaten_and_kota_bima_match_the_published_counts() {
        let kab_bima = RegionCode::parse("52.06").unwrap();
        assert_eq!(lookup(kab_bima).unwrap().name, "Kabupaten Bima");
        let kecamatan: Vec<_> = children(kab_bima).collect();
        assert_eq!(kecamatan.len(), 18);
        let desa: usize = kecamatan.iter().map(|k| children(k.code).count()).sum();
        assert_eq!(desa, 191);

        let kota_bima = RegionCode::parse("52.72").unwrap();
        let kelurahan: Vec<_> = children(kota_bima).flat_map(|k| children(k.code)).collect();
        assert_eq!(kelurahan.len(), 41);
        assert!(kelurahan.iter().all(|r| match r.code {
            RegionCode::Village(v) => v.kind() == VillageKind::Kelurahan,
            _ => false,
        }));
    }

    #[test]
    fn names_real_villages_and_refuses_unknown_codes() {
        let naru_woha = VillageCode::parse("52.06.03.2012").unwrap();
        let naru_sape = VillageCode::parse("52.06.06.2005").unwrap();
        assert_eq!(require(naru_woha).unwrap().name, "Naru");
        assert_eq!(require(naru_sape).unwrap().name, "Naru");
        assert_eq!(lookup(naru_sape.district()).unwrap().name, "Sape");
        assert_eq!(
            require(VillageCode::parse("52.72.04.1003").unwrap())
                .unwrap()
                .name,
            "Penanae"
        );
        assert_eq!(
            require(VillageCode::parse("52.06.11.2006").unwrap())
                .unwrap()
                .name,
            "Doro O'o"
        );

        let unknown = VillageCode::parse("52.06.03.2099").unwrap();
        assert_eq!(require(unknown), Err(RegionError::Unknown(unknown.into())));
        // Outside NTB the form is checked but the table holds no names.
        assert!(lookup(VillageCode::parse("32.73.01.1001").unwrap()).is_none());
    }
}

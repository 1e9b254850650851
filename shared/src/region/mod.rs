//! Kemendagri region codes (kode wilayah) and the embedded reference table.
//!
//! A code names a province (`52`), a regency or city (`52.06`), a district or kecamatan
//! (`52.06.03`) or a village (`52.06.03.2011`). A village whose 4-digit segment starts
//! with `1` is a *kelurahan*, with `2` a *desa*. Codes are accepted dotted or undotted.
//! Names are not unique (eight Bima villages share a name), so everything keys on code.

mod code;
mod province;
mod table;

pub use code::{
    DistrictCode, Level, ProvinceCode, RegencyCode, RegionCode, RegionError, VillageCode,
    VillageKind,
};
pub use table::{Region, all, children, lookup, named, require};

//! Tests of region codes: parsing, levels, ordering and wire forms.
use super::*;
use crate::Lang;
use crate::i18n::Tr;

#[test]
fn parses_real_bima_codes_dotted_and_undotted() {
    let woha_naru = VillageCode::parse("52.06.03.2012").unwrap();
    assert_eq!(VillageCode::parse("5206032012").unwrap(), woha_naru);
    assert_eq!(VillageCode::parse(" 52.06.03.2012\n").unwrap(), woha_naru);
    assert_eq!(woha_naru.to_string(), "52.06.03.2012");
    assert_eq!(woha_naru.undotted(), "5206032012");
    assert_eq!(woha_naru.kind(), VillageKind::Desa);
    assert_eq!(woha_naru.district().undotted(), "520603");
    assert_eq!(woha_naru.district().to_string(), "52.06.03");
    assert_eq!(woha_naru.district().regency().to_string(), "52.06");

    // Kota Bima is all kelurahan.
    let penanae = VillageCode::parse("52.72.04.1003").unwrap();
    assert_eq!(penanae.kind(), VillageKind::Kelurahan);

    assert_eq!(RegionCode::parse("52").unwrap().level(), Level::Province);
    assert_eq!(RegionCode::parse("5206").unwrap().level(), Level::Regency);
    assert_eq!(
        RegionCode::parse("52.06.03").unwrap().level(),
        Level::District
    );
}

#[test]
fn packed_round_trip() {
    let code = VillageCode::parse("52.06.16.2001").unwrap();
    assert_eq!(code.packed(), 5_206_162_001);
    assert_eq!(VillageCode::from_packed(5_206_162_001).unwrap(), code);
    assert!(VillageCode::from_packed(52_061_620).is_err());
}

#[test]
fn refuses_malformed_codes_with_the_reason() {
    assert_eq!(RegionCode::parse("  "), Err(RegionError::Empty));
    assert_eq!(
        RegionCode::parse("52-06"),
        Err(RegionError::BadCharacter('-'))
    );
    assert!(matches!(
        RegionCode::parse("52.6.3"),
        Err(RegionError::Shape(_))
    ));
    assert!(matches!(
        RegionCode::parse("5206031"),
        Err(RegionError::Shape(_))
    ));
    assert!(matches!(
        RegionCode::parse("52.06.03.2011.1"),
        Err(RegionError::Shape(_))
    ));
    assert!(matches!(
        RegionCode::parse("52..03"),
        Err(RegionError::Shape(_))
    ));
    assert_eq!(
        RegionCode::parse("99.06"),
        Err(RegionError::UnknownProvince(99))
    );
    assert_eq!(RegionCode::parse("52.00"), Err(RegionError::ZeroSegment));
    assert_eq!(
        RegionCode::parse("52.06.03.3011"),
        Err(RegionError::VillageSegment(3011))
    );
    assert_eq!(
        RegionCode::parse("52.06.03.2000"),
        Err(RegionError::VillageSegment(2000))
    );
    let err = VillageCode::parse("52.06.03").unwrap_err();
    assert_eq!(err.code(), "region.wrong_level");
    assert_eq!(
        Tr::new(Lang::Id).error(&err),
        "Kode 52.06.03 adalah kode kecamatan, padahal yang diminta kode desa/kelurahan"
    );
    assert_eq!(
        Tr::new(Lang::En).error(&err),
        "Code 52.06.03 is a district code, but a village code is needed"
    );
}

#[test]
fn ordering_follows_the_dotted_text() {
    let mut codes: Vec<RegionCode> = ["52.06.03.2011", "52.06", "52", "52.06.03", "52.01.01.1001"]
        .iter()
        .map(|s| RegionCode::parse(s).unwrap())
        .collect();
    codes.sort();
    let printed: Vec<String> = codes.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed,
        ["52", "52.01.01.1001", "52.06", "52.06.03", "52.06.03.2011"]
    );
}

#[test]
fn serde_is_text_for_people_and_a_number_for_machines() {
    let code = VillageCode::parse("52.06.03.2011").unwrap();
    assert_eq!(serde_json::to_string(&code).unwrap(), "\"52.06.03.2011\"");
    assert_eq!(
        serde_json::from_str::<VillageCode>("\"5206032011\"").unwrap(),
        code
    );
    assert!(serde_json::from_str::<VillageCode>("\"52.06.03\"").is_err());
    let bytes = postcard::to_stdvec(&code).unwrap();
    assert_eq!(bytes.len(), 5);
    assert_eq!(postcard::from_bytes::<VillageCode>(&bytes).unwrap(), code);
}

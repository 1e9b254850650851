//! Every parser of typed input (tracking codes, NIKs, region codes, document kinds,
//! names and numbers; phone numbers with the `server` feature): any text gives a value or a typed error, never a
//! panic, and a value parsed prints as text that parses to the same value.
#![no_main]

use antar_shared::kind::DocumentKind;
use antar_shared::nik::Nik;
use antar_shared::region::{self, DistrictCode, RegionCode, VillageCode};
use antar_shared::text::{DocNumber, PersonName, Reason};
use antar_shared::tracking::TrackingCode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(code) = TrackingCode::parse(text) {
        assert_eq!(TrackingCode::parse(&code.to_string()).ok(), Some(code));
        assert_eq!(TrackingCode::from_bits(code.bits()).ok(), Some(code));
    }
    if let Ok(nik) = Nik::parse(text) {
        assert_eq!(
            Nik::parse(nik.expose()).ok().map(|n| n.expose().to_owned()),
            Some(nik.expose().to_owned())
        );
        let _ = nik.district();
    }
    if let Ok(code) = RegionCode::parse(text) {
        assert_eq!(RegionCode::parse(&code.to_string()).ok(), Some(code));
        let _ = region::lookup(code);
    }
    if let Ok(code) = DistrictCode::parse(text) {
        assert_eq!(DistrictCode::parse(&code.undotted()).ok(), Some(code));
    }
    if let Ok(code) = VillageCode::parse(text) {
        assert_eq!(VillageCode::parse(&code.to_string()).ok(), Some(code));
        let _ = region::require(code);
    }
    if let Ok(kind) = DocumentKind::parse(text) {
        assert_eq!(DocumentKind::parse(kind.code()).ok(), Some(kind));
    }
    if let Ok(name) = PersonName::parse(text) {
        assert_eq!(PersonName::parse(name.as_str()).ok().as_ref(), Some(&name));
    }
    if let Ok(number) = DocNumber::parse(text) {
        assert_eq!(
            DocNumber::parse(number.as_str()).ok().as_ref(),
            Some(&number)
        );
    }
    if let Ok(reason) = Reason::parse(text) {
        assert_eq!(Reason::parse(reason.as_str()).ok().as_ref(), Some(&reason));
    }
    #[cfg(feature = "server")]
    if let Ok(phone) = antar_server::issuance::phone::normalise(text) {
        assert_eq!(
            antar_server::issuance::phone::normalise(&phone).ok(),
            Some(phone)
        );
    }
});

use super::*;
use crate::doc::{ActorId, Relation};
use crate::kind::DocumentKind;
use crate::region::VillageCode;
use crate::sync::ServerKey;
use crate::text::PersonName;
use crate::time::UnixTime;
use crate::tracking::TrackingCode;

fn naru() -> VillageCode {
    VillageCode::parse("52.06.03.2012").unwrap()
}

fn server() -> ServerKey {
    ServerKey::from_pkcs8(&ServerKey::generate().unwrap()).unwrap()
}

fn device() -> DeviceKey {
    DeviceKey::from_pkcs8(&DeviceKey::generate().unwrap()).unwrap()
}

fn statement() -> Statement {
    Statement {
        code: TrackingCode::from_bits(0x1234_5678_9abc).unwrap(),
        kind: DocumentKind::Kk,
        desa: naru(),
        at: UnixTime(1_796_000_000),
        relation: Relation::Family,
        clerk: PersonName::parse("Siti Aminah").unwrap(),
        device: ActorId(29_000_001),
    }
}

fn certificate(server: &ServerKey, device: &DeviceKey) -> DeviceCertificate {
    DeviceCertificate::issue(
        server,
        CertifiedKey {
            desa: naru(),
            device: ActorId(29_000_001),
            key: device.public(),
            at: UnixTime(1_795_000_000),
        },
    )
    .unwrap()
}

#[test]
fn a_receipt_verifies_with_the_server_key_alone() {
    let (server, device) = (server(), device());
    let certificate = certificate(&server, &device);
    let text = device.sign(&statement(), &certificate).unwrap();
    assert!(text.starts_with(PREFIX), "{text}");
    let verified = verify(&text, server.public()).unwrap();
    assert_eq!(verified.statement, statement());
    assert_eq!(verified.certified_at, UnixTime(1_795_000_000));
    assert_eq!(verified.device_key, device.public());
    // Deterministic: printed twice, the same receipt.
    assert_eq!(device.sign(&statement(), &certificate).unwrap(), text);
    // A copy with a line break and spaces at the ends still reads.
    let (head, tail) = text.split_at(40);
    assert!(verify(&format!("  {head}\n{tail} \n"), server.public()).is_ok());
    // It fits a QR at a modest version: see docs/receipt.md.
    let bytes = cbor_len(&text).unwrap();
    assert!(bytes < 330, "{bytes} bytes");
    assert_eq!(text.len(), PREFIX.len() + bytes.div_ceil(2) * 3 - bytes % 2);
}

#[test]
fn every_changed_character_is_refused() {
    let (server, device) = (server(), device());
    let text = device
        .sign(&statement(), &certificate(&server, &device))
        .unwrap();
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    for at in PREFIX.len()..text.len() {
        for replacement in [b'0', b'Q', b':'] {
            let mut bytes = text.clone().into_bytes();
            if bytes[at] == replacement {
                continue;
            }
            bytes[at] = replacement;
            let changed = String::from_utf8(bytes).unwrap();
            assert!(
                verify(&changed, server.public()).is_err(),
                "changed at {at} to {} and still verified",
                replacement as char
            );
        }
        assert!(alphabet.contains(&text.as_bytes()[at]));
    }
    // Cut short, or nothing after the prefix.
    assert_eq!(
        verify(&text[..text.len() - 3], server.public()),
        Err(Refusal::Damaged)
    );
    assert_eq!(verify("AR1:", server.public()), Err(Refusal::Damaged));
}

#[test]
fn refusals_say_why() {
    let (server, device) = (server(), device());
    let text = device
        .sign(&statement(), &certificate(&server, &device))
        .unwrap();
    // Another Dukcapil's key: its certificate is foreign here.
    assert_eq!(
        verify(&text, self::server().public()),
        Err(Refusal::Foreign)
    );
    assert_eq!(
        verify("HC1:NCFOXN%TS3DH", server.public()),
        Err(Refusal::NotAReceipt)
    );
    assert_eq!(verify("", server.public()), Err(Refusal::NotAReceipt));
    assert_eq!(verify("AR1:!!!", server.public()), Err(Refusal::Damaged));

    // A device signing with a key other than the certified one is refused at the
    // device; forced through, the signature does not match.
    let other = self::device();
    let certificate = certificate(&server, &device);
    assert_eq!(
        other.sign(&statement(), &certificate),
        Err(ReceiptError::WrongCertificate)
    );
    let mut elsewhere = statement();
    elsewhere.device = ActorId(29_000_003);
    assert_eq!(
        device.sign(&elsewhere, &certificate),
        Err(ReceiptError::WrongCertificate)
    );
}

#[test]
fn a_certificate_travels_as_hex() {
    let (server, device) = (server(), device());
    let certificate = certificate(&server, &device);
    let back = DeviceCertificate::from_hex(&certificate.to_hex()).unwrap();
    assert_eq!(back.to_hex(), certificate.to_hex());
    let fact = back.open(server.public()).unwrap();
    assert_eq!(fact.key, device.public());
    assert_eq!(fact.desa, naru());
    assert_eq!(fact.device, ActorId(29_000_001));
    assert!(DeviceCertificate::from_hex("zz").is_none());
    assert_eq!(back.open(self::server().public()), Err(Refusal::Foreign));
}

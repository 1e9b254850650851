//! The device certificate: Dukcapil's signed word that a key belongs to one device of
//! one desa. It is a CWT whose `cnf` claim holds the key (RFC 8747), signed with the
//! server's key; a receipt carries it in its `kcwt` header.

use coset::cbor::value::Value;
use coset::cwt::{ClaimsSetBuilder, Timestamp};
use coset::{AsCborValue, CborSerializable, CoseKeyBuilder, CoseSign1, iana};

use super::cose::{self, antar_claim, as_u32, seconds};
use super::{ANTAR_CLAIM, ReceiptError, Refusal};
use crate::doc::ActorId;
use crate::region::VillageCode;
use crate::sync::{PublicKey, ServerKey};
use crate::time::UnixTime;

/// A device's receipt key, certified by the server.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceCertificate(pub(super) CoseSign1);

/// What a certificate says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertifiedKey {
    /// The device's desa.
    pub desa: VillageCode,
    /// The device (its actor id).
    pub device: ActorId,
    /// Its receipt key.
    pub key: PublicKey,
    /// When the server certified it.
    pub at: UnixTime,
}

impl DeviceCertificate {
    /// The server certifies `key` as the receipt key of `device` in `desa`.
    pub fn issue(server: &ServerKey, fact: CertifiedKey) -> Result<Self, ReceiptError> {
        let cose_key = CoseKeyBuilder::new_okp_key()
            .param(
                iana::OkpKeyParameter::Crv as i64,
                Value::from(iana::EllipticCurve::Ed25519 as u64),
            )
            .param(
                iana::OkpKeyParameter::X as i64,
                Value::Bytes(fact.key.0.to_vec()),
            )
            .build()
            .to_cbor_value()
            .map_err(|e| ReceiptError::Encoding(e.to_string()))?;
        let claims = ClaimsSetBuilder::new()
            .subject(fact.desa.to_string())
            .issued_at(Timestamp::WholeSeconds(fact.at.0))
            .claim(
                iana::CwtClaimName::Cnf,
                Value::Map(vec![(Value::from(1), cose_key)]),
            )
            .private_claim(ANTAR_CLAIM, Value::from(fact.device.0))
            .build();
        cose::sign1(claims, Vec::new(), |data| server.sign(data).0.to_vec()).map(Self)
    }

    /// What it says, once the server's signature is checked with `dukcapil`.
    pub fn open(&self, dukcapil: PublicKey) -> Result<CertifiedKey, Refusal> {
        if !cose::is_eddsa(&self.0) {
            return Err(Refusal::UnknownAlgorithm);
        }
        if !cose::signed_by(&self.0, dukcapil) {
            return Err(Refusal::Foreign);
        }
        self.read()
    }

    /// What it says, without checking who signed it (the device reading its own).
    pub fn read(&self) -> Result<CertifiedKey, Refusal> {
        let claims = cose::claims(&self.0).ok_or(Refusal::Damaged)?;
        let desa = claims
            .subject
            .as_deref()
            .and_then(|s| VillageCode::parse(s).ok())
            .ok_or(Refusal::Damaged)?;
        let device = antar_claim(&claims)
            .and_then(as_u32)
            .ok_or(Refusal::Damaged)?;
        let at = seconds(claims.issued_at.as_ref()).ok_or(Refusal::Damaged)?;
        let key = claims
            .rest
            .iter()
            .find_map(|(name, value)| {
                (*name == coset::cwt::ClaimName::Assigned(iana::CwtClaimName::Cnf)).then_some(value)
            })
            .and_then(confirmation_key)
            .ok_or(Refusal::Damaged)?;
        Ok(CertifiedKey {
            desa,
            device: ActorId(device),
            key,
            at: UnixTime(at),
        })
    }

    /// As a CBOR value, for a receipt's header.
    pub(super) fn to_value(&self) -> Result<Value, ReceiptError> {
        self.0
            .clone()
            .to_cbor_value()
            .map_err(|e| ReceiptError::Encoding(e.to_string()))
    }

    /// From a receipt's header.
    pub(super) fn from_value(value: Value) -> Option<Self> {
        CoseSign1::from_cbor_value(value).ok().map(Self)
    }

    /// Hex of its CBOR bytes, as the server sends it and a device keeps it.
    pub fn to_hex(&self) -> String {
        self.0
            .clone()
            .to_vec()
            .map(|bytes| crate::sync::seal::hex(&bytes))
            .unwrap_or_default()
    }

    /// Reads [`Self::to_hex`]'s text.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = crate::sync::seal::unhex(text.trim())?;
        CoseSign1::from_slice(&bytes).ok().map(Self)
    }
}

/// The Ed25519 key in a `cnf` claim: `{1: COSE_Key}` with kty OKP and crv Ed25519.
fn confirmation_key(cnf: &Value) -> Option<PublicKey> {
    let entries = cnf.as_map()?;
    let key = entries
        .iter()
        .find_map(|(label, value)| (label.as_integer() == Some(1.into())).then_some(value))?;
    let key = coset::CoseKey::from_cbor_value(key.clone()).ok()?;
    if key.kty != coset::KeyType::Assigned(iana::KeyType::OKP) {
        return None;
    }
    let param = |label: i64| {
        key.params
            .iter()
            .find_map(|(l, v)| (*l == coset::Label::Int(label)).then_some(v))
    };
    let curve = param(iana::OkpKeyParameter::Crv as i64)?.as_integer()?;
    if curve != (iana::EllipticCurve::Ed25519 as i64).into() {
        return None;
    }
    let x = param(iana::OkpKeyParameter::X as i64)?.as_bytes()?;
    x.as_slice().try_into().ok().map(PublicKey)
}

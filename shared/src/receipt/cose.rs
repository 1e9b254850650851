//! The COSE and CWT plumbing both signed parts share: a COSE_Sign1 over CWT claims,
//! signed with EdDSA (Ed25519), through Google's `coset`.

use coset::cbor::value::Value;
use coset::cwt::{ClaimsSet, Timestamp};
use coset::{CborSerializable, CoseSign1, CoseSign1Builder, HeaderBuilder, iana};

use super::{ANTAR_CLAIM, ReceiptError};
use crate::sync::PublicKey;

/// `claims` signed by `sign` (an Ed25519 signer), with `extra` protected header values.
pub(super) fn sign1(
    claims: ClaimsSet,
    extra: Vec<(i64, Value)>,
    sign: impl FnOnce(&[u8]) -> Vec<u8>,
) -> Result<CoseSign1, ReceiptError> {
    let mut header = HeaderBuilder::new().algorithm(iana::Algorithm::EdDSA);
    for (label, value) in extra {
        header = header.value(label, value);
    }
    let payload = claims
        .to_vec()
        .map_err(|e| ReceiptError::Encoding(e.to_string()))?;
    Ok(CoseSign1Builder::new()
        .protected(header.build())
        .payload(payload)
        .create_signature(b"", sign)
        .build())
}

/// Whether the message says it is signed with EdDSA, the only algorithm Antar uses (a
/// verifier must not take the algorithm from the message).
pub(super) fn is_eddsa(message: &CoseSign1) -> bool {
    message.protected.header.alg == Some(coset::Algorithm::Assigned(iana::Algorithm::EdDSA))
}

/// Whether `key` made the message's signature.
pub(super) fn signed_by(message: &CoseSign1, key: PublicKey) -> bool {
    message
        .verify_signature(b"", |signature, data| {
            if key.verify_bytes(data, signature) {
                Ok(())
            } else {
                Err(())
            }
        })
        .is_ok()
}

/// The message's CWT claims, if its payload is a claims set.
pub(super) fn claims(message: &CoseSign1) -> Option<ClaimsSet> {
    ClaimsSet::from_slice(message.payload.as_deref()?).ok()
}

/// Antar's private claim.
pub(super) fn antar_claim(claims: &ClaimsSet) -> Option<&Value> {
    claims.rest.iter().find_map(|(name, value)| {
        (*name == coset::cwt::ClaimName::PrivateUse(ANTAR_CLAIM)).then_some(value)
    })
}

/// Whole seconds of a timestamp claim.
pub(super) fn seconds(time: Option<&Timestamp>) -> Option<i64> {
    match time? {
        Timestamp::WholeSeconds(s) => Some(*s),
        Timestamp::FractionalSeconds(_) => None,
    }
}

/// A CBOR integer as a `u32` (actor ids).
pub(super) fn as_u32(value: &Value) -> Option<u32> {
    value.as_integer().and_then(|i| u32::try_from(i).ok())
}

//! The device's receipt key: an Ed25519 key made on the device, kept in its replica,
//! and certified by the server when the device enrolls. It signs receipts and nothing
//! else, so a leaked key forges receipts of one desa until Dukcapil revokes the device,
//! not sync traffic.

use std::fmt;

use coset::TaggedCborSerializable;
use coset::cbor::value::Value;
use coset::cwt::{ClaimsSetBuilder, Timestamp};
use ring::signature::Ed25519KeyPair;

use super::certificate::DeviceCertificate;
use super::cose;
use super::{ANTAR_CLAIM, KCWT, PREFIX, ReceiptError, Statement};
use crate::sync::PublicKey;
use crate::sync::seal::{self, KeyError};

/// A device's private receipt key.
pub struct DeviceKey {
    pair: Ed25519KeyPair,
}

impl fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceKey({})", self.public().to_hex())
    }
}

impl DeviceKey {
    /// A new key, as the PKCS#8 bytes to keep.
    pub fn generate() -> Result<Vec<u8>, KeyError> {
        seal::new_pkcs8()
    }

    /// The key from its PKCS#8 bytes.
    pub fn from_pkcs8(bytes: &[u8]) -> Result<DeviceKey, KeyError> {
        seal::pair_from_pkcs8(bytes).map(|pair| DeviceKey { pair })
    }

    /// The public half, which the server certifies.
    pub fn public(&self) -> PublicKey {
        seal::public_of(&self.pair)
    }

    /// The receipt text (`AR1:…`) for `statement`, carrying `certificate`. Ed25519 is
    /// deterministic: the same handover printed twice gives the same receipt.
    pub fn sign(
        &self,
        statement: &Statement,
        certificate: &DeviceCertificate,
    ) -> Result<String, ReceiptError> {
        let certified = certificate
            .read()
            .map_err(|_| ReceiptError::WrongCertificate)?;
        if certified.key != self.public()
            || certified.desa != statement.desa
            || certified.device != statement.device
        {
            return Err(ReceiptError::WrongCertificate);
        }
        let claims = ClaimsSetBuilder::new()
            .issuer(statement.desa.to_string())
            .subject(statement.code.to_string())
            .issued_at(Timestamp::WholeSeconds(statement.at.0))
            .private_claim(
                ANTAR_CLAIM,
                Value::Array(vec![
                    Value::Text(statement.kind.code().to_owned()),
                    Value::Text(statement.relation.code().to_owned()),
                    Value::Text(statement.clerk.as_str().to_owned()),
                    Value::from(statement.device.0),
                ]),
            )
            .build();
        let message = cose::sign1(claims, vec![(KCWT, certificate.to_value()?)], |data| {
            self.pair.sign(data).as_ref().to_vec()
        })?;
        let bytes = message
            .to_tagged_vec()
            .map_err(|e| ReceiptError::Encoding(e.to_string()))?;
        Ok(format!("{PREFIX}{}", base45::encode(bytes)))
    }
}

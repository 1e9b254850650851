//! The resident's receipt: proof, on paper or on a phone, that a desa office handed a
//! document over, which anyone can check offline with only Dukcapil's public key.
//!
//! A receipt is a *statement* (tracking code, kind, desa, time, relation, clerk,
//! device) signed at handover by the desa office's device. The device's key is
//! certified by the Dukcapil server when the device enrolls, and the certificate
//! travels inside the receipt, so a verifier needs nothing but the server's key (the
//! one devices already check the server's seals with, see [`crate::sync::seal`]).
//!
//! The format follows the EU Digital COVID Certificate and MOSIP Claim 169 (COSE and
//! CWT in a QR), so any COSE library can read it:
//!
//! ```text
//! "AR1:" base45( COSE_Sign1 (tag 18) {
//!     protected:   { 1 (alg): -8 (EdDSA),
//!                    13 (kcwt, RFC 9528): the device certificate, below },
//!     unprotected: {},
//!     payload:     CWT claims { 1 (iss): desa code "52.06.03.2012",
//!                               2 (sub): tracking code,
//!                               6 (iat): handover time (Unix seconds),
//!                               -65537: [kind, relation, clerk, device] },
//!     signature:   Ed25519 by the device key } )
//!
//! device certificate = COSE_Sign1 {
//!     protected: { 1: -8 }, unprotected: {},
//!     payload:   CWT claims { 2 (sub): desa code, 6 (iat): when certified,
//!                             8 (cnf): { 1 (COSE_Key): { 1: 1 (OKP), -1: 6 (Ed25519),
//!                                                         -2: the device's public key } },
//!                             -65537: device (actor id) },
//!     signature: Ed25519 by the Dukcapil server key }
//! ```
//!
//! `kind` and `relation` are the codes the API uses (`kk`, `family`); no NIK and no
//! recipient's name is in it: a receipt may be photographed and shared. Base45 without
//! zlib: the ~300 bytes are mostly keys and signatures, which do not compress (see
//! `docs/receipt.md` for the measured sizes and QR versions).

mod certificate;
mod cose;
mod key;
mod statement;
mod verify;

pub use certificate::{CertifiedKey, DeviceCertificate};
pub use key::DeviceKey;
pub use statement::Statement;
pub use verify::{Refusal, Verified, cbor_len, verify};

/// What every receipt's text starts with: Antar Receipt, version 1. Base45 keeps the
/// rest inside the QR alphanumeric set, as `HC1:` does for the EU certificate.
pub const PREFIX: &str = "AR1:";

/// The private CWT claim holding Antar's fields (the private-use range starts below
/// -65536).
const ANTAR_CLAIM: i64 = -65537;

/// COSE header parameter `kcwt` (RFC 9528): a CWT carrying the signer's key.
const KCWT: i64 = 13;

/// Why a receipt could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// The device's key is not the one its certificate names.
    #[error("the device certificate is for another key")]
    WrongCertificate,
    /// CBOR encoding failed (it does not for these small values).
    #[error("encoding the receipt failed: {0}")]
    Encoding(String),
}

impl crate::lang::Localized for ReceiptError {
    fn code(&self) -> &'static str {
        match self {
            ReceiptError::WrongCertificate => "receipt.wrong_certificate",
            ReceiptError::Encoding(_) => "receipt.encoding",
        }
    }
}

#[cfg(test)]
mod tests;

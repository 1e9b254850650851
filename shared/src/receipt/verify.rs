//! Checking a receipt: with Dukcapil's public key only, offline, and saying why one is
//! refused.

use coset::cbor::value::Value;
use coset::{CborSerializable, CoseSign1, TaggedCborSerializable};

use super::certificate::DeviceCertificate;
use super::cose::{self, antar_claim, as_u32, seconds};
use super::{KCWT, PREFIX, Statement};
use crate::doc::{ActorId, Relation};
use crate::kind::DocumentKind;
use crate::lang::Localized;
use crate::region::VillageCode;
use crate::sync::PublicKey;
use crate::text::PersonName;
use crate::time::UnixTime;
use crate::tracking::TrackingCode;

/// A receipt that checked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// What it says.
    pub statement: Statement,
    /// When Dukcapil certified the device that signed it.
    pub certified_at: UnixTime,
    /// The device's receipt key.
    pub device_key: PublicKey,
}

/// Why a receipt was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The text is not an Antar receipt (no `AR1:`).
    #[error("not an Antar receipt (it must start with AR1:)")]
    NotAReceipt,
    /// The text or its contents are broken (a mistyped or cut copy).
    #[error("the receipt is damaged or incomplete")]
    Damaged,
    /// Signed with an algorithm Antar does not use.
    #[error("the receipt uses an unknown signature algorithm")]
    UnknownAlgorithm,
    /// The device's key was not certified by this Dukcapil.
    #[error("the receipt's device was not certified by this Dukcapil")]
    Foreign,
    /// The device's signature does not match: something in it was changed.
    #[error("the receipt's signature does not match: it was changed")]
    Altered,
    /// The statement names another desa or device than its certificate.
    #[error("the receipt names another desa or device than its certificate")]
    Mismatch,
}

impl Localized for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::NotAReceipt => "receipt.not_a_receipt",
            Refusal::Damaged => "receipt.damaged",
            Refusal::UnknownAlgorithm => "receipt.unknown_algorithm",
            Refusal::Foreign => "receipt.foreign",
            Refusal::Altered => "receipt.altered",
            Refusal::Mismatch => "receipt.mismatch",
        }
    }
}

/// Checks a receipt's text (as scanned or pasted; spaces at the ends and line breaks a
/// copy added are ignored) against Dukcapil's public key.
pub fn verify(text: &str, dukcapil: PublicKey) -> Result<Verified, Refusal> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .collect();
    let body = text
        .get(..PREFIX.len())
        .filter(|p| p.eq_ignore_ascii_case(PREFIX))
        .map(|_| &text[PREFIX.len()..])
        .ok_or(Refusal::NotAReceipt)?;
    let bytes = base45::decode(body).map_err(|_| Refusal::Damaged)?;
    let message = CoseSign1::from_tagged_slice(&bytes)
        .or_else(|_| CoseSign1::from_slice(&bytes))
        .map_err(|_| Refusal::Damaged)?;
    if !cose::is_eddsa(&message) {
        return Err(Refusal::UnknownAlgorithm);
    }
    let certificate = message
        .protected
        .header
        .rest
        .iter()
        .find_map(|(label, value)| (*label == coset::Label::Int(KCWT)).then(|| value.clone()))
        .and_then(DeviceCertificate::from_value)
        .ok_or(Refusal::Damaged)?;
    let certified = certificate.open(dukcapil)?;
    if !cose::signed_by(&message, certified.key) {
        return Err(Refusal::Altered);
    }
    let statement = statement(&message).ok_or(Refusal::Damaged)?;
    if statement.desa != certified.desa || statement.device != certified.device {
        return Err(Refusal::Mismatch);
    }
    Ok(Verified {
        statement,
        certified_at: certified.at,
        device_key: certified.key,
    })
}

/// The statement in a signed receipt's claims.
fn statement(message: &CoseSign1) -> Option<Statement> {
    let claims = cose::claims(message)?;
    let desa = VillageCode::parse(claims.issuer.as_deref()?).ok()?;
    let code = TrackingCode::parse(claims.subject.as_deref()?).ok()?;
    let at = seconds(claims.issued_at.as_ref())?;
    let [kind, relation, clerk, device] = antar_claim(&claims)?.as_array()?.as_slice() else {
        return None;
    };
    Some(Statement {
        code,
        kind: DocumentKind::parse(text(kind)?).ok()?,
        desa,
        at: UnixTime(at),
        relation: Relation::parse(text(relation)?)?,
        clerk: PersonName::parse(text(clerk)?).ok()?,
        device: ActorId(as_u32(device)?),
    })
}

fn text(value: &Value) -> Option<&str> {
    value.as_text()
}

/// The receipt's CBOR size in bytes (for the docs' figures).
pub fn cbor_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix(PREFIX)?;
    let bytes = base45::decode(body).ok()?;
    CoseSign1::from_tagged_slice(&bytes).ok()?;
    Some(bytes.len())
}

//! The NIK check value: lets a clerk verify a typed NIK without the replica holding it.
//!
//! Given the desa, a NIK has only about 30 bits of entropy (kecamatan, birth date,
//! serial), so a fast hash on a stolen laptop is reversed in seconds. The check is
//! therefore Argon2id with a per-dispatch salt (derived from the dispatch's random
//! tracking code, so it costs no bytes on the wire) and a deliberately short 32-bit
//! tag: enough that a mistyped NIK matches by accident about once in four billion
//! tries, and no more than the NIK itself is worth. Brute force has to pay the full
//! Argon2id cost (about 2^30 evaluations) separately for every dispatch.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::Nik;
use crate::tracking::TrackingCode;

/// The Argon2id parameters used, named so that a replica knows how to recompute a check
/// written years earlier. Only ever add variants; never change one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NikCheckCost {
    /// Argon2id v1.3, 19 MiB, 2 passes, 1 lane (the OWASP minimum for Argon2id).
    Standard,
}

impl NikCheckCost {
    fn params(self) -> Result<argon2::Params, NikCheckError> {
        let (m, t, p) = match self {
            NikCheckCost::Standard => (19 * 1024, 2, 1),
        };
        argon2::Params::new(m, t, p, Some(TAG_LEN)).map_err(NikCheckError)
    }
}

const TAG_LEN: usize = 4;
const SALT_PREFIX: &[u8] = b"antar.nik.v1:";

/// Argon2id could not run (bad parameters or no memory). Not caused by user input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("perhitungan pemeriksa NIK gagal: {0}")]
pub struct NikCheckError(argon2::Error);

/// A slow, salted, truncated hash of a holder's NIK, carried in the Issue op.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NikCheck {
    /// Which parameters computed it.
    pub cost: NikCheckCost,
    /// The first 32 bits of the Argon2id output.
    pub tag: u32,
}

impl NikCheck {
    /// Computes the check for a holder's NIK on a dispatch (tens of milliseconds).
    pub fn compute(
        nik: &Nik,
        tracking: TrackingCode,
        cost: NikCheckCost,
    ) -> Result<Self, NikCheckError> {
        Ok(NikCheck {
            cost,
            tag: tag(nik, tracking, cost)?,
        })
    }

    /// Whether a typed NIK is the holder's.
    pub fn verify(&self, typed: &Nik, tracking: TrackingCode) -> Result<bool, NikCheckError> {
        Ok(tag(typed, tracking, self.cost)? == self.tag)
    }
}

fn tag(nik: &Nik, tracking: TrackingCode, cost: NikCheckCost) -> Result<u32, NikCheckError> {
    let mut salt = Vec::with_capacity(SALT_PREFIX.len() + 8);
    salt.extend_from_slice(SALT_PREFIX);
    salt.extend_from_slice(&tracking.bits().to_be_bytes());
    let argon = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        cost.params()?,
    );
    let mut out = [0u8; TAG_LEN];
    argon
        .hash_password_into(nik.expose().as_bytes(), &salt, &mut out)
        .map_err(NikCheckError)?;
    Ok(u32::from_be_bytes(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_the_holder_and_refuses_others() {
        let holder = Nik::parse("5206034507900001").unwrap();
        let sister = Nik::parse("5206034507900002").unwrap();
        let code = TrackingCode::from_bits(0x1F_2E3D_4C5B_6A79).unwrap();
        let check = NikCheck::compute(&holder, code, NikCheckCost::Standard).unwrap();
        assert!(check.verify(&holder, code).unwrap());
        assert!(!check.verify(&sister, code).unwrap());
    }

    #[test]
    fn the_salt_is_per_dispatch() {
        let holder = Nik::parse("5206034507900001").unwrap();
        let a = NikCheck::compute(
            &holder,
            TrackingCode::from_bits(1).unwrap(),
            NikCheckCost::Standard,
        )
        .unwrap();
        let b = NikCheck::compute(
            &holder,
            TrackingCode::from_bits(2).unwrap(),
            NikCheckCost::Standard,
        )
        .unwrap();
        assert_ne!(
            a.tag, b.tag,
            "the same NIK on two dispatches must not share a check value"
        );
    }

    #[test]
    fn small_on_the_wire() {
        let check = NikCheck {
            cost: NikCheckCost::Standard,
            tag: u32::MAX,
        };
        assert!(postcard::to_stdvec(&check).unwrap().len() <= 6);
    }
}

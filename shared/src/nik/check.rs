//! The NIK check value: lets a clerk verify a typed NIK offline without the replica
//! holding anything that gives the NIK back.
//!
//! Whatever a desa PC can check offline, a thief holding its replica can check too, so
//! the check is deliberately ambiguous: a 14-bit tag over the whole NIK, which about
//! one in 16,384 NIKs share. Two numbers set its length (the arithmetic is in
//! `docs/decisions/0011-nik-check.md`):
//!
//! - a wrong or mistyped NIK passes with probability 2⁻¹⁴ ≈ 0.006 % (caught ≥ 99.99 %);
//! - an attacker who knows the desa's kecamatan and the holder's sex still faces about
//!   36,500 birth dates × 9,999 serials ≈ 3.65 × 10⁸ NIKs, of which about 22,000 share
//!   the tag: at least 1,000 equally likely candidates is the target.
//!
//! No NIK digit is replicated beside it. The tag is Argon2id salted by the dispatch's
//! random tracking code, so every candidate costs a full Argon2id evaluation and no
//! table computed for one dispatch serves another.

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
        argon2::Params::new(m, t, p, Some(OUTPUT_LEN)).map_err(NikCheckError)
    }
}

/// How many bits of the Argon2id output the tag keeps.
pub const TAG_BITS: u32 = 14;
/// Argon2id's shortest output; the tag is cut from its first bytes.
const OUTPUT_LEN: usize = 4;
const SALT_PREFIX: &[u8] = b"antar.nik.v2:";

/// Argon2id could not run (bad parameters or no memory). Not caused by user input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the NIK check could not be computed: {0}")]
pub struct NikCheckError(argon2::Error);

/// Argon2id's working memory, kept by a worker between checks (see
/// [`NikCheck::compute_in`]); empty until first used.
#[derive(Default)]
pub struct NikScratch {
    blocks: Vec<argon2::Block>,
}

impl std::fmt::Debug for NikScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NikScratch({} blocks)", self.blocks.len())
    }
}

/// A tag of [`TAG_BITS`] bits; anything wider is refused when read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct NikTag(u16);

/// A tag read from the wire that is wider than [`TAG_BITS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("a NIK check tag has {TAG_BITS} bits; {0} is wider")]
pub struct TagTooWide(u16);

impl TryFrom<u16> for NikTag {
    type Error = TagTooWide;
    fn try_from(value: u16) -> Result<Self, TagTooWide> {
        if u32::from(value) >> TAG_BITS == 0 {
            Ok(NikTag(value))
        } else {
            Err(TagTooWide(value))
        }
    }
}

impl From<NikTag> for u16 {
    fn from(tag: NikTag) -> u16 {
        tag.0
    }
}

/// A slow, salted, deliberately ambiguous hash of a holder's NIK, carried in the Issue
/// op.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NikCheck {
    /// Which parameters computed it.
    pub cost: NikCheckCost,
    /// The first [`TAG_BITS`] bits of the Argon2id output.
    pub tag: NikTag,
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
            tag: tag(nik, tracking, cost.params()?, None)?,
        })
    }

    /// [`NikCheck::compute`] in memory the caller keeps: a worker computing checks one
    /// after another reuses one 19 MiB buffer instead of asking the allocator for a
    /// new one each time (which glibc keeps per thread once freed, hundreds of MB on
    /// a server that published a large import).
    pub fn compute_in(
        nik: &Nik,
        tracking: TrackingCode,
        cost: NikCheckCost,
        scratch: &mut NikScratch,
    ) -> Result<Self, NikCheckError> {
        Ok(NikCheck {
            cost,
            tag: tag(nik, tracking, cost.params()?, Some(scratch))?,
        })
    }

    /// Whether a typed NIK could be the holder's: `false` is certain, `true` is wrong
    /// once in 2¹⁴.
    pub fn verify(&self, typed: &Nik, tracking: TrackingCode) -> Result<bool, NikCheckError> {
        Ok(tag(typed, tracking, self.cost.params()?, None)? == self.tag)
    }
}

/// The tag under any parameters: the cost variants above in production, cheap ones in
/// the test that counts an attacker's candidates.
fn tag(
    nik: &Nik,
    tracking: TrackingCode,
    params: argon2::Params,
    scratch: Option<&mut NikScratch>,
) -> Result<NikTag, NikCheckError> {
    let mut salt = Vec::with_capacity(SALT_PREFIX.len() + 8);
    salt.extend_from_slice(SALT_PREFIX);
    salt.extend_from_slice(&tracking.bits().to_be_bytes());
    let blocks = params.block_count();
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = [0u8; OUTPUT_LEN];
    match scratch {
        Some(scratch) => {
            scratch.blocks.resize(blocks, argon2::Block::new());
            argon.hash_password_into_with_memory(
                nik.expose().as_bytes(),
                &salt,
                &mut out,
                &mut scratch.blocks[..blocks],
            )
        }
        None => argon.hash_password_into(nik.expose().as_bytes(), &salt, &mut out),
    }
    .map_err(NikCheckError)?;
    let top = u16::from_be_bytes([out[0], out[1]]) >> (16 - TAG_BITS);
    Ok(NikTag(top))
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;

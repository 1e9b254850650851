//! Seals: the server's signed word that it held an actor's ops, so a device can hand
//! them back to a server restored from an older backup.
//!
//! Each actor's ops in a desa document form a hash chain (SHA-256 over the previous
//! link and the op's canonical bytes). When the server sends ops it adds, for each actor
//! in the page, a *seal*: an Ed25519 signature over (desa, actor, last counter sent,
//! chain at that counter). The chain itself is not sent: a device recomputes it from the
//! ops and checks the signature with the server's public key, received at enrollment.
//!
//! A restored server that lost ops of some actor gets them back from any device that
//! holds them: the device sends the ops with the seal it kept, and the server recomputes
//! the chain from the last op it still has and checks its own signature. One signature
//! covers any number of ops, so seals cost 70 bytes per actor per page, not per op.

use std::fmt;

use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::doc::codec::{CodecError, op_bytes};
use crate::doc::{ActorId, Op};
use crate::region::VillageCode;

/// One link of an actor's hash chain in one desa document.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chain(pub [u8; 32]);

impl Chain {
    /// The link before an actor's first op.
    pub const START: Chain = Chain([0; 32]);

    /// The link after `op` (the next op of this chain's actor).
    pub fn next(self, desa: VillageCode, op: &Op) -> Result<Chain, CodecError> {
        let mut hash = Sha256::new();
        hash.update(b"antar/chain/v1\0");
        hash.update(desa.to_string().as_bytes());
        hash.update([0]);
        hash.update(self.0);
        hash.update(op_bytes(op)?);
        Ok(Chain(hash.finalize().into()))
    }

    /// The link after a run of ops of one actor, from this one.
    pub fn over<'a>(
        self,
        desa: VillageCode,
        ops: impl IntoIterator<Item = &'a Op>,
    ) -> Result<Chain, CodecError> {
        ops.into_iter()
            .try_fold(self, |chain, op| chain.next(desa, op))
    }
}

impl fmt::Debug for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Chain({})", hex(&self.0[..8]))
    }
}

/// The server's signature over an actor's chain at a counter.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// Whose ops.
    pub actor: ActorId,
    /// Up to and including this counter.
    pub counter: u64,
    /// Ed25519 over [`seal_message`].
    pub signature: Signature,
}

impl fmt::Debug for Seal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Seal({}.{})", self.actor, self.counter)
    }
}

/// An Ed25519 signature (64 bytes; hex in JSON).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature(pub [u8; 64]);

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({}…)", hex(&self.0[..8]))
    }
}

impl Signature {
    /// Lower-case hex.
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// Parses 128 hex digits.
    pub fn from_hex(text: &str) -> Option<Signature> {
        unhex(text)?.try_into().ok().map(Signature)
    }
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&hex(&self.0))
        } else {
            s.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let bytes: Vec<u8> = if d.is_human_readable() {
            let text = String::deserialize(d)?;
            unhex(&text).ok_or_else(|| serde::de::Error::custom("expected 128 hex digits"))?
        } else {
            serde_bytes_vec(d)?
        };
        let array: [u8; 64] = bytes
            .try_into()
            .map_err(|_| serde::de::Error::custom("a signature is 64 bytes"))?;
        Ok(Signature(array))
    }
}

fn serde_bytes_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    struct BytesVisitor;
    impl<'de> serde::de::Visitor<'de> for BytesVisitor {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("bytes")
        }
        fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }
        fn visit_borrowed_bytes<E: serde::de::Error>(self, v: &'de [u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }
    }
    d.deserialize_bytes(BytesVisitor)
}

/// The bytes a seal signs.
fn seal_message(desa: VillageCode, actor: ActorId, counter: u64, chain: Chain) -> Vec<u8> {
    let mut message = b"antar/seal/v1\0".to_vec();
    message.extend_from_slice(desa.to_string().as_bytes());
    message.push(0);
    message.extend_from_slice(&actor.0.to_be_bytes());
    message.extend_from_slice(&counter.to_be_bytes());
    message.extend_from_slice(&chain.0);
    message
}

/// The bytes a device certificate signs: this server gave `actor` in `desa`'s document
/// to the holder of the token with this SHA-256.
fn certificate_message(desa: VillageCode, actor: ActorId, token_hash: &[u8]) -> Vec<u8> {
    let mut message = b"antar/device/v1\0".to_vec();
    message.extend_from_slice(desa.to_string().as_bytes());
    message.push(0);
    message.extend_from_slice(&actor.0.to_be_bytes());
    message.extend_from_slice(token_hash);
    message
}

/// The server's signing key (kept in its database; never leaves the server).
pub struct ServerKey {
    pair: Ed25519KeyPair,
}

impl fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServerKey({})", self.public().to_hex())
    }
}

/// Why a key could not be made or read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum KeyError {
    /// The system's random source failed.
    #[error("no randomness for a new key")]
    Entropy,
    /// The stored key is not a valid Ed25519 key.
    #[error("the stored server key is invalid")]
    Invalid,
}

impl ServerKey {
    /// A new key, as the PKCS#8 bytes to store.
    pub fn generate() -> Result<Vec<u8>, KeyError> {
        new_pkcs8()
    }

    /// The key from its stored PKCS#8 bytes.
    pub fn from_pkcs8(bytes: &[u8]) -> Result<ServerKey, KeyError> {
        pair_from_pkcs8(bytes).map(|pair| ServerKey { pair })
    }

    /// The public half, for devices.
    pub fn public(&self) -> PublicKey {
        public_of(&self.pair)
    }

    /// A device's certificate: proof, for a server restored from an older backup that
    /// forgot the device, that it enrolled as `actor` in `desa` with this token.
    pub fn certify(&self, desa: VillageCode, actor: ActorId, token_hash: &[u8]) -> Signature {
        let signature = self
            .pair
            .sign(&certificate_message(desa, actor, token_hash));
        let mut out = [0u8; 64];
        out.copy_from_slice(signature.as_ref());
        Signature(out)
    }

    /// Signs a message of another module's making (a receipt key's certificate).
    pub(crate) fn sign(&self, message: &[u8]) -> Signature {
        let mut out = [0u8; 64];
        out.copy_from_slice(self.pair.sign(message).as_ref());
        Signature(out)
    }

    /// Seals `actor`'s ops up to `counter`, whose chain is `chain`.
    pub fn seal(&self, desa: VillageCode, actor: ActorId, counter: u64, chain: Chain) -> Seal {
        let signature = self.pair.sign(&seal_message(desa, actor, counter, chain));
        let mut out = [0u8; 64];
        out.copy_from_slice(signature.as_ref());
        Seal {
            actor,
            counter,
            signature: Signature(out),
        }
    }
}

/// A new Ed25519 key as PKCS#8 bytes (the server's key, a device's receipt key).
pub(crate) fn new_pkcs8() -> Result<Vec<u8>, KeyError> {
    let rng = ring::rand::SystemRandom::new();
    Ed25519KeyPair::generate_pkcs8(&rng)
        .map(|doc| doc.as_ref().to_vec())
        .map_err(|_| KeyError::Entropy)
}

/// An Ed25519 key pair from its PKCS#8 bytes.
pub(crate) fn pair_from_pkcs8(bytes: &[u8]) -> Result<Ed25519KeyPair, KeyError> {
    Ed25519KeyPair::from_pkcs8(bytes).map_err(|_| KeyError::Invalid)
}

/// The public half of a key pair.
pub(crate) fn public_of(pair: &Ed25519KeyPair) -> PublicKey {
    let mut out = [0u8; 32];
    out.copy_from_slice(pair.public_key().as_ref());
    PublicKey(out)
}

/// The server's public key: what a device checks seals with.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(pub [u8; 32]);

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_hex())
    }
}

impl PublicKey {
    /// Lower-case hex.
    pub fn to_hex(self) -> String {
        hex(&self.0)
    }

    /// Parses 64 hex digits.
    pub fn from_hex(text: &str) -> Option<PublicKey> {
        unhex(text)?.try_into().ok().map(PublicKey)
    }

    /// Whether `certificate` is this key's word that `actor` in `desa` belongs to the
    /// holder of the token with this SHA-256.
    pub fn verify_certificate(
        self,
        desa: VillageCode,
        actor: ActorId,
        token_hash: &[u8],
        certificate: &Signature,
    ) -> bool {
        UnparsedPublicKey::new(&ED25519, self.0)
            .verify(
                &certificate_message(desa, actor, token_hash),
                &certificate.0,
            )
            .is_ok()
    }

    /// Whether `signature` is this key's over `message` (a receipt, a certificate).
    pub fn verify_bytes(self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&ED25519, self.0)
            .verify(message, signature)
            .is_ok()
    }

    /// Whether `seal` is this key's signature over `chain` in `desa`'s document.
    pub fn verify(self, desa: VillageCode, seal: &Seal, chain: Chain) -> bool {
        UnparsedPublicKey::new(&ED25519, self.0)
            .verify(
                &seal_message(desa, seal.actor, seal.counter, chain),
                &seal.signature.0,
            )
            .is_ok()
    }
}

/// Lower-case hex of bytes (keys, signatures, certificates).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of a hex text (either case), or `None` when it is not hex.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{DispatchId, OpBody};
    use crate::text::NoteText;
    use crate::time::UnixTime;

    fn naru() -> VillageCode {
        VillageCode::parse("52.06.03.2012").unwrap()
    }

    fn note(counter: u64, text: &str) -> Op {
        Op {
            dot: crdts::Dot::new(ActorId(2), counter),
            time: UnixTime(1_793_491_200),
            body: OpBody::Note {
                dispatch: DispatchId(crate::tracking::TrackingCode::from_bits(42).unwrap()),
                text: NoteText::parse(text).unwrap(),
            },
        }
    }

    #[test]
    fn a_seal_covers_exactly_the_ops_it_was_made_over() {
        let key = ServerKey::from_pkcs8(&ServerKey::generate().unwrap()).unwrap();
        let ops = [note(1, "satu"), note(2, "dua")];
        let chain = Chain::START.over(naru(), &ops).unwrap();
        let seal = key.seal(naru(), ActorId(2), 2, chain);
        assert!(key.public().verify(naru(), &seal, chain));

        // Another op in the chain, another desa, another counter: all refused.
        let forged = Chain::START
            .over(naru(), &[note(1, "satu"), note(2, "tiga")])
            .unwrap();
        assert!(!key.public().verify(naru(), &seal, forged));
        let elsewhere = VillageCode::parse("52.06.14.2007").unwrap();
        assert!(!key.public().verify(elsewhere, &seal, chain));
        let mut shifted = seal;
        shifted.counter = 3;
        assert!(!key.public().verify(naru(), &shifted, chain));

        // Another server's key does not verify it.
        let other = ServerKey::from_pkcs8(&ServerKey::generate().unwrap()).unwrap();
        assert!(!other.public().verify(naru(), &seal, chain));
    }

    #[test]
    fn seals_travel_in_both_encodings() {
        let key = ServerKey::from_pkcs8(&ServerKey::generate().unwrap()).unwrap();
        let seal = key.seal(naru(), ActorId(2), 7, Chain::START);
        let json = serde_json::to_string(&seal).unwrap();
        assert_eq!(serde_json::from_str::<Seal>(&json).unwrap(), seal);
        let bytes = postcard::to_stdvec(&seal).unwrap();
        assert!(bytes.len() <= 72, "{} bytes", bytes.len());
        assert_eq!(postcard::from_bytes::<Seal>(&bytes).unwrap(), seal);
        assert_eq!(
            PublicKey::from_hex(&key.public().to_hex()),
            Some(key.public())
        );
        assert!(ServerKey::from_pkcs8(b"not a key").is_err());
    }

    #[test]
    fn a_certificate_names_one_device_token_and_desa() {
        let key = ServerKey::from_pkcs8(&ServerKey::generate().unwrap()).unwrap();
        let certificate = key.certify(naru(), ActorId(29_000_001), b"token hash");
        let public = key.public();
        assert!(public.verify_certificate(
            naru(),
            ActorId(29_000_001),
            b"token hash",
            &certificate
        ));
        assert!(!public.verify_certificate(
            naru(),
            ActorId(29_000_003),
            b"token hash",
            &certificate
        ));
        assert!(!public.verify_certificate(naru(), ActorId(29_000_001), b"other", &certificate));
        let elsewhere = VillageCode::parse("52.06.14.2007").unwrap();
        assert!(!public.verify_certificate(
            elsewhere,
            ActorId(29_000_001),
            b"token hash",
            &certificate
        ));
        assert_eq!(
            Signature::from_hex(&certificate.to_hex()),
            Some(certificate)
        );
    }
}

//! Tokens, one-time codes and passwords.
//!
//! Tokens and codes are random and stored only as SHA-256 hashes (they are long random
//! strings, so a fast hash is enough); passwords are people-chosen and get Argon2id.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

/// Crockford base32 without look-alikes, for codes people type.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn random_bytes<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut bytes = [0u8; N];
    antar_shared::seams::fill(&mut bytes)?;
    Ok(bytes)
}

/// A bearer token: 32 random bytes, hex (256 bits).
pub fn new_token() -> Result<String, getrandom::Error> {
    Ok(random_bytes::<32>()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A one-time enrollment code for a person to type: 10 base32 characters (50 bits),
/// grouped `ABCDE-FGHJK`. Guessing is bounded by expiry, single use and rate limits.
pub fn new_enroll_code() -> Result<String, getrandom::Error> {
    let bytes = random_bytes::<10>()?;
    let chars: String = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b % 32)]))
        .collect();
    Ok(format!("{}-{}", &chars[..5], &chars[5..]))
}

/// Normalises a typed enrollment code (case, dashes, spaces, look-alikes) before hashing.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        })
        .collect()
}

/// SHA-256 of a token or normalised code, as stored.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A readable random password for a new account (16 base32 characters, 80 bits).
pub fn new_password() -> Result<String, getrandom::Error> {
    let bytes = random_bytes::<16>()?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b % 32)]).to_ascii_lowercase())
        .collect())
}

/// Argon2id PHC string of a password.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = random_bytes::<16>().map_err(|e| e.to_string())?;
    argon2::Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether a password matches a stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    argon2::Argon2::default()
        .verify_password(password.as_bytes(), phc)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify() {
        let hash = hash_password("rahasia-desa").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("rahasia-desa", &hash));
        assert!(!verify_password("salah", &hash));
    }

    #[test]
    fn codes_normalise() {
        let code = new_enroll_code().unwrap();
        assert_eq!(code.len(), 11);
        assert_eq!(normalise_code(&code.to_lowercase()), normalise_code(&code));
        assert_eq!(normalise_code("ab-cd o1 L"), "ABCD011");
        assert_ne!(new_token().unwrap(), new_token().unwrap());
    }
}

//! Clerk accounts for LAN mode: when the clerk's UI listens on the office network
//! (`antar-agent run --ui 0.0.0.0:7420`), anyone on that network can reach it, so each
//! clerk logs in with a name and a PIN set by the desa's head clerk on the box
//! (`antar-agent clerk add`). On the office PC's own screen (`127.0.0.1`, the default)
//! there is no login.
//!
//! Why these numbers: a PIN is short so it can be typed on a cheap phone, so it is
//! guarded by a lockout rather than by its length — five wrong PINs in a row lock the
//! account for 15 minutes (about 480 guesses a day against a million six-digit PINs),
//! and the head clerk can unlock it at once by setting a new PIN. PINs are hashed with
//! Argon2id (19 MiB, as OWASP advises: affordable on a 1 GB board) so a copied replica
//! file does not give them away. A session lasts one working day and is stored only as
//! the SHA-256 of its random token.

use antar_shared::lang::Localized;
use antar_shared::text::PersonName;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

use crate::now;
use crate::replica::{ClerkRow, Replica, ReplicaError};

/// The shortest PIN accepted.
pub const PIN_MIN: usize = 6;
/// The longest PIN accepted.
pub const PIN_MAX: usize = 12;
/// Wrong PINs in a row that lock an account.
pub const LOCK_AFTER: i64 = 5;
/// How long a locked account refuses every PIN.
pub const LOCK_SECS: i64 = 15 * 60;
/// How long a session lasts: one working day.
pub const SESSION_SECS: i64 = 12 * 3600;

/// A clerk account that could not be added, changed or logged in to. Nothing changed
/// (except the count of wrong PINs).
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The name is not a person's name.
    #[error("clerk name: {0}")]
    Name(#[from] antar_shared::text::TextError),
    /// The PIN is not 6 to 12 digits.
    #[error("the PIN must be {PIN_MIN} to {PIN_MAX} digits")]
    BadPin,
    /// An account of that name exists.
    #[error("clerk {0:?} exists")]
    Exists(String),
    /// No account of that name.
    #[error("no clerk {0:?}")]
    NotFound(String),
    /// Wrong name or PIN (which one is not said).
    #[error("wrong name or PIN")]
    LoginFailed,
    /// Too many wrong PINs: locked until then (Unix seconds).
    #[error("locked until {0}")]
    Locked(i64),
    /// Hashing or the random source failed.
    #[error("PIN hashing failed: {0}")]
    Hash(String),
    /// The replica failed.
    #[error(transparent)]
    Replica(#[from] ReplicaError),
}

impl Localized for AccountError {
    fn code(&self) -> &'static str {
        match self {
            AccountError::Name(e) => e.code(),
            AccountError::BadPin => "clerk_account.bad_pin",
            AccountError::Exists(_) => "clerk_account.exists",
            AccountError::NotFound(_) => "clerk_account.not_found",
            AccountError::LoginFailed => "clerk_account.login_failed",
            AccountError::Locked(_) => "clerk_account.locked",
            AccountError::Hash(_) => "clerk_account.hash_failed",
            AccountError::Replica(e) => e.code(),
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            AccountError::Name(e) => e.args(),
            AccountError::BadPin => {
                vec![("min", PIN_MIN.to_string()), ("max", PIN_MAX.to_string())]
            }
            AccountError::Exists(name) | AccountError::NotFound(name) => {
                vec![("name", name.clone())]
            }
            AccountError::Locked(until) => {
                let minutes = (until - now()).max(60) / 60;
                vec![("minutes", minutes.to_string())]
            }
            AccountError::Replica(e) => e.args(),
            AccountError::LoginFailed | AccountError::Hash(_) => Vec::new(),
        }
    }
}

/// A clerk logged in to the UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    /// The account's name, as recorded on ops and handovers.
    pub name: String,
    /// May manage the other accounts.
    pub head: bool,
}

impl From<ClerkRow> for SignedIn {
    fn from(row: ClerkRow) -> Self {
        SignedIn {
            name: row.name,
            head: row.head,
        }
    }
}

/// A PIN as typed: digits only, 6 to 12 of them (spaces around it ignored).
pub fn check_pin(pin: &str) -> Result<&str, AccountError> {
    let pin = pin.trim();
    let ok = (PIN_MIN..=PIN_MAX).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(pin)
    } else {
        Err(AccountError::BadPin)
    }
}

/// A random six-digit PIN, for the head clerk to hand over in person.
pub fn new_pin() -> Result<String, AccountError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| AccountError::Hash(e.to_string()))?;
    Ok(format!("{:06}", u64::from_le_bytes(bytes) % 1_000_000))
}

fn random_salt() -> Result<[u8; 16], AccountError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AccountError::Hash(e.to_string()))?;
    Ok(salt)
}

/// Argon2id PHC string of a PIN, off the async threads.
async fn hash_pin(pin: &str) -> Result<String, AccountError> {
    let pin = check_pin(pin)?.to_owned();
    let salt = random_salt()?;
    tokio::task::spawn_blocking(move || {
        argon2::Argon2::default()
            .hash_password_with_salt(pin.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AccountError::Hash(e.to_string()))
    })
    .await
    .map_err(|e| AccountError::Hash(e.to_string()))?
}

/// Whether a PIN matches a stored PHC string, off the async threads.
async fn pin_matches(pin: &str, phc: String) -> bool {
    let pin = pin.trim().to_owned();
    tokio::task::spawn_blocking(move || {
        argon2::Argon2::default()
            .verify_password(pin.as_bytes(), phc.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

/// A hash no PIN matches, checked for unknown names so the answer's timing does not
/// say which names have accounts.
async fn dummy_hash() -> Option<String> {
    static DUMMY: tokio::sync::OnceCell<Option<String>> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_init(|| async { hash_pin("000000").await.ok() })
        .await
        .clone()
}

/// The SHA-256 of a session token, as stored.
fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Adds an account. The name is checked as a person's name (it is recorded on
/// handovers).
pub async fn add(
    replica: &Replica,
    name: &str,
    pin: &str,
    head: bool,
) -> Result<String, AccountError> {
    let name = PersonName::parse(name)?.as_str().to_owned();
    let hash = hash_pin(pin).await?;
    if replica.add_clerk(&name, &hash, head, now()).await? {
        Ok(name)
    } else {
        Err(AccountError::Exists(name))
    }
}

/// Sets an account's PIN; unlocks it and logs it out everywhere.
pub async fn set_pin(replica: &Replica, name: &str, pin: &str) -> Result<(), AccountError> {
    let hash = hash_pin(pin).await?;
    if replica.set_clerk_pin(name.trim(), &hash).await? {
        Ok(())
    } else {
        Err(AccountError::NotFound(name.trim().to_owned()))
    }
}

/// Removes an account and its sessions.
pub async fn remove(replica: &Replica, name: &str) -> Result<(), AccountError> {
    if replica.remove_clerk(name.trim()).await? {
        Ok(())
    } else {
        Err(AccountError::NotFound(name.trim().to_owned()))
    }
}

/// Checks a name and PIN and opens a session: the token for the cookie (stored only as
/// its hash) and who logged in. A locked account refuses even the right PIN.
pub async fn login(
    replica: &Replica,
    name: &str,
    pin: &str,
) -> Result<(String, SignedIn), AccountError> {
    let now = now();
    let account = replica.clerk(name.trim()).await?;
    if let Some(a) = &account
        && a.locked_until > now
    {
        return Err(AccountError::Locked(a.locked_until));
    }
    let hash = match &account {
        Some(a) => a.pin_hash.clone(),
        None => dummy_hash().await.ok_or(AccountError::LoginFailed)?,
    };
    let ok = pin_matches(pin, hash).await;
    let Some(account) = account else {
        return Err(AccountError::LoginFailed);
    };
    if !ok {
        let after = replica
            .clerk_failed(&account.name, now, LOCK_AFTER, LOCK_SECS)
            .await?;
        tracing::warn!(clerk = %account.name, failures = after.as_ref().map(|a| a.failures), "clerk UI: wrong PIN");
        return Err(match after {
            Some(a) if a.locked_until > now => AccountError::Locked(a.locked_until),
            _ => AccountError::LoginFailed,
        });
    }
    let mut token = [0u8; 32];
    getrandom::fill(&mut token).map_err(|e| AccountError::Hash(e.to_string()))?;
    let token: String = token.iter().map(|b| format!("{b:02x}")).collect();
    replica
        .open_clerk_session(&account.name, &token_hash(&token), now, now + SESSION_SECS)
        .await?;
    tracing::info!(clerk = %account.name, "clerk UI: logged in");
    Ok((token, account.into()))
}

/// The clerk a session token belongs to, while it lasts.
pub async fn session(replica: &Replica, token: &str) -> Result<Option<SignedIn>, ReplicaError> {
    Ok(replica
        .clerk_session(&token_hash(token), now())
        .await?
        .map(SignedIn::from))
}

/// Ends a session.
pub async fn logout(replica: &Replica, token: &str) -> Result<(), ReplicaError> {
    replica.end_clerk_session(&token_hash(token)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_six_to_twelve_digits() {
        assert_eq!(check_pin(" 123456 ").unwrap(), "123456");
        assert!(check_pin("123456789012").is_ok());
        for bad in ["12345", "1234567890123", "12345a", "", "١٢٣٤٥٦"] {
            assert!(matches!(check_pin(bad), Err(AccountError::BadPin)), "{bad}");
        }
        let pin = new_pin().unwrap();
        assert!(check_pin(&pin).is_ok(), "{pin}");
    }

    #[tokio::test]
    async fn five_wrong_pins_lock_the_account_and_a_new_pin_unlocks_it() {
        let dir = tempfile::tempdir().unwrap();
        let replica = Replica::open(dir.path()).await.unwrap();
        let name = add(&replica, "  Nurul   Hamzah ", "246810", true)
            .await
            .unwrap();
        assert_eq!(name, "Nurul Hamzah");
        assert!(matches!(
            add(&replica, "nurul hamzah", "135790", false).await,
            Err(AccountError::Exists(_))
        ));
        let (token, who) = login(&replica, "NURUL HAMZAH", "246810").await.unwrap();
        assert_eq!(
            who,
            SignedIn {
                name: "Nurul Hamzah".into(),
                head: true
            }
        );
        assert_eq!(session(&replica, &token).await.unwrap(), Some(who));
        assert_eq!(session(&replica, "not-a-token").await.unwrap(), None);
        // An unknown name and a wrong PIN read the same.
        assert!(matches!(
            login(&replica, "Siti", "246810").await,
            Err(AccountError::LoginFailed)
        ));
        for _ in 0..LOCK_AFTER - 1 {
            assert!(matches!(
                login(&replica, "Nurul Hamzah", "111111").await,
                Err(AccountError::LoginFailed)
            ));
        }
        assert!(matches!(
            login(&replica, "Nurul Hamzah", "111111").await,
            Err(AccountError::Locked(_))
        ));
        // Locked: even the right PIN is refused.
        assert!(matches!(
            login(&replica, "Nurul Hamzah", "246810").await,
            Err(AccountError::Locked(_))
        ));
        set_pin(&replica, "nurul hamzah", "97531024").await.unwrap();
        // A new PIN logs the account out everywhere.
        assert_eq!(session(&replica, &token).await.unwrap(), None);
        let (token, _) = login(&replica, "Nurul Hamzah", "97531024").await.unwrap();
        logout(&replica, &token).await.unwrap();
        assert_eq!(session(&replica, &token).await.unwrap(), None);
        remove(&replica, "Nurul Hamzah").await.unwrap();
        assert_eq!(replica.clerk_count().await.unwrap(), 0);
    }
}

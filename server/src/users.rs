//! Operator accounts.

use crate::error::{AppError, ErrorKind};
use crate::secret;
use crate::store::users::{Role, User};
use crate::store::{Store, now};

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Adds an account after checking the name and password.
pub async fn add(store: &Store, name: &str, role: Role, password: &str) -> Result<User, AppError> {
    let name = name.trim();
    let name_ok = (3..=40).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "._-".contains(c));
    if !name_ok {
        return Err(AppError::new(ErrorKind::Unprocessable, "user.bad_name"));
    }
    if password.chars().count() < MIN_PASSWORD {
        return Err(
            AppError::new(ErrorKind::Unprocessable, "user.weak_password").arg("min", MIN_PASSWORD),
        );
    }
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal_message)?;
    store
        .add_user(name, role, &hash, now())
        .await?
        .ok_or_else(|| {
            AppError::new(ErrorKind::Conflict, "user.exists").arg("name", format!("{name:?}"))
        })
}

/// A password hash no password matches, computed once, for unknown names.
fn dummy_hash() -> Option<String> {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| {
            secret::new_password()
                .ok()
                .and_then(|p| secret::hash_password(&p).ok())
        })
        .clone()
}

/// How long a login session lasts.
pub const SESSION_SECS: i64 = 12 * 3600;

/// Checks a name and password and opens a session; returns the session token (shown
/// once, stored only as a hash), when it expires, and the account.
pub async fn login(
    store: &Store,
    name: &str,
    password: &str,
) -> Result<(String, i64, User), AppError> {
    let refused = || AppError::new(ErrorKind::Unauthorized, "auth.login_failed");
    let account = store.user_by_name(name.trim()).await?;
    // An unknown name costs the same Argon2 check as a wrong password, so the answer's
    // timing does not tell which account names exist.
    let hash = match &account {
        Some(a) => a.password_hash.clone(),
        None => dummy_hash().ok_or_else(refused)?,
    };
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || secret::verify_password(&password, &hash))
        .await
        .map_err(AppError::internal)?;
    let account = match account {
        Some(account) if ok => account,
        _ => return Err(refused()),
    };
    let token = secret::new_token().map_err(AppError::internal)?;
    let now = now();
    let expires_at = now + SESSION_SECS;
    store
        .add_session(
            &secret::hash_token(&token),
            account.user.id,
            "login",
            now,
            Some(expires_at),
        )
        .await?;
    Ok((token, expires_at, account.user))
}

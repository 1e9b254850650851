//! Operator accounts.

use crate::audit::{self, Event, Who};
use crate::error::{AppError, ErrorKind};
use crate::secret;
use crate::store::users::{Role, User};
use crate::store::{Store, now};

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Adds an account after checking the name and password.
pub async fn add(
    store: &Store,
    who: &Who,
    name: &str,
    role: Role,
    password: &str,
) -> Result<User, AppError> {
    who.scope().require_all()?;
    let user = add_unrecorded(store, name, role, password).await?;
    let event =
        Event::new("user_add", &user.name).detail(serde_json::json!({"role": role.as_str()}));
    audit::record(store, who, event).await;
    Ok(user)
}

async fn add_unrecorded(
    store: &Store,
    name: &str,
    role: Role,
    password: &str,
) -> Result<User, AppError> {
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
///
/// Every attempt is in the audit log: `login` with the account, or `login_failed`
/// with the name as typed; both with the client's address.
pub async fn login(
    store: &Store,
    name: &str,
    password: &str,
    address: Option<std::net::IpAddr>,
) -> Result<(String, i64, User), AppError> {
    match login_unrecorded(store, name, password).await {
        Ok(session) => {
            audit::record(
                store,
                &Who::user(&session.2, address),
                Event::new("login", ""),
            )
            .await;
            Ok(session)
        }
        Err(e) => {
            if e.code == "auth.login_failed" {
                let who = Who::claimed(name.trim(), address);
                audit::record(store, &who, Event::new("login_failed", "")).await;
            }
            Err(e)
        }
    }
}

async fn login_unrecorded(
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
    // Said only to someone who knows the password: a disabled account is not a secret
    // to its owner.
    if store.is_disabled(account.user.id).await? {
        return Err(AppError::new(ErrorKind::Forbidden, "auth.disabled"));
    }
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
    store.record_login(account.user.id, now).await?;
    Ok((token, expires_at, account.user))
}

/// The account of that name (spaces around it ignored), or `user.not_found` naming it.
pub async fn account(store: &Store, name: &str) -> Result<User, AppError> {
    store
        .user_by_name(name.trim())
        .await?
        .map(|a| a.user)
        .ok_or_else(|| {
            AppError::not_found("user.not_found").arg("user", format!("{:?}", name.trim()))
        })
}

/// A password checked for length and hashed (Argon2id, off the async threads).
async fn new_hash(password: &str) -> Result<String, AppError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(
            AppError::new(ErrorKind::Unprocessable, "user.weak_password").arg("min", MIN_PASSWORD),
        );
    }
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal_message)
}

/// Changes one's own password: the current one must be given. Other login sessions
/// of the account end (the caller logs in again).
pub async fn change_password(
    store: &Store,
    who: &Who,
    user: &User,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let account = store.user_by_name(&user.name).await?.ok_or_else(|| {
        AppError::not_found("user.not_found").arg("user", format!("{:?}", user.name))
    })?;
    let (current, hash) = (current.to_owned(), account.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || secret::verify_password(&current, &hash))
        .await
        .map_err(AppError::internal)?;
    if !ok {
        return Err(AppError::new(
            ErrorKind::Unprocessable,
            "user.wrong_password",
        ));
    }
    let hash = new_hash(new).await?;
    store.set_password(user.id, &hash).await?;
    audit::record(store, who, Event::new("user_password", &user.name)).await;
    Ok(())
}

/// Sets a new password for someone who forgot theirs: a generated one-time password
/// (returned, to hand over in person), and every login session of the account ends.
pub async fn reset_password(store: &Store, who: &Who, name: &str) -> Result<String, AppError> {
    who.scope().require_all()?;
    let user = account(store, name).await?;
    let password = secret::new_password().map_err(AppError::internal)?;
    let hash = new_hash(&password).await?;
    store.set_password(user.id, &hash).await?;
    audit::record(store, who, Event::new("user_reset", &user.name)).await;
    Ok(password)
}

/// Disables an account (every session and API token ends at once) or enables it again.
/// An administrator cannot disable their own account (so one always remains).
pub async fn set_enabled(
    store: &Store,
    who: &Who,
    name: &str,
    enabled: bool,
) -> Result<User, AppError> {
    who.scope().require_all()?;
    let user = account(store, name).await?;
    if !enabled && who.user_id() == Some(user.id) {
        return Err(AppError::new(ErrorKind::Conflict, "user.disable_self"));
    }
    store.set_disabled(user.id, (!enabled).then(now)).await?;
    let action = if enabled {
        "user_enable"
    } else {
        "user_disable"
    };
    audit::record(store, who, Event::new(action, &user.name)).await;
    Ok(user)
}

/// Limits an account to some kecamatan (empty: all of them again); audited.
pub async fn set_scope(
    store: &Store,
    who: &Who,
    name: &str,
    kecamatan: &[String],
) -> Result<User, AppError> {
    who.scope().require_all()?;
    let user = account(store, name).await?;
    store.set_user_scope(user.id, kecamatan).await?;
    let event =
        Event::new("user_scope", &user.name).detail(serde_json::json!({"kecamatan": kecamatan}));
    audit::record(store, who, event).await;
    Ok(user)
}

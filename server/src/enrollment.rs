//! Device enrollment: a one-time code made by Dukcapil for one desa, typed once on the
//! desa office's device, exchanged for that device's own token and actor id.

use crate::audit::{self, Event, Who};
use antar_shared::doc::ActorId;
use antar_shared::region::{self, VillageCode};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorKind};
use crate::secret;
use crate::store::devices::{Device, Previous, Redeem};
use crate::store::{Store, now};

/// How long an enrollment code stays valid: three days, time for it to reach the desa.
pub const CODE_LIFETIME_SECS: i64 = 3 * 24 * 3600;

/// A new enrollment code, shown once.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NewCode {
    /// The code to type on the device (`ABCDE-FGHJK`).
    pub code: String,
    /// For which desa.
    pub desa_code: String,
    /// The desa's name.
    pub desa_name: String,
    /// Valid until (Unix seconds).
    pub expires_at: i64,
}

/// What a device sends to enroll.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The one-time code.
    pub code: String,
    /// A name for the device ("Laptop kantor desa").
    pub device_name: String,
    /// The bearer token the device chose (64 hex digits), so that a retry after a lost
    /// answer is recognised as the same device. Without it the server makes one.
    #[serde(default)]
    pub device_token: Option<String>,
    /// When a device that was enrolled before enrolls again with a new code (it was
    /// revoked, or the server was restored from an older backup): its old token, as
    /// proof that it is that device. It keeps its actor and its unsent work.
    #[serde(default)]
    pub previous_token: Option<String>,
    /// With `previous_token`: the actor the device's replica writes as.
    #[serde(default)]
    pub actor: Option<u32>,
    /// With `previous_token`: the certificate the server gave with it (hex), which
    /// proves the device to a server that forgot it.
    #[serde(default)]
    pub certificate: Option<String>,
    /// With `previous_token`: the tokens the device held before it (newest first, at
    /// most [`MAX_EARLIER_TOKENS`]). A server restored from a backup older than the
    /// device's last enrollment knows one of these, not `previous_token`: holding it
    /// proves the device is the one that server knows, and no older copy of it.
    #[serde(default)]
    pub earlier_tokens: Vec<String>,
    /// The device's receipt key (Ed25519 public key, 64 hex digits), for the server to
    /// certify: the device signs residents' handover receipts with it.
    #[serde(default)]
    pub receipt_key: Option<String>,
}

/// The most earlier tokens a device sends (it keeps as many).
pub const MAX_EARLIER_TOKENS: usize = 8;

/// What an enrolled device receives (once).
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EnrollResponse {
    /// Its bearer token for sync; stored on the server only as a hash.
    pub device_token: String,
    /// Its actor id in the desa document.
    pub actor: u32,
    /// Its desa.
    pub desa_code: String,
    /// The desa's name.
    pub desa_name: String,
    /// The server's clock, so the device can warn about skew at once.
    pub server_time: i64,
    /// The server's public key (Ed25519, hex): the device checks the seals on what the
    /// server sends with it.
    pub server_key: String,
    /// The server's signature that this actor, in this desa, goes with this token (hex):
    /// the device keeps it, to prove itself to a server restored from an older backup.
    pub certificate: String,
    /// With `receipt_key`: the server's certificate of that key (a CWT, hex), which the
    /// device puts in every receipt so anyone can check it with the server's key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_certificate: Option<String>,
}

/// Makes a one-time enrollment code for a desa device.
pub async fn create_code(store: &Store, who: &Who, desa: VillageCode) -> Result<NewCode, AppError> {
    who.scope().require(desa)?;
    let code = create_code_unrecorded(store, desa).await?;
    // The code itself is a secret: the log says that one was made, and when it ends.
    let event = Event::new("enroll_code_create", &code.desa_code)
        .desa(desa)
        .detail(serde_json::json!({"expires_at": code.expires_at}));
    audit::record(store, who, event).await;
    Ok(code)
}

async fn create_code_unrecorded(store: &Store, desa: VillageCode) -> Result<NewCode, AppError> {
    let region = region::require(desa)
        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    let code = secret::new_enroll_code().map_err(AppError::internal)?;
    let now = now();
    let expires_at = now + CODE_LIFETIME_SECS;
    store
        .add_enroll_code(
            &secret::hash_token(&secret::normalise_code(&code)),
            desa,
            now,
            expires_at,
        )
        .await?;
    Ok(NewCode {
        code,
        desa_code: desa.to_string(),
        desa_name: region.name.to_owned(),
        expires_at,
    })
}

/// Redeems a code for a device token.
pub async fn enroll(
    store: &Store,
    request: &EnrollRequest,
) -> Result<(EnrollResponse, Device), AppError> {
    let name = antar_shared::text::PersonName::parse(&request.device_name)
        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    let token = device_token(request)?;
    let code_hash = secret::hash_token(&secret::normalise_code(&request.code));
    let now = now();
    let previous = previous_identity(request)?;
    let receipt_key = request
        .receipt_key
        .as_deref()
        .map(crate::receipts::parse_key)
        .transpose()?;
    let device = store
        .redeem_enroll_code(
            &code_hash,
            name.as_str(),
            &secret::hash_token(&token),
            previous.as_ref(),
            now,
        )
        .await?
        .map_err(refused)?;
    let actor = u32::try_from(device.id).map_err(AppError::internal)?;
    debug_assert!(!ActorId(actor).is_server());
    let desa_name = region::lookup(device.desa)
        .map(|r| r.name)
        .unwrap_or_default()
        .to_owned();
    let certificate = store
        .certify(device.desa, ActorId(actor), &secret::hash_token(&token))
        .to_hex();
    let receipt_certificate = match receipt_key {
        Some(key) => Some(crate::receipts::certify_key(store, &device, key).await?),
        None => None,
    };
    Ok((
        EnrollResponse {
            device_token: token,
            actor,
            desa_code: device.desa.to_string(),
            desa_name,
            server_time: now,
            server_key: store.public_key().to_hex(),
            certificate,
            receipt_certificate,
        },
        device,
    ))
}

/// The token the device chose (64 hex digits, kept across enrollments), or a new one.
fn device_token(request: &EnrollRequest) -> Result<String, AppError> {
    match &request.device_token {
        Some(t) if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Ok(t.to_ascii_lowercase())
        }
        Some(_) => Err(AppError::new(ErrorKind::Unprocessable, "enroll.bad_token")),
        None => secret::new_token().map_err(AppError::internal),
    }
}

/// A device enrolling again proves its old identity: its old token and actor (and
/// the certificate the server gave it), all or none.
fn previous_identity(request: &EnrollRequest) -> Result<Option<Previous>, AppError> {
    match (&request.previous_token, request.actor) {
        (Some(old), Some(actor)) => Ok(Some(Previous {
            token_hash: secret::hash_token(old.trim()),
            actor: i64::from(actor),
            certificate: request
                .certificate
                .as_deref()
                .and_then(antar_shared::sync::seal::Signature::from_hex),
            earlier: request
                .earlier_tokens
                .iter()
                .take(MAX_EARLIER_TOKENS)
                .map(|t| secret::hash_token(t.trim()))
                .collect(),
        })),
        (None, None) => Ok(None),
        _ => Err(AppError::new(
            ErrorKind::Unprocessable,
            "enroll.previous_incomplete",
        )),
    }
}

/// Why a code was not redeemed, for the person at the device.
fn refused(why: Redeem) -> AppError {
    match why {
        Redeem::Unknown => AppError::new(ErrorKind::NotFound, "enroll.unknown_code"),
        Redeem::Used => AppError::new(ErrorKind::Conflict, "enroll.code_used"),
        Redeem::Expired => AppError::new(ErrorKind::Gone, "enroll.code_expired"),
        Redeem::WrongDesa => AppError::new(ErrorKind::Conflict, "enroll.wrong_desa"),
        Redeem::NotThisDevice => AppError::new(ErrorKind::Forbidden, "enroll.not_this_device"),
        Redeem::TokenInUse => AppError::new(ErrorKind::Conflict, "enroll.token_in_use"),
    }
}

/// Renames a device, as its histories and lists will name it ("Laptop Pak Sekdes").
/// The name is checked like an enrollment's; the change is in the audit log.
pub async fn rename_device(
    store: &Store,
    who: &Who,
    id: i64,
    name: &str,
) -> Result<String, AppError> {
    let name = antar_shared::text::PersonName::parse(name)
        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
    in_scope_device(store, who, id).await?;
    if !store.rename_device(id, name.as_str()).await? {
        return Err(AppError::not_found("device.not_found").arg("id", id));
    }
    let event = Event::new("device_rename", id).detail(serde_json::json!({"name": name.as_str()}));
    audit::record(store, who, event).await;
    Ok(name.as_str().to_owned())
}

/// Revokes a device: its token stops working at once; in the audit log.
pub async fn revoke_device(store: &Store, who: &Who, id: i64) -> Result<Device, AppError> {
    let device = in_scope_device(store, who, id).await?;
    if !store.revoke_device(id, now()).await? {
        return Err(AppError::not_found("device.not_found").arg("id", id));
    }
    tracing::info!(device = id, by = who.name(), "device revoked");
    let event = Event::new("device_revoke", &device.name)
        .desa(device.desa)
        .detail(serde_json::json!({"device": id}));
    audit::record(store, who, event).await;
    Ok(device)
}

/// A device of a desa the account covers (an unknown one is not found).
async fn in_scope_device(store: &Store, who: &Who, id: i64) -> Result<Device, AppError> {
    let device = store
        .device_by_id(id)
        .await?
        .ok_or_else(|| AppError::not_found("device.not_found").arg("id", id))?;
    who.scope().require(device.desa)?;
    Ok(device)
}

//! Receipts on the server: certifying each device's receipt key, keeping the receipts
//! devices upload (so the resident gets theirs with the handed-over notice), and
//! checking one for anyone (`/verifikasi`, `POST /api/v1/receipts/verify`,
//! `antar-server verify`). The format is in `antar_shared::receipt`.

use antar_shared::doc::ActorId;
use antar_shared::i18n::Tr;
use antar_shared::receipt::{self, CertifiedKey, Refusal, Verified};
use antar_shared::region;
use antar_shared::sync::PublicKey;
use antar_shared::time::UnixTime;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorKind};
use crate::store::devices::Device;
use crate::store::{Store, now};

/// At most this many receipts in one upload (each is ~450 characters).
pub const MAX_UPLOAD: usize = 100;

/// Certifies `key_hex` (an Ed25519 public key, 64 hex digits) as `device`'s receipt
/// key: the certificate, in hex, for the device to carry in its receipts.
pub async fn certify(store: &Store, device: &Device, key_hex: &str) -> Result<String, AppError> {
    certify_key(store, device, parse_key(key_hex)?).await
}

/// A receipt key as a device sends it (64 hex digits).
pub fn parse_key(key_hex: &str) -> Result<PublicKey, AppError> {
    PublicKey::from_hex(key_hex.trim())
        .ok_or_else(|| AppError::new(ErrorKind::Unprocessable, "receipt.bad_key"))
}

/// Certifies a parsed key (see [`certify`]).
pub async fn certify_key(
    store: &Store,
    device: &Device,
    key: PublicKey,
) -> Result<String, AppError> {
    let actor = u32::try_from(device.id).map_err(AppError::internal)?;
    let fact = CertifiedKey {
        desa: device.desa,
        device: ActorId(actor),
        key,
        at: UnixTime(now()),
    };
    let certificate = store
        .certify_receipt_key(device.id, fact)
        .await?
        .map_err(AppError::internal)?;
    Ok(certificate.to_hex())
}

/// Receipts a device uploads.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Upload {
    /// Receipt texts (`AR1:…`), each signed by this device.
    pub receipts: Vec<String>,
}

/// What became of an upload.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Uploaded {
    /// Receipts kept (new, or later than the one kept for the same dispatch).
    pub stored: usize,
    /// Receipts refused, by their place in the upload, with the reason's code.
    pub refused: Vec<RefusedReceipt>,
}

/// One refused receipt.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RefusedReceipt {
    /// Its place in the upload (from 0).
    pub index: usize,
    /// Why (`receipt.altered`, `receipt.foreign_device`…).
    pub code: String,
}

/// Keeps the receipts of an upload that verify and were signed by `device` itself; the
/// others are refused one by one and change nothing.
pub async fn accept(store: &Store, device: &Device, upload: &Upload) -> Result<Uploaded, AppError> {
    if upload.receipts.len() > MAX_UPLOAD {
        return Err(
            AppError::new(ErrorKind::Unprocessable, "receipt.too_many").arg("max", MAX_UPLOAD)
        );
    }
    let mut stored = 0;
    let mut refused = Vec::new();
    for (index, text) in upload.receipts.iter().enumerate() {
        let code = match receipt::verify(text, store.public_key()) {
            Ok(v)
                if i64::from(v.statement.device.0) != device.id
                    || v.statement.desa != device.desa =>
            {
                "receipt.foreign_device".to_owned()
            }
            Ok(v) => {
                if store.keep_receipt(&v.statement, text.trim(), now()).await? {
                    stored += 1;
                }
                continue;
            }
            Err(why) => antar_shared::lang::Localized::code(&why).to_owned(),
        };
        refused.push(RefusedReceipt { index, code });
    }
    Ok(Uploaded { stored, refused })
}

/// A receipt checked against this server's key, in words for a reader.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Checked {
    /// The tracking code.
    pub code: String,
    /// The kind's code (`kk`).
    pub kind: String,
    /// The kind in words.
    pub kind_label: String,
    /// The desa office's code.
    pub desa_code: String,
    /// Its name.
    pub desa_name: String,
    /// When it was handed over (Unix seconds).
    pub handed_at: i64,
    /// The same, in WITA, in words.
    pub handed_on: String,
    /// Who took it, relative to the holder (`holder`, `family`, `proxy`).
    pub relation: String,
    /// The same in words.
    pub relation_label: String,
    /// The clerk who handed it over.
    pub clerk: String,
    /// The device that signed it.
    pub device: u32,
    /// When Dukcapil certified that device's key (Unix seconds).
    pub certified_at: i64,
}

impl Checked {
    /// A verified receipt, said in `tr`'s language.
    pub fn new(verified: &Verified, tr: Tr) -> Checked {
        let s = &verified.statement;
        Checked {
            code: s.code.to_string(),
            kind: s.kind.code().to_owned(),
            kind_label: tr.kind(s.kind),
            desa_code: s.desa.to_string(),
            desa_name: region::lookup(s.desa)
                .map(|r| r.name.to_owned())
                .unwrap_or_default(),
            handed_at: s.at.0,
            handed_on: format!("{} WITA", s.at.wita()),
            relation: s.relation.code().to_owned(),
            relation_label: tr.relation(s.relation),
            clerk: s.clerk.as_str().to_owned(),
            device: s.device.0,
            certified_at: verified.certified_at.0,
        }
    }
}

/// Checks a receipt with this server's key.
pub fn check(store: &Store, text: &str) -> Result<Verified, Refusal> {
    receipt::verify(text, store.public_key())
}

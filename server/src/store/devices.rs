//! Enrollment codes and enrolled desa devices.
//!
//! A device's id is its actor id in its desa's document. Tokens and enrollment codes
//! are stored only as SHA-256 hashes: a copy of the database does not let anyone sync
//! as a device or enroll one.

use antar_shared::region::VillageCode;
use serde::Serialize;
use sqlx::AnyConnection;

use super::{Store, StoreError};

/// An enrolled device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Device {
    /// Its id, which is also its actor id.
    pub id: i64,
    /// The desa whose document it holds.
    #[schema(value_type = String, example = "52.06.03.2012")]
    pub desa: VillageCode,
    /// A name for people ("Laptop kantor").
    pub name: String,
    /// When it enrolled.
    pub enrolled_at: i64,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
    /// Its last successful sync (server time).
    pub last_sync_at: Option<i64>,
    /// The device's own clock at that sync (for skew).
    pub last_device_time: Option<i64>,
}

/// Why an enrollment code was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redeem {
    /// No such code.
    Unknown,
    /// Already used by another device.
    Used,
    /// Past its expiry.
    Expired,
    /// A re-enrollment whose replica belongs to another desa than the code.
    WrongDesa,
    /// A re-enrollment claiming a device whose token it does not hold.
    NotThisDevice,
    /// The token the device chose is another device's: a token is an identity, so two
    /// devices cannot share one (a copied data folder, or a replayed request).
    TokenInUse,
}

/// A device enrolling again with a new code: the replica it keeps, and the proof that
/// it held that device's identity (its old token, even revoked).
#[derive(Clone, Debug)]
pub struct Previous {
    /// SHA-256 of the old token.
    pub token_hash: Vec<u8>,
    /// The actor the replica writes as.
    pub actor: i64,
    /// The certificate the server gave it with the old token: proof for a server that
    /// forgot the device (restored from an older backup).
    pub certificate: Option<antar_shared::sync::seal::Signature>,
    /// SHA-256 of the tokens the device held before the old one, newest first: a server
    /// restored from a backup older than the device's last enrollment knows one of these.
    pub earlier: Vec<Vec<u8>>,
}

type DeviceRow = (
    i64,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn from_row(row: DeviceRow) -> Option<Device> {
    let (id, desa, name, enrolled_at, revoked_at, last_sync_at, last_device_time) = row;
    Some(Device {
        id,
        desa: VillageCode::parse(&desa).ok()?,
        name,
        enrolled_at,
        revoked_at,
        last_sync_at,
        last_device_time,
    })
}

/// A device about to be stored (or an old one given a new token).
struct NewDevice<'a> {
    desa: &'a str,
    name: &'a str,
    token_hash: &'a [u8],
    now: i64,
}

/// Why a code could not be claimed: unknown, expired, or used — unless the device that
/// used it asks again (its answer was lost on the way), which gets the same enrollment.
async fn not_claimed(
    conn: &mut AnyConnection,
    code_hash: &[u8],
    token_hash: &[u8],
) -> Result<Result<Device, Redeem>, StoreError> {
    let row: Option<(Option<i64>, i64)> =
        sqlx::query_as("SELECT used_at, expires_at FROM enroll_codes WHERE code_hash = $1")
            .bind(code_hash.to_vec())
            .fetch_optional(&mut *conn)
            .await?;
    if let Some((Some(_), _)) = row {
        // The same token proves it is the device that used the code.
        let sql = "SELECT d.id, d.desa_code, d.name, d.enrolled_at, d.revoked_at, d.last_sync_at, d.last_device_time \
             FROM enroll_codes e JOIN devices d ON d.id = e.device_id \
             WHERE e.code_hash = $1 AND d.token_hash = $2 AND d.revoked_at IS NULL";
        let same: Option<DeviceRow> = sqlx::query_as(sql)
            .bind(code_hash.to_vec())
            .bind(token_hash.to_vec())
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(device) = same.and_then(from_row) {
            return Ok(Ok(device));
        }
    }
    Ok(Err(match row {
        None => Redeem::Unknown,
        Some((Some(_), _)) => Redeem::Used,
        Some((None, _)) => Redeem::Expired,
    }))
}

/// Whether another device (any but `except`, the device enrolling again) holds this
/// token. Checked inside the redeeming transaction, so the unique index on the token is
/// a last guard, not the answer a person sees.
async fn token_taken(
    conn: &mut AnyConnection,
    token_hash: &[u8],
    except: Option<i64>,
) -> Result<bool, StoreError> {
    let holder: Option<i64> = sqlx::query_scalar("SELECT id FROM devices WHERE token_hash = $1")
        .bind(token_hash.to_vec())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(holder.is_some_and(|id| Some(id) != except))
}

/// Stores a new device; returns its id, which is its actor: odd, and never one handed
/// out before a restore — above every device this database knows, including devices it
/// forgot in a restore whose ops other devices handed back.
async fn insert_device(conn: &mut AnyConnection, new: &NewDevice<'_>) -> Result<i64, StoreError> {
    let max: i64 = sqlx::query_scalar(
        "SELECT MAX(m) FROM (SELECT COALESCE(MAX(id), 0) AS m FROM devices \
         UNION ALL SELECT COALESCE(MAX(actor), 0) FROM recoveries WHERE actor % 2 = 1) AS known",
    )
    .fetch_one(&mut *conn)
    .await?;
    let mut id = super::identity::next_id(max, new.now, super::identity::Parity::Odd);
    // Another server process may take the same id at the same moment: the next one.
    while sqlx::query(
        "INSERT INTO devices (id, desa_code, name, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(new.desa)
    .bind(new.name)
    .bind(new.token_hash.to_vec())
    .bind(new.now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 0
    {
        id += 2;
    }
    Ok(id)
}

impl Store {
    /// Stores a one-time enrollment code (by hash) for a desa.
    pub async fn add_enroll_code(
        &self,
        code_hash: &[u8],
        desa: VillageCode,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO enroll_codes (code_hash, desa_code, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(code_hash.to_vec())
            .bind(desa.to_string())
            .bind(now)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Uses an enrollment code: in one transaction, checks it is unused and unexpired,
    /// creates the device with its token hash (or, for a device enrolling again, gives
    /// its old identity the new token), and marks the code used.
    pub async fn redeem_enroll_code(
        &self,
        code_hash: &[u8],
        device_name: &str,
        token_hash: &[u8],
        previous: Option<&Previous>,
        now: i64,
    ) -> Result<Result<Device, Redeem>, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Claim the code first (a write), so two devices racing for it cannot both win.
        let claimed = sqlx::query("UPDATE enroll_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1")
            .bind(now)
            .bind(code_hash.to_vec())
            .execute(&mut *tx)
            .await?;
        if claimed.rows_affected() == 0 {
            return not_claimed(&mut tx, code_hash, token_hash).await;
        }
        let desa: String =
            sqlx::query_scalar("SELECT desa_code FROM enroll_codes WHERE code_hash = $1")
                .bind(code_hash.to_vec())
                .fetch_one(&mut *tx)
                .await?;
        let new = NewDevice {
            desa: &desa,
            name: device_name,
            token_hash,
            now,
        };
        if token_taken(&mut tx, token_hash, previous.map(|p| p.actor)).await? {
            // Dropping the transaction gives the code back.
            return Ok(Err(Redeem::TokenInUse));
        }
        let id = match previous {
            Some(previous) => match self.reenroll(&mut tx, &new, previous).await? {
                Ok(()) => previous.actor,
                // Dropping the transaction gives the code back.
                Err(refused) => return Ok(Err(refused)),
            },
            None => insert_device(&mut tx, &new).await?,
        };
        sqlx::query("UPDATE enroll_codes SET device_id = $1 WHERE code_hash = $2")
            .bind(id)
            .bind(code_hash.to_vec())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if previous.is_some() {
            return self
                .device_by_id(id)
                .await?
                .map(Ok)
                .ok_or(StoreError::Database(sqlx::Error::RowNotFound));
        }
        let desa = VillageCode::parse(&desa)
            .map_err(|_| StoreError::Database(sqlx::Error::RowNotFound))?;
        Ok(Ok(Device {
            id,
            desa,
            name: device_name.to_owned(),
            enrolled_at: now,
            revoked_at: None,
            last_sync_at: None,
            last_device_time: None,
        }))
    }

    /// The same replica enrolls again (revoked, or forgotten by a restore): it keeps its
    /// actor, so its history and unsent work stay valid; the old token dies.
    async fn reenroll(
        &self,
        conn: &mut AnyConnection,
        new: &NewDevice<'_>,
        previous: &Previous,
    ) -> Result<Result<(), Redeem>, StoreError> {
        let known: Option<(String, Vec<u8>)> =
            sqlx::query_as("SELECT desa_code, token_hash FROM devices WHERE id = $1")
                .bind(previous.actor)
                .fetch_optional(&mut *conn)
                .await?;
        match known {
            Some((known_desa, _)) if known_desa != new.desa => Ok(Err(Redeem::WrongDesa)),
            // The token this server knows must be one the device held: its last, or an
            // earlier one when a restore took the server back before the device's last
            // enrollment. A copy of the replica made before that token cannot prove it.
            Some((_, known_token))
                if known_token != previous.token_hash
                    && !previous.earlier.contains(&known_token) =>
            {
                Ok(Err(Redeem::NotThisDevice))
            }
            Some(_) => {
                sqlx::query(
                    "UPDATE devices SET token_hash = $1, name = $2, revoked_at = NULL, reenrolled_at = $3 WHERE id = $4",
                )
                .bind(new.token_hash.to_vec())
                .bind(new.name)
                .bind(new.now)
                .bind(previous.actor)
                .execute(&mut *conn)
                .await?;
                Ok(Ok(()))
            }
            // Forgotten by a restore: only the server's own certificate proves that
            // this actor, in this desa, went with that token.
            None if self.certified(new.desa, previous) => {
                sqlx::query(
                    "INSERT INTO devices (id, desa_code, name, token_hash, enrolled_at, reenrolled_at) \
                     VALUES ($1, $2, $3, $4, $5, $5)",
                )
                .bind(previous.actor)
                .bind(new.desa)
                .bind(new.name)
                .bind(new.token_hash.to_vec())
                .bind(new.now)
                .execute(&mut *conn)
                .await?;
                Ok(Ok(()))
            }
            None => Ok(Err(Redeem::NotThisDevice)),
        }
    }

    /// Whether the certificate a device kept shows that this server gave its actor, in
    /// this desa, the old token.
    fn certified(&self, desa: &str, previous: &Previous) -> bool {
        u32::try_from(previous.actor).is_ok_and(|actor| {
            previous.certificate.as_ref().is_some_and(|certificate| {
                VillageCode::parse(desa).is_ok_and(|code| {
                    self.key.public().verify_certificate(
                        code,
                        antar_shared::doc::ActorId(actor),
                        &previous.token_hash,
                        certificate,
                    )
                })
            })
        })
    }

    /// The device holding a token, revoked or not (the caller decides what revoked means).
    pub async fn device_by_token(&self, token_hash: &[u8]) -> Result<Option<Device>, StoreError> {
        let sql = "SELECT id, desa_code, name, enrolled_at, revoked_at, last_sync_at, last_device_time FROM devices WHERE token_hash = $1";
        let row: Option<DeviceRow> = sqlx::query_as(sql)
            .bind(token_hash.to_vec())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(from_row))
    }

    /// A device by id.
    pub async fn device_by_id(&self, id: i64) -> Result<Option<Device>, StoreError> {
        let sql = "SELECT id, desa_code, name, enrolled_at, revoked_at, last_sync_at, last_device_time FROM devices WHERE id = $1";
        let row: Option<DeviceRow> = sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(from_row))
    }

    /// Devices, optionally of one desa.
    pub async fn list_devices(&self, desa: Option<VillageCode>) -> Result<Vec<Device>, StoreError> {
        let rows: Vec<DeviceRow> = sqlx::query_as(
            "SELECT id, desa_code, name, enrolled_at, revoked_at, last_sync_at, last_device_time FROM devices \
             WHERE (CAST($1 AS TEXT) IS NULL OR desa_code = $1) ORDER BY desa_code, id",
        )
        .bind(desa.map(|d| d.to_string()))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().filter_map(from_row).collect())
    }

    /// Revokes a device: its token stops working at once. `false` if no such device.
    pub async fn revoke_device(&self, id: i64, now: i64) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE devices SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Renames a device (how histories and lists name it). `false` if no such device.
    pub async fn rename_device(&self, id: i64, name: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE devices SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records a successful sync and the device's clock at the time.
    pub async fn record_sync(&self, id: i64, now: i64, device_time: i64) -> Result<(), StoreError> {
        let _lane = self.write_lane().await;
        sqlx::query("UPDATE devices SET last_sync_at = $1, last_device_time = $2 WHERE id = $3")
            .bind(now)
            .bind(device_time)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

//! Who the server is in the documents: its signing key and this process's actor, and
//! ids that are never handed out twice, even across a restore from an older backup.
//!
//! A restored database does not know the ids it handed out after its backup was made,
//! and the devices that hold ops under those ids may not have synced yet. So a server
//! process never trusts its database to be current: each process writes as a fresh
//! actor (an *incarnation*), and every new id (incarnation, device, manifest) is at
//! least the seconds elapsed since 2026 ([`antar_shared::doc::id_floor`]). Ids taken
//! before the restore were below the clock of that time; ids taken after it are above
//! it. See `docs/custody.md`.

use antar_shared::doc::{ActorId, id_floor};
use antar_shared::sync::ServerKey;

use super::{Store, StoreError};

/// How far ahead of the clock a new incarnation id may run (a burst of processes).
const MAX_AHEAD_SECS: i64 = 300;

/// Whether an id must be even (server incarnations) or odd (devices), or either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Parity {
    /// Server incarnations.
    Even,
    /// Devices.
    Odd,
    /// Manifests.
    Any,
}

/// The next id for a table: above every id in it and at least the time floor, of the
/// given parity.
pub(crate) fn next_id(max_existing: i64, now: i64, parity: Parity) -> i64 {
    let mut next = (max_existing + 1).max(i64::from(id_floor(now)));
    let odd = next % 2 == 1;
    match parity {
        Parity::Even if odd => next += 1,
        Parity::Odd if !odd => next += 1,
        _ => {}
    }
    next
}

impl Store {
    /// Loads the server's signing key, making it the first time.
    pub(super) async fn load_key(pool: &sqlx::AnyPool) -> Result<ServerKey, StoreError> {
        let stored: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT pkcs8 FROM server_keys WHERE id = 1")
                .fetch_optional(pool)
                .await?;
        if let Some(bytes) = stored {
            return Ok(ServerKey::from_pkcs8(&bytes)?);
        }
        let fresh = ServerKey::generate()?;
        // Another process may make one at the same moment: the first one stays.
        sqlx::query(
            "INSERT INTO server_keys (id, pkcs8, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING",
        )
        .bind(fresh)
        .bind(super::now())
        .execute(pool)
        .await?;
        let bytes: Vec<u8> = sqlx::query_scalar("SELECT pkcs8 FROM server_keys WHERE id = 1")
            .fetch_one(pool)
            .await?;
        Ok(ServerKey::from_pkcs8(&bytes)?)
    }

    /// The actor this process writes as, taken the first time it writes.
    pub async fn incarnation(&self) -> Result<ActorId, StoreError> {
        self.incarnation
            .get_or_try_init(|| async {
                let _lane = self.write_lane().await;
                for _ in 0..10 {
                    // Above every incarnation this database knows, including those whose
                    // ops devices handed back after a restore.
                    let max: i64 = sqlx::query_scalar(
                        "SELECT MAX(m) FROM (SELECT COALESCE(MAX(actor), 0) AS m FROM incarnations \
                         UNION ALL SELECT COALESCE(MAX(actor), 0) FROM recoveries WHERE actor % 2 = 0) AS known",
                    )
                    .fetch_one(&self.pool)
                    .await?;
                    let now = super::now();
                    let actor = next_id(max, now, Parity::Even);
                    let ahead = actor - i64::from(id_floor(now));
                    if ahead > MAX_AHEAD_SECS {
                        // Many processes started within seconds: wait for the clock, so an
                        // id stays within minutes of the time it was taken (what keeps it
                        // from being taken again after a restore).
                        let wait = (ahead - MAX_AHEAD_SECS).min(MAX_AHEAD_SECS);
                        tracing::warn!(wait, "many server processes started at once; waiting for the clock");
                        tokio::time::sleep(std::time::Duration::from_secs(wait.unsigned_abs())).await;
                        continue;
                    }
                    let process = format!(
                        "antar-server {} pid {}",
                        env!("CARGO_PKG_VERSION"),
                        std::process::id()
                    );
                    let done = sqlx::query(
                        "INSERT INTO incarnations (actor, started_at, process) VALUES ($1, $2, $3) \
                         ON CONFLICT (actor) DO NOTHING",
                    )
                    .bind(actor)
                    .bind(now)
                    .bind(process)
                    .execute(&self.pool)
                    .await?;
                    if done.rows_affected() == 1 {
                        let actor = u32::try_from(actor).map_err(|_| {
                            StoreError::Database(sqlx::Error::Protocol("actor id overflow".into()))
                        })?;
                        tracing::info!(actor, "this server process writes as a new incarnation");
                        return Ok(ActorId(actor));
                    }
                }
                Err(StoreError::Database(sqlx::Error::Protocol(
                    "no free incarnation id".into(),
                )))
            })
            .await
            .copied()
    }

    /// A device's certificate (see `ServerKey::certify`).
    pub fn certify(
        &self,
        desa: antar_shared::region::VillageCode,
        actor: ActorId,
        token_hash: &[u8],
    ) -> antar_shared::sync::seal::Signature {
        self.key.certify(desa, actor, token_hash)
    }

    /// The public half of the server's key, for devices.
    pub fn public_key(&self) -> antar_shared::sync::PublicKey {
        self.key.public()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_never_go_below_the_clock_and_keep_their_parity() {
        let now = antar_shared::doc::ID_EPOCH + 1_000;
        assert_eq!(next_id(0, now, Parity::Any), 1_000);
        assert_eq!(next_id(0, now, Parity::Even), 1_000);
        assert_eq!(next_id(0, now, Parity::Odd), 1_001);
        assert_eq!(next_id(5_000, now, Parity::Any), 5_001);
        assert_eq!(next_id(5_000, now, Parity::Even), 5_002);
        // A restored database forgot ids up to 1,500 taken before; an hour later the
        // floor is far above them.
        assert!(next_id(900, now + 3_600, Parity::Odd) > 1_500);
    }
}

//! What the replica knows besides the document: this device's enrollment, and how its
//! syncs went (the `meta` table).

use antar_shared::doc::ActorId;
use antar_shared::region::VillageCode;
use antar_shared::sync::PublicKey;

use super::{Replica, ReplicaError};
use crate::failure::Notice;

/// How many earlier tokens a device keeps (the server reads as many): one per
/// re-enrollment, and a restore takes a server back over few of those.
const EARLIER_TOKENS_KEPT: usize = 8;

/// What this device is, from its enrollment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrollment {
    /// The Dukcapil server.
    pub server: String,
    /// Bearer token for sync.
    pub token: String,
    /// This device's actor id.
    pub actor: ActorId,
    /// Its desa.
    pub desa: VillageCode,
    /// Its name.
    pub name: String,
    /// The server's public key, to check its seals (`None` for an enrollment made
    /// before seals existed).
    pub server_key: Option<PublicKey>,
}

impl Replica {
    /// A value of the `meta` table.
    pub(super) async fn meta(&self, key: &str) -> Result<Option<String>, ReplicaError> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Sets a value of the `meta` table.
    pub(super) async fn set_meta(&self, key: &str, value: &str) -> Result<(), ReplicaError> {
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The enrollment, if the device has enrolled.
    pub async fn enrollment(&self) -> Result<Option<Enrollment>, ReplicaError> {
        let (Some(server), Some(token), Some(actor), Some(desa), Some(name)) = (
            self.meta("server_url").await?,
            self.meta("device_token").await?,
            self.meta("actor").await?,
            self.meta("desa").await?,
            self.meta("device_name").await?,
        ) else {
            return Ok(None);
        };
        let actor = actor
            .parse()
            .map_err(|_| ReplicaError::Corrupt("actor".into()))?;
        let desa = VillageCode::parse(&desa).map_err(|_| ReplicaError::Corrupt("desa".into()))?;
        let server_key = match self.meta("server_key").await? {
            Some(hex) => Some(
                PublicKey::from_hex(&hex)
                    .ok_or_else(|| ReplicaError::Corrupt("server_key".into()))?,
            ),
            None => None,
        };
        Ok(Some(Enrollment {
            server,
            token,
            actor: ActorId(actor),
            desa,
            name,
            server_key,
        }))
    }

    /// The server's certificate for this device's current token (hex), kept to prove the
    /// device to a server restored from an older backup that forgot it.
    pub async fn device_certificate(&self) -> Result<Option<String>, ReplicaError> {
        self.meta("device_certificate").await
    }

    /// The enrollment, or the error telling the clerk to enroll.
    pub async fn require_enrollment(&self) -> Result<Enrollment, ReplicaError> {
        self.enrollment().await?.ok_or(ReplicaError::NotEnrolled)
    }

    /// The token this device chose for an enrollment in progress with this code, kept
    /// before the request goes out so a retry after a crash or a lost answer sends the
    /// same one (and the server recognises the device).
    pub async fn pending_token(&self, server: &str, code: &str) -> Result<String, ReplicaError> {
        let key = format!("pending_token:{server}:{code}");
        if let Some(token) = self.meta(&key).await? {
            return Ok(token);
        }
        let token = new_token(antar_shared::seams::fill)?;
        self.set_meta(&key, &token).await?;
        Ok(token)
    }

    /// The tokens this device held besides its current one: those it chose for
    /// enrollments whose answer never came (the server may have taken one), then its
    /// earlier ones, newest first. Proof for a server that knows one of them: it took
    /// a token whose answer was lost, or a restore took it back before the device's
    /// last enrollment (see `antar-server`'s enrollment).
    pub async fn earlier_tokens(&self) -> Result<Vec<String>, ReplicaError> {
        let current = self.meta("device_token").await?;
        let mut tokens: Vec<String> = sqlx::query_scalar(
            "SELECT value FROM meta WHERE key LIKE 'pending_token:%' ORDER BY rowid DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        tokens.extend(
            self.meta("earlier_tokens")
                .await?
                .map(|list| list.lines().map(str::to_owned).collect::<Vec<_>>())
                .unwrap_or_default(),
        );
        tokens.retain(|t| Some(t) != current.as_ref());
        tokens.dedup();
        tokens.truncate(EARLIER_TOKENS_KEPT);
        Ok(tokens)
    }

    /// Records the enrollment and the server's certificate for its token (in one
    /// transaction: a crash between the two would leave the new token with the old
    /// token's certificate); a token it replaces joins the earlier ones.
    pub async fn save_enrollment(
        &self,
        e: &Enrollment,
        certificate: Option<&str>,
    ) -> Result<(), ReplicaError> {
        let mut tx = self.pool.begin().await?;
        let old: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'device_token'")
                .fetch_optional(&mut *tx)
                .await?;
        let mut earlier: Vec<String> =
            sqlx::query_scalar::<_, String>("SELECT value FROM meta WHERE key = 'earlier_tokens'")
                .fetch_optional(&mut *tx)
                .await?
                .map(|list| list.lines().map(str::to_owned).collect())
                .unwrap_or_default();
        if let Some(old) = old.filter(|old| *old != e.token) {
            earlier.insert(0, old);
            earlier.truncate(EARLIER_TOKENS_KEPT);
        }
        let mut facts = vec![
            ("server_url", e.server.clone()),
            ("device_token", e.token.clone()),
            ("actor", e.actor.0.to_string()),
            ("desa", e.desa.to_string()),
            ("device_name", e.name.clone()),
            ("earlier_tokens", earlier.join("\n")),
        ];
        if let Some(key) = e.server_key {
            facts.push(("server_key", key.to_hex()));
        }
        if let Some(certificate) = certificate {
            facts.push(("device_certificate", certificate.to_owned()));
        }
        for (key, value) in facts {
            sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// When the last sync succeeded (device clock) and the server's clock then.
    pub async fn last_sync(&self) -> Result<Option<(i64, i64)>, ReplicaError> {
        let at = self
            .meta("last_sync_at")
            .await?
            .and_then(|v| v.parse().ok());
        let server = self
            .meta("last_server_time")
            .await?
            .and_then(|v| v.parse().ok());
        Ok(at.zip(server))
    }

    /// Records the last sync failure as its code and arguments, for `status` and the
    /// clerk's banner (each says it in its reader's language).
    pub async fn set_last_error(&self, failure: &Notice) -> Result<(), ReplicaError> {
        let json = serde_json::to_string(failure)
            .map_err(|e| ReplicaError::Corrupt(format!("last error: {e}")))?;
        self.set_meta("last_error", &json).await
    }

    /// The last sync failure, if any since the last success. One an older agent stored
    /// as words (not as a code) is not shown; the next sync records it again.
    pub async fn last_error(&self) -> Result<Option<Notice>, ReplicaError> {
        Ok(self
            .meta("last_error")
            .await?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Clears the failure after a success.
    pub async fn clear_last_error(&self) -> Result<(), ReplicaError> {
        // `last_error_en`: the English words an older agent kept beside its Indonesian.
        sqlx::query("DELETE FROM meta WHERE key IN ('last_error', 'last_error_en')")
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// A fresh device token: 32 bytes from `fill` (the system's random source), in hex. A
/// source that fails is an [`ReplicaError::Entropy`], not damage to the replica.
fn new_token<E: std::fmt::Display>(
    fill: impl FnOnce(&mut [u8]) -> Result<(), E>,
) -> Result<String, ReplicaError> {
    let mut bytes = [0u8; 32];
    fill(&mut bytes).map_err(|e| ReplicaError::Entropy(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_64_hex_digits() {
        let token = new_token(getrandom::fill).unwrap();
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(token, new_token(getrandom::fill).unwrap());
    }

    /// A failed random source is said as such, never as damaged data; the source's own
    /// words go to the log, not to the clerk.
    #[test]
    fn a_failed_random_source_is_an_entropy_error() {
        use antar_shared::Lang;
        use antar_shared::i18n::Tr;
        use antar_shared::lang::Localized;

        let e = new_token(|_: &mut [u8]| Err("getrandom: no source")).unwrap_err();
        assert!(matches!(e, ReplicaError::Entropy(_)), "{e:?}");
        assert_eq!(e.code(), "replica.entropy");
        let id = Tr::new(Lang::Id).error(&e);
        assert!(id.starts_with("sumber acak sistem gagal"), "{id}");
        assert!(!id.contains("getrandom"), "{id}");
        let en = Tr::new(Lang::En).error(&e);
        assert!(en.starts_with("the system's random source failed"), "{en}");
        assert_eq!(
            e.to_string(),
            "the system's random source failed: getrandom: no source"
        );
    }
}

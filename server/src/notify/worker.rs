//! The notifier's loop: find new events, claim what is due, send, record.

use std::sync::Arc;
use std::time::Duration;

use antar_shared::i18n::Tr;
use antar_shared::time::DAY;
use antar_shared::tracking::TrackingCode;

use antar_shared::doc::Status;

use super::{Notice, Provider, SendError};
use crate::shutdown::Shutdown;
use crate::store::outbox::{Claimed, Outcome};
use crate::store::{Store, StoreError};

/// Tries before a notice is given up.
pub const MAX_ATTEMPTS: i64 = 8;
/// Notices handled per round, at most.
const BATCH: i64 = 48;
/// Notices in flight at once: a provider answers in a few hundred milliseconds, and
/// one at a time would cap a worker at a few a second (WhatsApp allows 80 a second).
const IN_FLIGHT: i64 = 8;
/// The pause between rounds when nothing is due.
const PAUSE: Duration = Duration::from_secs(5);

/// The notifier's settings.
#[derive(Clone)]
pub struct Config {
    /// Where notices go; `None` sends none (old phones are still erased).
    pub provider: Option<Arc<dyn Provider>>,
    /// The public address for the links in notices.
    pub base_url: String,
    /// A reminder after this many days waiting at the desa.
    pub remind_after_days: i64,
    /// Phones are erased this many days after the dispatch's outcome.
    pub erase_after_days: i64,
    /// How long a worker holds the notices it claimed: one that dies mid-round leaves
    /// them to another after this.
    pub claim_secs: i64,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("remind_after_days", &self.remind_after_days)
            .field("erase_after_days", &self.erase_after_days)
            .field("claim_secs", &self.claim_secs)
            .finish_non_exhaustive()
    }
}

/// The wait before try `attempts + 1`: 30 s, doubling, at most an hour.
fn backoff(attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    (30_i64 << doublings).min(3_600)
}

/// Erases the phones whose time is up (see [`Config::erase_after_days`]) and forgets
/// who wrote to the WhatsApp number two days ago; `run` does it hourly, as it reads
/// every closed dispatch that still has a phone.
pub async fn sweep(store: &Store, config: &Config, now: i64) -> Result<u64, StoreError> {
    // Who wrote to the WhatsApp number is kept two days: the 24-hour window, a margin.
    let forgotten = store.forget_inbound(now - 2 * DAY).await?;
    let erased = store
        .erase_phones(now - config.erase_after_days.saturating_mul(DAY))
        .await?;
    Ok(forgotten + erased)
}

/// How often [`sweep`] runs.
const SWEEP_SECS: i64 = 3_600;

/// One round at `now`: new events written, due notices sent and recorded. Returns how
/// many notices were handled.
pub async fn round(store: &Store, config: &Config, now: i64) -> Result<usize, StoreError> {
    let Some(provider) = &config.provider else {
        return Ok(0);
    };
    // Two days back: a round missed while the server was down still finds its events.
    store
        .enqueue_notices(
            now - 2 * DAY,
            now - config.remind_after_days.saturating_mul(DAY),
            now,
        )
        .await?;
    // A few at a time, each claimed just before it is sent: a slow provider cannot
    // make a claim run out while its notice still waits in this round.
    let provider = provider.as_ref();
    let started = std::time::Instant::now();
    let mut handled = 0;
    while handled < BATCH {
        let at = now.saturating_add(i64::try_from(started.elapsed().as_secs()).unwrap_or(0));
        let until = at.saturating_add(config.claim_secs);
        let claimed = store.claim_notices(IN_FLIGHT, at, until).await?;
        if claimed.is_empty() {
            break;
        }
        let sends: Vec<_> = claimed
            .iter()
            .map(|notice| send_and_record(store, provider, &config.base_url, notice, at, until))
            .collect();
        for result in futures_util::future::join_all(sends).await {
            result?;
        }
        handled += i64::try_from(claimed.len()).unwrap_or(i64::MAX);
    }
    Ok(usize::try_from(handled).unwrap_or(usize::MAX))
}

/// Sends one claimed notice and records how it ended (unless its claim ran out and
/// another worker took it over: then that worker's record stands).
async fn send_and_record(
    store: &Store,
    provider: &dyn Provider,
    base_url: &str,
    claimed: &Claimed,
    now: i64,
    until: i64,
) -> Result<(), StoreError> {
    let outcome = send_one(store, provider, base_url, claimed, now).await?;
    store.finish_notice(claimed.id, until, &outcome, now).await
}

/// Sends one claimed notice and says how it ended.
async fn send_one(
    store: &Store,
    provider: &dyn Provider,
    base_url: &str,
    claimed: &Claimed,
    now: i64,
) -> Result<Outcome, StoreError> {
    let Some(phone) = claimed.phone.as_deref() else {
        return Ok(Outcome::Skipped("phone_erased".into()));
    };
    if store.opted_out(phone).await? {
        return Ok(Outcome::Skipped("opted_out".into()));
    }
    let code = u64::try_from(claimed.tracking)
        .ok()
        .and_then(|bits| TrackingCode::from_bits(bits).ok());
    let record = match code {
        Some(code) => store.dispatch_by_tracking(code, now).await?,
        None => None,
    };
    let Some(record) = record else {
        return Ok(Outcome::Failed("no_dispatch".into()));
    };
    // A retry or a reminder due after the document moved on would mislead: "waiting at
    // the desa" after it was handed over.
    if !still_true(&claimed.event, record.status) {
        return Ok(Outcome::Skipped("outdated".into()));
    }
    let mut notice = Notice::new(
        &claimed.event,
        &record,
        base_url,
        Tr::new(antar_shared::Lang::Id),
    );
    if claimed.event == "handed_over"
        && let Some(receipt) = store.receipt_of(record.tracking_code).await?
    {
        notice = notice.with_receipt(&receipt, base_url, Tr::new(antar_shared::Lang::Id));
    }
    notice.window_open = store
        .last_inbound(phone)
        .await?
        .is_some_and(|at| at > now - DAY);
    notice.sms_only = claimed.channel.as_deref() == Some("sms");
    Ok(match provider.send(phone, &notice).await {
        Ok(sent) => Outcome::Sent {
            channel: sent.channel,
            provider_id: sent.provider_id,
        },
        Err(SendError::Permanent(reason) | SendError::Undeliverable(reason)) => {
            Outcome::Failed(reason)
        }
        Err(SendError::Temporary(reason)) if claimed.attempts >= MAX_ATTEMPTS => Outcome::Failed(
            format!("gave up after {} tries: {reason}", claimed.attempts),
        ),
        Err(SendError::Temporary(reason)) => Outcome::Retry {
            at: now + backoff(claimed.attempts),
            reason,
            channel: notice.sms_only.then_some("sms"),
        },
    })
}

/// Whether an event still says something true of a dispatch in `status`.
fn still_true(event: &str, status: Status) -> bool {
    match event {
        "issued" => matches!(status, Status::Issued | Status::InTransit),
        "at_desa" | "reminder" => status == Status::AtDesa,
        "handed_over" => status == Status::HandedOver,
        "returned" => status == Status::Returned,
        "recalled" => status == Status::Recalled,
        _ => false,
    }
}

/// Runs rounds until `shutdown`: straight on while there is work, else every few
/// seconds or as soon as `wake` says something happened. A failed round is logged and
/// tried again.
pub async fn run(
    store: Store,
    config: Config,
    wake: Arc<tokio::sync::Notify>,
    mut shutdown: Shutdown,
) {
    let mut swept_at = i64::MIN;
    while !shutdown.is_shutdown() {
        let now = crate::store::now();
        if now.saturating_sub(swept_at) >= SWEEP_SECS {
            match sweep(&store, &config, now).await {
                Ok(erased) => {
                    swept_at = now;
                    if erased > 0 {
                        tracing::info!(erased, "applicants' phones erased after their outcome");
                    }
                }
                Err(e) => tracing::error!(error = %format!("{e:#}"), "erasing phones failed"),
            }
        }
        let pause = match round(&store, &config, now).await {
            Ok(n) if n as i64 >= BATCH => Duration::ZERO,
            Ok(_) => PAUSE,
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "notifier round failed; retrying");
                PAUSE
            }
        };
        tokio::select! {
            () = shutdown.recv() => break,
            () = tokio::time::sleep(pause) => {}
            () = wake.notified() => {}
        }
    }
    tracing::debug!("notifier stopped");
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), 30);
        assert_eq!(backoff(2), 60);
        assert_eq!(backoff(5), 480);
        assert_eq!(backoff(8), 3_600);
        assert_eq!(backoff(20), 3_600);
    }
}

//! How the clerk's UI talks to the sync loop in the same process: "sync now" wakes the
//! loop, and the loop reports each finished round so the page can say how it went.

use tokio::sync::{Notify, watch};

/// A finished sync attempt, as the UI sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Attempts so far (0: none yet in this process).
    pub count: u64,
    /// Whether the last one succeeded.
    pub ok: bool,
}

/// Shared between the sync loop and the UI.
#[derive(Debug)]
pub struct SyncControl {
    wake: Notify,
    rounds: watch::Sender<Round>,
}

impl Default for SyncControl {
    fn default() -> Self {
        SyncControl {
            wake: Notify::new(),
            rounds: watch::channel(Round::default()).0,
        }
    }
}

impl SyncControl {
    /// Asks the loop to sync now. A request made while a sync runs is kept, so the loop
    /// syncs again right after (the clerk's latest change is never left waiting).
    pub fn request(&self) {
        self.wake.notify_one();
    }

    /// Waits for a request (the loop's side).
    pub async fn requested(&self) {
        self.wake.notified().await;
    }

    /// Reports a finished attempt (the loop's side).
    pub fn finished(&self, ok: bool) {
        self.rounds.send_modify(|r| {
            r.count += 1;
            r.ok = ok;
        });
    }

    /// Follows finished attempts (the UI's side).
    pub fn rounds(&self) -> watch::Receiver<Round> {
        self.rounds.subscribe()
    }
}

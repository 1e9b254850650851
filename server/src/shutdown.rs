//! Stopping background work cleanly, as mini-redis's `Shutdown` does: the server holds
//! a [`Trigger`]; every worker gets a [`Shutdown`] and stops at its next wait once the
//! trigger fires (or is dropped), and the server awaits each worker's task.

use tokio::sync::watch;

/// The sending end: fires once, for every worker at once.
#[derive(Debug)]
pub struct Trigger {
    sender: watch::Sender<bool>,
}

/// A worker's end: tells it when to stop.
#[derive(Clone, Debug)]
pub struct Shutdown {
    receiver: watch::Receiver<bool>,
}

/// A trigger and the first of its receivers (clone it for more workers).
pub fn channel() -> (Trigger, Shutdown) {
    let (sender, receiver) = watch::channel(false);
    (Trigger { sender }, Shutdown { receiver })
}

impl Trigger {
    /// Tells every worker to stop.
    pub fn fire(&self) {
        self.sender.send_replace(true);
    }

    /// Another receiver, for a worker started later.
    pub fn subscribe(&self) -> Shutdown {
        Shutdown {
            receiver: self.sender.subscribe(),
        }
    }
}

impl Shutdown {
    /// Whether the worker should stop now.
    pub fn is_shutdown(&self) -> bool {
        *self.receiver.borrow()
    }

    /// Completes when the worker should stop: the trigger fired, or was dropped (its
    /// owner is gone, so nobody could stop the worker later).
    pub async fn recv(&mut self) {
        let _ = self.receiver.wait_for(|stop| *stop).await;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::channel;

    #[tokio::test]
    async fn every_receiver_hears_the_trigger() {
        let (trigger, mut first) = channel();
        let mut second = trigger.subscribe();
        assert!(!first.is_shutdown());
        trigger.fire();
        tokio::time::timeout(Duration::from_secs(1), first.recv())
            .await
            .expect("the first receiver hears it");
        tokio::time::timeout(Duration::from_secs(1), second.recv())
            .await
            .expect("the second receiver hears it");
        assert!(first.is_shutdown() && second.is_shutdown());
    }

    #[tokio::test]
    async fn a_dropped_trigger_stops_workers_too() {
        let (trigger, mut shutdown) = channel();
        drop(trigger);
        tokio::time::timeout(Duration::from_secs(1), shutdown.recv())
            .await
            .expect("a dropped trigger ends the wait");
    }
}

//! The NIK checks' workers: a fixed set of threads, each keeping its Argon2id memory
//! between checks, shared by everything in the process that publishes.
//!
//! A task on the blocking pool per batch (what publishing did before) let each of the
//! pool's many short-lived threads allocate its own 19 MiB per check, which glibc keeps
//! in per-thread arenas once freed: the server grew from 41 MB to 411 MB publishing
//! 2,000 rows and never gave it back. Here the memory is at most one buffer per worker,
//! and the workers leave a core to syncs: a large import publishes without starving
//! the desa devices that sync meanwhile.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

use antar_shared::nik::{Nik, NikCheck, NikCheckCost, NikCheckError, NikScratch};

use crate::error::AppError;
use antar_shared::tracking::TrackingCode;
use tokio::sync::oneshot;

/// One check to compute, and where its answer goes.
struct Job {
    nik: Nik,
    tracking: TrackingCode,
    answer: oneshot::Sender<Result<NikCheck, NikCheckError>>,
}

/// How many workers: all cores but one (at least one).
pub fn workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .saturating_sub(1)
        .max(1)
}

/// The queue the workers take jobs from; started on first use.
fn queue() -> &'static Sender<Job> {
    static QUEUE: OnceLock<Sender<Job>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        // Unbounded: callers send at most a publishing batch at a time.
        let (sender, receiver) = channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..workers() {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("nik-check-{i}"))
                .spawn(move || work(&receiver));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "a NIK check worker could not start");
            }
        }
        sender
    })
}

fn work(jobs: &Mutex<Receiver<Job>>) {
    let mut scratch = NikScratch::default();
    loop {
        let job = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let check =
            NikCheck::compute_in(&job.nik, job.tracking, NikCheckCost::Standard, &mut scratch);
        // The asker may have gone (a request cancelled): nothing to do then.
        let _ = job.answer.send(check);
    }
}

/// Computes the checks of `items` on the workers, in order.
pub async fn compute(items: Vec<(Nik, TrackingCode)>) -> Result<Vec<NikCheck>, AppError> {
    let stopped = || AppError::internal_message("the NIK check workers have stopped");
    let queue = queue();
    let mut answers = Vec::with_capacity(items.len());
    for (nik, tracking) in items {
        let (answer, receiver) = oneshot::channel();
        queue
            .send(Job {
                nik,
                tracking,
                answer,
            })
            .map_err(|_| stopped())?;
        answers.push(receiver);
    }
    let mut checks = Vec::with_capacity(answers.len());
    for receiver in answers {
        checks.push(
            receiver
                .await
                .map_err(|_| stopped())?
                .map_err(AppError::internal)?,
        );
    }
    Ok(checks)
}

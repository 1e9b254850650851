//! `antar-server serve`: the HTTP server and its background worker (the publisher),
//! started and stopped together; first-start setup and the optional demo data.

use std::sync::Arc;
use std::time::Duration;

use antar_shared::i18n::Tr;
use antar_shared::sample::{Sampler, bima_desa, desa_name};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::app::{self, RouterOptions};
use crate::error::AppError;
use crate::issuance::publish;
use crate::manifest::{self, Selection};
use crate::shutdown::{self, Shutdown, Trigger};
use crate::state::AppState;
use crate::store::dispatches::NewDispatch;
use crate::store::users::Role;
use crate::store::{Store, now};
use crate::{secret, users};

/// A running server: its address and a handle to stop it (for tests and `main`).
/// Dropping it also tells the server and its workers to stop, without waiting.
#[derive(Debug)]
pub struct Running {
    /// Where it listens.
    pub addr: std::net::SocketAddr,
    shutdown: Trigger,
    server: JoinHandle<std::io::Result<()>>,
    /// Background workers (the publisher, the notifier), stopped by the same trigger.
    workers: Vec<JoinHandle<()>>,
    /// Wakes the notifier (see [`AppState::notices`]).
    notices: Arc<Notify>,
}

impl Running {
    /// Also serves `/metrics` on `listener` until the server stops (see
    /// [`app::metrics_router`]).
    pub fn serve_metrics(&mut self, listener: tokio::net::TcpListener) {
        let mut until_stopped = self.shutdown.subscribe();
        self.workers.push(tokio::spawn(async move {
            let stopped = async move { until_stopped.recv().await };
            if let Err(e) = app::serve(listener, app::metrics_router(), stopped).await {
                tracing::error!(error = %e, "the metrics listener failed");
            }
        }));
    }

    /// Also runs the notifier (notices to residents) until the server stops.
    pub fn notify(&mut self, store: Store, config: crate::notify::Config) {
        let until_stopped = self.shutdown.subscribe();
        let wake = self.notices.clone();
        self.workers.push(tokio::spawn(crate::notify::run(
            store,
            config,
            wake,
            until_stopped,
        )));
    }

    /// Also keeps daily copies of the SQLite store until the server stops.
    pub fn back_up_daily(&mut self, store: Store, schedule: crate::backups::Schedule) {
        let until_stopped = self.shutdown.subscribe();
        self.workers.push(tokio::spawn(crate::backups::run(
            store,
            schedule,
            until_stopped,
        )));
    }

    /// Stops accepting, finishes requests in flight, stops the background workers, and
    /// waits for all of them.
    pub async fn stop(self) -> std::io::Result<()> {
        self.shutdown.fire();
        let served = self.server.await.map_err(std::io::Error::other)?;
        for worker in self.workers {
            worker.await.map_err(std::io::Error::other)?;
        }
        served
    }
}

/// Starts the HTTP server and the background publisher on an already bound listener
/// (tests bind `127.0.0.1:0`).
pub async fn start(
    store: Store,
    listener: tokio::net::TcpListener,
    options: RouterOptions,
) -> std::io::Result<Running> {
    let addr = listener.local_addr()?;
    let publish = Arc::new(Notify::new());
    let notices = Arc::new(Notify::new());
    let state = AppState {
        store: store.clone(),
        publish: publish.clone(),
        notices: notices.clone(),
        site: Arc::new(options.site()),
        client_hops: options.trust_proxy,
        notifier: options.notifier.clone(),
        whatsapp: options.whatsapp.clone(),
    };
    let (trigger, mut until_stopped) = shutdown::channel();
    let publisher = tokio::spawn(publisher(store, publish, trigger.subscribe()));
    let server = tokio::spawn(app::serve(
        listener,
        app::router(state, options),
        async move { until_stopped.recv().await },
    ));
    Ok(Running {
        addr,
        shutdown: trigger,
        server,
        workers: vec![publisher],
        notices,
    })
}

/// How long the publisher waits between rounds when idle or after a failure: it also
/// publishes records another process stored (the `import` command).
const PUBLISH_PAUSE: Duration = Duration::from_secs(5);

/// Publishes pending Issue ops whenever woken, and every few seconds anyway (records
/// may come from the `import` command of another process), until `shutdown`. Several
/// processes on one database share the work: each claims its own batches. A round in
/// progress (at most one batch) is finished first, so no batch is cut off midway.
async fn publisher(store: Store, wake: Arc<Notify>, mut shutdown: Shutdown) {
    while !shutdown.is_shutdown() {
        match publish::publish_claimed(&store).await {
            Ok((0, _)) => {
                tokio::select! {
                    () = shutdown.recv() => break,
                    _ = tokio::time::timeout(PUBLISH_PAUSE, wake.notified()) => {}
                }
            }
            Ok((_, n)) => tracing::info!(published = n, "issue ops published"),
            Err(e) => {
                tracing::error!(code = e.code, error = %format!("{e:#}"), "publishing failed; retrying");
                tokio::select! {
                    () = shutdown.recv() => break,
                    () = tokio::time::sleep(PUBLISH_PAUSE) => {}
                }
            }
        }
    }
    tracing::debug!("publisher stopped");
}

/// On a store with no accounts, creates `admin` with a generated password and returns
/// the password (to print once).
pub async fn first_admin(store: &Store) -> Result<Option<String>, AppError> {
    if store.user_count().await? > 0 {
        return Ok(None);
    }
    let password = secret::new_password().map_err(AppError::internal)?;
    users::add(
        store,
        &crate::audit::Who::command(),
        "admin",
        Role::Admin,
        &password,
    )
    .await?;
    Ok(Some(password))
}

/// Issues realistic sample dispatches to five Kabupaten Bima desa and puts two of them
/// on a manifest, once (skipped when the store already has dispatches). Returns what
/// was made, one line each, in `tr`'s language.
pub async fn demo(store: &Store, tr: Tr) -> Result<Option<Vec<String>>, AppError> {
    let existing = store.list_dispatches(&Default::default(), now()).await;
    if existing.map(|d| !d.is_empty()).unwrap_or(false) {
        return Ok(None);
    }
    let all = bima_desa();
    let mut sampler = Sampler::new(2026);
    let picks: Vec<_> = [0usize, 23, 57, 101, 150]
        .iter()
        .filter_map(|i| all.get(*i).copied())
        .collect();
    let mut items = Vec::new();
    for desa in &picks {
        for _ in 0..12 {
            let (issue, nik) = sampler.issue(*desa, false);
            let phone = format!("6281{:09}", sampler.next_u64() % 1_000_000_000);
            items.push(NewDispatch {
                kind: issue.kind,
                number: antar_shared::sample::printed_number(&issue, &nik),
                holder: issue.holder,
                nik,
                desa: *desa,
                phone: Some(phone),
            });
        }
    }
    let codes = store.insert_dispatches(&items, now()).await?;
    let batch = store
        .record_batch(&codes, "demo", "demo.csv", now())
        .await?;
    let mut lines = vec![tr.t1("srv-demo-slips", "id", batch)];
    for desa in picks.iter().take(2) {
        let (id, n) = manifest::create(
            store,
            &crate::audit::Who::command(),
            "Arifin Usman",
            *desa,
            Selection::AllIssued,
        )
        .await?;
        lines.push(tr.with(
            "srv-demo-manifest",
            &[
                ("id", id.to_string()),
                ("n", n.to_string()),
                ("name", desa_name(*desa).to_owned()),
                ("desa", desa.to_string()),
            ],
        ));
    }
    if let (Some(desa), Some(item), Some(code)) = (picks.first(), items.first(), codes.first()) {
        let receipt = demo_receipt(store, *desa, item.kind, *code).await?;
        lines.push(tr.t1(
            "srv-demo-receipt",
            "link",
            format!("/verifikasi?r={}", antar_shared::web::urlencode(&receipt)),
        ));
    }
    for desa in &picks {
        lines.push(format!("{desa} {}", desa_name(*desa)));
    }
    Ok(Some(lines))
}

/// A sample handover receipt, to try `/verifikasi` with: signed by a demo device of
/// `desa` (enrolled, its key certified, as a real one is), for one demo dispatch.
async fn demo_receipt(
    store: &Store,
    desa: antar_shared::region::VillageCode,
    kind: antar_shared::kind::DocumentKind,
    code: antar_shared::tracking::TrackingCode,
) -> Result<String, AppError> {
    use antar_shared::receipt::{DeviceCertificate, DeviceKey, Statement};
    let who = crate::audit::Who::command();
    let enroll_code = crate::enrollment::create_code(store, &who, desa).await?;
    let key = DeviceKey::generate()
        .and_then(|pkcs8| DeviceKey::from_pkcs8(&pkcs8))
        .map_err(AppError::internal)?;
    let request = crate::enrollment::EnrollRequest {
        code: enroll_code.code,
        device_name: "Perangkat contoh".into(),
        device_token: None,
        previous_token: None,
        actor: None,
        certificate: None,
        earlier_tokens: Vec::new(),
        receipt_key: Some(key.public().to_hex()),
    };
    let (enrolled, _) = crate::enrollment::enroll(store, &request).await?;
    let certificate = enrolled
        .receipt_certificate
        .as_deref()
        .and_then(DeviceCertificate::from_hex)
        .ok_or_else(|| AppError::internal_message("demo receipt key not certified"))?;
    let statement = Statement {
        code,
        kind,
        desa,
        at: antar_shared::time::UnixTime(now()),
        relation: antar_shared::doc::Relation::Holder,
        clerk: antar_shared::text::PersonName::parse("Nurul Hamzah").map_err(AppError::internal)?,
        device: antar_shared::doc::ActorId(enrolled.actor),
    };
    key.sign(&statement, &certificate)
        .map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    /// `Running::stop` signals the publisher and awaits it: the publisher's task is
    /// finished when `stop` returns, well before its idle wait would have ended.
    #[tokio::test]
    async fn stopping_the_server_stops_and_awaits_the_publisher() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_data_dir(dir.path()).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let running = start(store, listener, RouterOptions::default())
            .await
            .unwrap();
        let workers: Vec<_> = running.workers.iter().map(|w| w.abort_handle()).collect();
        assert_eq!(workers.len(), 1, "the publisher");
        // Let the publisher finish its first (empty) round and start its idle wait.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            workers.iter().all(|w| !w.is_finished()),
            "it runs until stopped"
        );
        let asked = Instant::now();
        tokio::time::timeout(Duration::from_secs(10), running.stop())
            .await
            .expect("stop returns")
            .unwrap();
        assert!(
            asked.elapsed() < PUBLISH_PAUSE,
            "the signal ends the idle wait: {:?}",
            asked.elapsed()
        );
        assert!(
            workers.iter().all(|w| w.is_finished()),
            "the publisher stopped"
        );
    }

    /// The publisher alone: a fired trigger ends it, also in the middle of its wait.
    #[tokio::test]
    async fn the_publisher_ends_on_the_signal() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_data_dir(dir.path()).await.unwrap();
        let (trigger, shutdown) = shutdown::channel();
        let task = tokio::spawn(publisher(store, Arc::new(Notify::new()), shutdown));
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!task.is_finished());
        trigger.fire();
        tokio::time::timeout(Duration::from_secs(2), task)
            .await
            .expect("the publisher ends within the pause")
            .unwrap();
    }
}

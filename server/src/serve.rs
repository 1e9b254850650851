//! `antar-server serve`: the HTTP server, the background publisher, first-start setup
//! and the optional demo data.

use std::sync::Arc;
use std::time::Duration;

use antar_shared::sample::{Sampler, bima_desa, desa_name};
use tokio::sync::Notify;

use crate::error::AppError;
use crate::http::{AppState, RouterOptions};
use crate::issuance::publish;
use crate::manifest::{self, Selection};
use crate::store::dispatches::NewDispatch;
use crate::store::users::Role;
use crate::store::{Store, now};
use crate::{secret, users};

/// A running server: its address and a handle to stop it (for tests and `main`).
#[derive(Debug)]
pub struct Running {
    /// Where it listens.
    pub addr: std::net::SocketAddr,
    shutdown: Arc<Notify>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, finishes requests in flight, and waits.
    pub async fn stop(self) -> std::io::Result<()> {
        self.shutdown.notify_one();
        self.task.await.map_err(std::io::Error::other)?
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
    let state = AppState {
        store: store.clone(),
        publish: publish.clone(),
        site: Arc::new(crate::web::Site {
            office_hours: options.office_hours.clone(),
            public_url: options
                .public_url
                .as_deref()
                .map(|u| u.trim().trim_end_matches('/').to_owned())
                .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
        }),
        imports: Arc::default(),
    };
    let shutdown = Arc::new(Notify::new());
    tokio::spawn(publisher(store, publish));
    let stop = shutdown.clone();
    let task = tokio::spawn(crate::http::serve(
        listener,
        crate::http::router(state, options),
        async move {
            stop.notified().await;
        },
    ));
    Ok(Running {
        addr,
        shutdown,
        task,
    })
}

/// Publishes pending Issue ops whenever woken, and every few seconds anyway (records
/// may come from the `import` command of another process).
async fn publisher(store: Store, wake: Arc<Notify>) {
    loop {
        match publish::publish_pending(&store, None).await {
            Ok(0) => {
                let _ = tokio::time::timeout(Duration::from_secs(5), wake.notified()).await;
            }
            Ok(n) => tracing::info!(published = n, "issue ops published"),
            Err(e) => {
                tracing::error!(error = %e, detail = ?e.internal, "publishing failed; retrying");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

/// On a store with no accounts, creates `admin` with a generated password and returns
/// the password (to print once).
pub async fn first_admin(store: &Store) -> Result<Option<String>, AppError> {
    if store.user_count().await? > 0 {
        return Ok(None);
    }
    let password = secret::new_password().map_err(AppError::internal)?;
    users::add(store, "admin", Role::Admin, &password).await?;
    Ok(Some(password))
}

/// Issues realistic sample dispatches to five Kabupaten Bima desa and puts two of them
/// on a manifest, once (skipped when the store already has dispatches).
pub async fn demo(store: &Store) -> Result<Option<Vec<String>>, AppError> {
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
                number: issue.number,
                holder: issue.holder,
                nik,
                desa: *desa,
                phone: Some(phone),
            });
        }
    }
    store.insert_dispatches(&items, now()).await?;
    let mut lines = Vec::new();
    for desa in picks.iter().take(2) {
        let (id, n) = manifest::create(store, "Arifin Usman", *desa, Selection::AllIssued).await?;
        lines.push(format!(
            "manifes {id}: {n} kiriman ke {} ({desa})",
            desa_name(*desa)
        ));
    }
    for desa in &picks {
        lines.push(format!("{desa} {}", desa_name(*desa)));
    }
    Ok(Some(lines))
}

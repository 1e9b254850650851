//! The Dukcapil server in the simulation: its real store (SQLite in a folder, or a
//! PostgreSQL schema of its own) and its real router, called in-process (no
//! sockets). It can crash (the store is closed and reopened: a new process, a new
//! incarnation), back itself up, and be restored from one of its older backups.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use antar_server::app::{RouterOptions, router};
use antar_server::audit::Who;
use antar_server::state::{AppState, Site};
use antar_server::store::users::Role;
use antar_server::store::{Store, now};
use antar_server::users;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use tower::ServiceExt;

use crate::Broken;
use crate::postgres::Postgres;

/// Where the server keeps its data.
#[derive(Debug)]
enum Place {
    /// `antar.db` in a folder; backups are files beside it (`VACUUM INTO`).
    Sqlite(PathBuf),
    /// A schema of its own; backups are copies of its rows.
    Postgres(Postgres),
}

/// One HTTP answer: status and body.
pub type Answer = (u16, Vec<u8>);

/// The server: its data, and while it runs, its store and router.
#[derive(Debug)]
pub struct Server {
    place: Place,
    running: Option<(Store, Router)>,
    /// The operator's bearer token (an admin session made at the start).
    pub admin: String,
    /// Backups taken so far, oldest first (files, or schemas).
    pub backups: Vec<String>,
    /// The disk is full (until it is freed, or the process restarts after an operator
    /// made room).
    pub disk_full: bool,
}

impl Server {
    /// A new server with its SQLite file in `dir`, one admin and its session.
    pub async fn create(dir: &Path) -> Result<Server, Broken> {
        let store = Store::open_data_dir(dir).await.map_err(Broken::setup)?;
        Self::create_in(store, Place::Sqlite(dir.to_owned())).await
    }

    /// A new server in a new PostgreSQL schema of its own (see [`Postgres`]).
    pub async fn create_on_postgres(database: Postgres) -> Result<Server, Broken> {
        let store = Store::connect(&database.url())
            .await
            .map_err(Broken::setup)?;
        Self::create_in(store, Place::Postgres(database)).await
    }

    async fn create_in(store: Store, place: Place) -> Result<Server, Broken> {
        let user = users::add(
            &store,
            &Who::command(),
            "admin",
            Role::Admin,
            "kata-sandi-sim",
        )
        .await
        .map_err(Broken::setup)?;
        let admin = antar_server::secret::new_token().map_err(Broken::setup)?;
        store
            .add_session(
                &antar_server::secret::hash_token(&admin),
                user.id,
                "sim",
                now(),
                None,
            )
            .await
            .map_err(Broken::setup)?;
        store.pool().close().await;
        let mut server = Server {
            place,
            running: None,
            admin,
            backups: Vec::new(),
            disk_full: false,
        };
        server.start().await?;
        Ok(server)
    }

    /// Starts the server process: opens the store, builds the router.
    pub async fn start(&mut self) -> Result<(), Broken> {
        if self.running.is_some() {
            return Ok(());
        }
        let store = match &self.place {
            Place::Sqlite(dir) => Store::open_existing_data_dir(dir).await,
            Place::Postgres(database) => Store::connect(&database.url()).await,
        }
        .map_err(Broken::setup)?;
        let options = RouterOptions {
            public_per_minute: 1_000_000,
            ..Default::default()
        };
        let state = AppState {
            store: store.clone(),
            publish: Default::default(),
            notices: Default::default(),
            site: std::sync::Arc::new(Site::default()),
            client_hops: None,
            notifier: None,
            whatsapp: None,
        };
        self.running = Some((store, router(state, options)));
        Ok(())
    }

    /// Kills the process: what was committed stays in the file, the rest is gone.
    pub async fn crash(&mut self) {
        if let Some((store, _)) = self.running.take() {
            store.pool().close().await;
        }
        // Whoever starts it again made room first.
        self.disk_full = false;
    }

    /// Whether this server's disk can be filled: on SQLite only (PostgreSQL's own
    /// files are not the simulation's to limit).
    pub fn can_fill_disk(&self) -> bool {
        matches!(self.place, Place::Sqlite(_))
    }

    /// Fills the disk (`full`), or makes room again (SQLite's page limit at the
    /// database's size now: `Store::simulate_full_disk`).
    pub async fn fill_disk(&mut self, full: bool) -> Result<(), Broken> {
        let Some(store) = self.store() else {
            return Ok(());
        };
        if store
            .simulate_full_disk(full)
            .await
            .map_err(Broken::setup)?
        {
            self.disk_full = full;
        }
        Ok(())
    }

    /// Whether the process runs.
    pub fn is_up(&self) -> bool {
        self.running.is_some()
    }

    /// The store, while running.
    pub fn store(&self) -> Option<&Store> {
        self.running.as_ref().map(|(s, _)| s)
    }

    /// The router, while running (the network holds a copy).
    pub fn router(&self) -> Option<Router> {
        self.running.as_ref().map(|(_, r)| r.clone())
    }

    /// Takes a backup while it runs: on SQLite the way `antar-server backup` does
    /// (`VACUUM INTO`), on PostgreSQL as `pg_dump` does (every row in one snapshot).
    pub async fn backup(&mut self) -> Result<bool, Broken> {
        let Some(store) = self.store().cloned() else {
            return Ok(false);
        };
        let n = self.backups.len();
        let name = match &mut self.place {
            Place::Sqlite(dir) => {
                let target = dir.join(format!("backup-{n}.db"));
                antar_server::backups::copy_into(&store, &target)
                    .await
                    .map_err(|e| Broken::setup(format!("{e:?}")))?;
                target.display().to_string()
            }
            Place::Postgres(database) => database.copy(n).await?,
        };
        self.backups.push(name);
        Ok(true)
    }

    /// Restores backup `i` the way an operator does: stop, put it in place of the
    /// database, start again.
    pub async fn restore(&mut self, i: usize) -> Result<(), Broken> {
        let Some(backup) = self.backups.get(i).cloned() else {
            return Ok(());
        };
        self.crash().await;
        match &mut self.place {
            Place::Sqlite(dir) => {
                let db = dir.join("antar.db");
                for side in ["antar.db-wal", "antar.db-shm"] {
                    let _ = std::fs::remove_file(dir.join(side));
                }
                std::fs::copy(&backup, &db).map_err(Broken::setup)?;
            }
            Place::Postgres(database) => database.restore(&backup).await?,
        }
        self.start().await
    }
}

/// Sends one request through a router and reads the whole answer.
pub async fn call(router: Router, mut request: Request<Body>, from: SocketAddr) -> Answer {
    request.extensions_mut().insert(ConnectInfo(from));
    let response = match router.oneshot(request).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    (status, bytes)
}

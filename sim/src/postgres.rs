//! The simulated server's PostgreSQL: a database of its own on the machine's
//! PostgreSQL (`ANTAR_SIM_POSTGRES`, `postgres://postgres@127.0.0.1:5432` unless set),
//! and its backups as copies of it (`CREATE DATABASE … TEMPLATE`, what a restore of a
//! `pg_dump` gives back: the committed state at that moment). All of them are dropped
//! when the world ends, passed or broken.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{Connection, Executor, PgConnection};

use crate::Broken;

/// Where the simulation finds PostgreSQL unless `ANTAR_SIM_POSTGRES` says otherwise.
pub const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432";

/// Worlds made by this process, so that two at once never share a name.
static WORLDS: AtomicU64 = AtomicU64::new(0);

/// A world's database and its backups.
#[derive(Debug)]
pub struct Postgres {
    server: String,
    name: String,
    copies: Vec<String>,
}

impl Postgres {
    /// The PostgreSQL server the simulation uses.
    pub fn server() -> String {
        std::env::var("ANTAR_SIM_POSTGRES").unwrap_or_else(|_| DEFAULT_SERVER.to_owned())
    }

    /// Whether that server answers (tests skip PostgreSQL worlds where it does not,
    /// except in CI).
    pub async fn reachable() -> bool {
        match PgConnection::connect(&format!("{}/postgres", Self::server())).await {
            Ok(connection) => {
                let _ = connection.close().await;
                true
            }
            Err(_) => false,
        }
    }

    /// A new empty database for one world.
    pub async fn create() -> Result<Postgres, Broken> {
        let n = WORLDS.fetch_add(1, Ordering::Relaxed);
        let database = Postgres {
            server: Self::server(),
            name: format!("antar_sim_{}_{n}", std::process::id()),
            copies: Vec::new(),
        };
        database
            .run(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                database.name
            ))
            .await?;
        database
            .run(&format!("CREATE DATABASE {}", database.name))
            .await?;
        Ok(database)
    }

    /// The database's URL, for the server's store.
    pub fn url(&self) -> String {
        format!("{}/{}", self.server, self.name)
    }

    /// Copies the database as backup `n` (nothing may be connected to it meanwhile);
    /// returns the copy's name.
    pub async fn copy(&mut self, n: usize) -> Result<String, Broken> {
        let copy = format!("{}_backup_{n}", self.name);
        self.run(&format!("DROP DATABASE IF EXISTS {copy} WITH (FORCE)"))
            .await?;
        self.run(&format!("CREATE DATABASE {copy} TEMPLATE {}", self.name))
            .await?;
        self.copies.push(copy.clone());
        Ok(copy)
    }

    /// Puts backup `copy` in the database's place.
    pub async fn restore(&self, copy: &str) -> Result<(), Broken> {
        self.run(&format!("DROP DATABASE {} WITH (FORCE)", self.name))
            .await?;
        self.run(&format!("CREATE DATABASE {} TEMPLATE {copy}", self.name))
            .await
    }

    /// One statement on the server's maintenance database.
    async fn run(&self, sql: &str) -> Result<(), Broken> {
        run(&self.server, sql).await
    }
}

/// One statement on the maintenance database `postgres` of `server`.
async fn run(server: &str, sql: &str) -> Result<(), Broken> {
    let mut connection = PgConnection::connect(&format!("{server}/postgres"))
        .await
        .map_err(|e| Broken::setup(format!("PostgreSQL at {server}: {e}")))?;
    let done = connection
        .execute(sqlx::AssertSqlSafe(sql.to_owned()))
        .await
        .map(|_| ())
        .map_err(|e| Broken::setup(format!("{sql}: {e}")));
    let _ = connection.close().await;
    done
}

impl Drop for Postgres {
    /// Drops the world's databases. A drop cannot wait on the world's own runtime, so a
    /// thread of its own does it, and the world waits for it.
    fn drop(&mut self) {
        let names: Vec<String> = std::iter::once(self.name.clone())
            .chain(self.copies.drain(..))
            .collect();
        let server = self.server.clone();
        let dropping = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                for name in names {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = run(&server, &sql).await;
                }
            });
        });
        let _ = dropping.join();
    }
}

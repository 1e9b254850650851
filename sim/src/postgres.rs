//! The simulated server's PostgreSQL: a schema of its own in the database `antar_sim`
//! on the machine's PostgreSQL (`ANTAR_SIM_POSTGRES`, `postgres://postgres@127.0.0.1:5432`
//! unless set), and its backups as copies of its rows in schemas beside it, taken in
//! one snapshot as `pg_dump` takes them; a restore puts those rows back in the tables
//! (foreign keys unchecked meanwhile, as `pg_restore --disable-triggers` does) and the
//! sequences where they stood. Everything is dropped when the world ends, passed or
//! broken.
//!
//! Schemas, not databases: `DROP DATABASE` forces a checkpoint, and a world makes
//! several, so worlds of their own databases spent their time waiting on the disk.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{Connection, Executor, PgConnection};

use crate::Broken;

/// Where the simulation finds PostgreSQL unless `ANTAR_SIM_POSTGRES` says otherwise.
pub const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432";

/// The database the worlds' schemas live in.
pub const DATABASE: &str = "antar_sim";

/// Worlds made by this process, so that two at once never share a name.
static WORLDS: AtomicU64 = AtomicU64::new(0);

/// A world's schema and its backups.
#[derive(Debug)]
pub struct Postgres {
    server: String,
    schema: String,
    backups: Vec<String>,
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

    /// A new empty schema for one world (and the database, the first time).
    pub async fn create() -> Result<Postgres, Broken> {
        let server = Self::server();
        create_database(&server).await?;
        let n = WORLDS.fetch_add(1, Ordering::Relaxed);
        let database = Postgres {
            schema: format!("world_{}_{n}", std::process::id()),
            server,
            backups: Vec::new(),
        };
        let mut connection = database.connect().await?;
        let schema = &database.schema;
        execute(
            &mut connection,
            &format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
        )
        .await?;
        execute(&mut connection, &format!("CREATE SCHEMA {schema}")).await?;
        let _ = connection.close().await;
        Ok(database)
    }

    /// The URL of the world's schema, for the server's store.
    pub fn url(&self) -> String {
        format!(
            "{}/{DATABASE}?options=-c%20search_path%3D{}",
            self.server, self.schema
        )
    }

    /// Copies every table's rows and every sequence's position as backup `n`, in one
    /// snapshot; returns the backup's name.
    pub async fn copy(&mut self, n: usize) -> Result<String, Broken> {
        let backup = format!("{}_backup_{n}", self.schema);
        let mut connection = self.connect().await?;
        let (tables, sequences) = self.contents(&mut connection).await?;
        let mut script = vec![
            "BEGIN ISOLATION LEVEL REPEATABLE READ".to_owned(),
            format!("DROP SCHEMA IF EXISTS {backup} CASCADE"),
            format!("CREATE SCHEMA {backup}"),
            format!(
                "CREATE TABLE {backup}.sim_sequences (name TEXT, last_value BIGINT, is_called BOOLEAN)"
            ),
        ];
        for table in &tables {
            script.push(format!(
                "CREATE TABLE {backup}.\"{table}\" AS SELECT * FROM {}.\"{table}\"",
                self.schema
            ));
        }
        for sequence in &sequences {
            script.push(format!(
                "INSERT INTO {backup}.sim_sequences SELECT '{sequence}', last_value, is_called FROM {}.\"{sequence}\"",
                self.schema
            ));
        }
        script.push("COMMIT".to_owned());
        for statement in script {
            execute(&mut connection, &statement).await?;
        }
        let _ = connection.close().await;
        self.backups.push(backup.clone());
        Ok(backup)
    }

    /// Puts backup `backup` in place of the world's rows (nothing may be connected to
    /// the world's schema meanwhile: the server is down).
    pub async fn restore(&self, backup: &str) -> Result<(), Broken> {
        let mut connection = self.connect().await?;
        let (tables, _) = self.contents(&mut connection).await?;
        let schema = &self.schema;
        let listed: Vec<String> = tables.iter().map(|t| format!("{schema}.\"{t}\"")).collect();
        let mut script = vec![
            "BEGIN".to_owned(),
            "SET LOCAL session_replication_role = replica".to_owned(),
            format!("TRUNCATE {}", listed.join(", ")),
        ];
        for table in &tables {
            script.push(format!(
                "INSERT INTO {schema}.\"{table}\" SELECT * FROM {backup}.\"{table}\""
            ));
        }
        script.push(format!(
            "SELECT setval(format('{schema}.%I', name), last_value, is_called) FROM {backup}.sim_sequences"
        ));
        script.push("COMMIT".to_owned());
        for statement in script {
            execute(&mut connection, &statement).await?;
        }
        let _ = connection.close().await;
        Ok(())
    }

    /// The world schema's tables and sequences.
    async fn contents(
        &self,
        connection: &mut PgConnection,
    ) -> Result<(Vec<String>, Vec<String>), Broken> {
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::TEXT FROM information_schema.tables \
             WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1",
        )
        .bind(&self.schema)
        .fetch_all(&mut *connection)
        .await
        .map_err(Broken::setup)?;
        let sequences: Vec<String> = sqlx::query_scalar(
            "SELECT sequencename::TEXT FROM pg_sequences WHERE schemaname = $1 ORDER BY 1",
        )
        .bind(&self.schema)
        .fetch_all(&mut *connection)
        .await
        .map_err(Broken::setup)?;
        Ok((tables, sequences))
    }

    async fn connect(&self) -> Result<PgConnection, Broken> {
        connect(&self.server, DATABASE).await
    }
}

impl Drop for Postgres {
    /// Drops the world's schemas. A drop cannot wait on the world's own runtime, so a
    /// thread of its own does it, and the world waits for it.
    fn drop(&mut self) {
        let schemas: Vec<String> = std::iter::once(self.schema.clone())
            .chain(self.backups.drain(..))
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
                let Ok(mut connection) = connect(&server, DATABASE).await else {
                    return;
                };
                for schema in schemas {
                    let sql = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
                    let _ = execute(&mut connection, &sql).await;
                }
                let _ = connection.close().await;
            });
        });
        let _ = dropping.join();
    }
}

/// Creates the database `antar_sim` unless it is there (two worlds may race to).
async fn create_database(server: &str) -> Result<(), Broken> {
    let mut connection = connect(server, "postgres").await?;
    // Several simulations may start at once: the loser of the race is told the database
    // exists (42P04), or, mid-creation, that its name is taken (23505); both are fine.
    let created = connection
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {DATABASE}")))
        .await;
    let _ = connection.close().await;
    match created {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(e)) if matches!(e.code().as_deref(), Some("42P04" | "23505")) => {
            Ok(())
        }
        Err(e) => Err(Broken::setup(format!("CREATE DATABASE {DATABASE}: {e}"))),
    }
}

async fn connect(server: &str, database: &str) -> Result<PgConnection, Broken> {
    PgConnection::connect(&format!("{server}/{database}"))
        .await
        .map_err(|e| Broken::setup(format!("PostgreSQL at {server}: {e}")))
}

async fn execute(connection: &mut PgConnection, sql: &str) -> Result<(), Broken> {
    connection
        .execute(sqlx::AssertSqlSafe(sql.to_owned()))
        .await
        .map(|_| ())
        .map_err(|e| Broken::setup(format!("{sql}: {e}")))
}

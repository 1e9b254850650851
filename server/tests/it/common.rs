//! Test support: fresh stores on both backends, real servers on port 0, sample data.

use antar_server::store::Store;
use antar_server::store::dispatches::NewDispatch;
use antar_shared::region::VillageCode;
use antar_shared::sample::Sampler;

/// Where PostgreSQL is expected (the CI machine's local server, trust auth).
const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A store and what keeps it alive: a temp dir, or a PostgreSQL database that is
/// dropped with it.
pub struct TestStore {
    pub store: Store,
    pub name: &'static str,
    _dir: Option<tempfile::TempDir>,
    // After `store`: fields drop in order, so the store's pool is let go first.
    _database: Option<TestDatabase>,
}

/// A PostgreSQL database made for one test. Dropping it drops the database, also when
/// the test fails (unwinding drops it too); `WITH (FORCE)` ends the connections the
/// test's pool or a server it started may still hold.
struct TestDatabase {
    admin_url: String,
    name: String,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime, which cannot block on a future: a thread
        // of its own, with a small runtime, sends the one statement.
        let dropped = std::thread::spawn(move || drop_database(&url, &name)).join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("test database {} was not dropped: {e}", self.name),
            Err(_) => eprintln!("test database {} was not dropped (panic)", self.name),
        }
    }
}

fn drop_database(
    admin_url: &str,
    name: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use sqlx::Connection;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut admin = sqlx::PgConnection::connect(admin_url).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut admin)
        .await?;
        admin.close().await?;
        Ok(())
    })
}

/// A fresh SQLite store in a temporary directory.
pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_data_dir(dir.path()).await.unwrap();
    TestStore {
        store,
        name: "sqlite",
        _dir: Some(dir),
        _database: None,
    }
}

/// A fresh PostgreSQL database, or `None` when PostgreSQL is unreachable outside CI.
/// With `CI=true` an unreachable PostgreSQL fails the test: CI must run both backends.
pub async fn postgres() -> Option<TestStore> {
    use sqlx::Connection;
    let url = std::env::var("ANTAR_TEST_PG").unwrap_or_else(|_| PG_ADMIN_URL.to_owned());
    let mut admin = match sqlx::PgConnection::connect(&url).await {
        Ok(conn) => conn,
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true but PostgreSQL is unreachable at {url}: {e}");
            }
            eprintln!(
                "PostgreSQL unreachable at {url} ({e}); skipping the PostgreSQL run outside CI"
            );
            return None;
        }
    };
    let name = format!(
        "antar_test_{:016x}",
        Sampler::new(std::process::id().into()).next_u64() ^ nanos()
    );
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let _ = admin.close().await;
    // From here on the guard drops the database, whatever happens next.
    let database = TestDatabase {
        admin_url: url.clone(),
        name: name.clone(),
    };
    let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&url);
    let store = Store::connect(&format!("{base}/{name}")).await.unwrap();
    Some(TestStore {
        store,
        name: "postgres",
        _dir: None,
        _database: Some(database),
    })
}

impl TestStore {
    /// The PostgreSQL database made for this store, if it is one.
    pub fn database(&self) -> Option<&str> {
        self._database.as_ref().map(|d| d.name.as_str())
    }
}

/// Whether PostgreSQL (at the test address) has a database of this name.
pub async fn database_exists(name: &str) -> bool {
    use sqlx::Connection;
    let url = std::env::var("ANTAR_TEST_PG").unwrap_or_else(|_| PG_ADMIN_URL.to_owned());
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    let _ = admin.close().await;
    found > 0
}

fn nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

/// Both backends (PostgreSQL when reachable; always in CI).
pub async fn backends() -> Vec<TestStore> {
    let mut all = vec![sqlite().await];
    if let Some(pg) = postgres().await {
        all.push(pg);
    }
    all
}

/// Naru, Woha, Kabupaten Bima.
pub fn naru() -> VillageCode {
    VillageCode::parse("52.06.03.2012").unwrap()
}

/// Rasabou, Tambora: another desa.
pub fn rasabou() -> VillageCode {
    VillageCode::parse("52.06.14.2007").unwrap()
}

/// `n` realistic dispatches for a desa.
pub fn sample_dispatches(desa: VillageCode, n: usize, seed: u64) -> Vec<NewDispatch> {
    let mut sampler = Sampler::new(seed);
    (0..n)
        .map(|_| {
            let (issue, nik) = sampler.issue(desa, false);
            NewDispatch {
                kind: issue.kind,
                number: antar_shared::sample::printed_number(&issue, &nik),
                holder: issue.holder,
                nik,
                desa,
                phone: Some("6281234567890".into()),
            }
        })
        .collect()
}

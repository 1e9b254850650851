//! A fresh PostgreSQL database for an end-to-end test, dropped when the test ends
//! (passed or failed). Outside CI a machine without PostgreSQL skips the test; in CI
//! (`CI=true`) that is a failure, so the tests cannot pass by not running.

use std::process::{Command, Output};

/// `psql -tAc SQL` against the `postgres` database on 127.0.0.1:5432.
pub fn psql(sql: &str) -> Output {
    psql_in("postgres", sql)
}

/// `psql -tAc SQL` against database `name` on 127.0.0.1:5432.
pub fn psql_in(name: &str, sql: &str) -> Output {
    Command::new("psql")
        .args(["-h", "127.0.0.1", "-U", "postgres", "-d", name, "-tAc", sql])
        .output()
        .unwrap_or_else(|e| panic!("cannot run psql: {e}"))
}

/// A test database; dropped with the value.
#[derive(Debug)]
pub struct PgDatabase {
    /// Its name.
    pub name: String,
    /// `postgres://postgres@127.0.0.1:5432/NAME`.
    pub url: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

/// A new empty database named `PREFIX_PID`, or `None` (test skipped, said on stderr)
/// when PostgreSQL is not reachable outside CI.
pub fn fresh_database(prefix: &str) -> Option<PgDatabase> {
    if !psql("SELECT 1").status.success() {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "CI=true but PostgreSQL is unreachable at 127.0.0.1:5432"
        );
        eprintln!("SKIPPED: PostgreSQL unreachable at 127.0.0.1:5432");
        return None;
    }
    let name = format!("{prefix}_{}", std::process::id());
    let _ = psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    let created = psql(&format!("CREATE DATABASE {name}"));
    assert!(
        created.status.success(),
        "cannot create {name}: {}",
        String::from_utf8_lossy(&created.stderr)
    );
    Some(PgDatabase {
        url: format!("postgres://postgres@127.0.0.1:5432/{name}"),
        name,
    })
}

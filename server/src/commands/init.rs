//! `init`: creates the database (SQLite in --data-dir) or prepares PostgreSQL's
//! tables. The only command besides `serve` that may create a database.

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use super::{Database, database_file, open_store, shown};
use crate::error::AppError;

/// Creates or updates the database named by the global options and says where it is.
pub async fn run(db: &Database, lang: Lang) -> Result<(), AppError> {
    if let Some(url) = &db.url {
        open_store(db, true).await?;
        // Where, without the user, password or options.
        let host = url
            .split('?')
            .next()
            .and_then(|u| u.rsplit('@').next())
            .unwrap_or_default();
        eprintln!(
            "{}",
            Tr::new(lang).t1("srv-init-postgres-ready", "host", host)
        );
        return Ok(());
    }
    let file = database_file(db);
    let existed = std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.len() > 0);
    open_store(db, true).await?;
    let (where_, dir) = (shown(&file), shown(&db.data_dir));
    if existed {
        eprintln!("{}", Tr::new(lang).t1("srv-init-exists", "file", &where_));
    } else {
        eprintln!(
            "{}",
            Tr::new(lang).t2("srv-init-created", "file", &where_, "dir", dir)
        );
    }
    println!("{where_}");
    Ok(())
}

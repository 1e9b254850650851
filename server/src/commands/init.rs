//! `init`: creates the database (SQLite in --data-dir) or prepares PostgreSQL's
//! tables. The only command besides `serve` that may create a database.

use antar_shared::Lang;

use super::{database_file, open_store, say, shown};
use crate::cli::Cli;
use crate::error::AppError;

/// Creates or updates the database named by the global options and says where it is.
pub async fn run(cli: &Cli, lang: Lang) -> Result<(), AppError> {
    if let Some(url) = &cli.database_url {
        open_store(cli, true).await?;
        // Where, without the user, password or options.
        let host = url
            .split('?')
            .next()
            .and_then(|u| u.rsplit('@').next())
            .unwrap_or_default();
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Basis data PostgreSQL {host} siap (tabel dibuat atau diperbarui). Akun admin dibuat saat `serve` pertama."
                ),
                &format!(
                    "PostgreSQL database {host} is ready (tables created or updated). The admin account is made at the first `serve`."
                ),
            )
        );
        return Ok(());
    }
    let file = database_file(cli);
    let existed = std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.len() > 0);
    open_store(cli, true).await?;
    let (where_, dir) = (shown(&file), shown(&cli.data_dir));
    if existed {
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Basis data sudah ada di {where_}; isinya tidak diubah (skemanya diperbarui bila perlu)."
                ),
                &format!(
                    "The database already exists at {where_}; its data is unchanged (its schema updated if needed)."
                ),
            )
        );
    } else {
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Basis data dibuat di {where_}. Jalankan `antar-server --data-dir {dir} serve`: start pertama membuat akun admin."
                ),
                &format!(
                    "Database created at {where_}. Run `antar-server --data-dir {dir} serve`: the first start makes the admin account."
                ),
            )
        );
    }
    println!("{where_}");
    Ok(())
}

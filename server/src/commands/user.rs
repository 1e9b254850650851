//! `user add` and `user list`: operator accounts.

use std::io::Read;

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use crate::error::AppError;
use crate::store::Store;
use crate::store::users::Role;
use crate::{secret, users};

/// Options of `user add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Nama masuk / login name.
    pub name: String,
    /// Peran / role.
    #[arg(long, value_enum)]
    pub role: Role,
    /// Baca kata sandi dari stdin / read the password from stdin.
    #[arg(long)]
    pub password_stdin: bool,
}

/// `user list`: one tab-separated line per account (name, role).
pub async fn list(store: &Store) -> Result<(), AppError> {
    for user in store.list_users().await? {
        println!("{}\t{}", user.name, user.role.as_str());
    }
    Ok(())
}

/// `user add`: the password from stdin, or generated and printed once on stdout.
pub async fn add(store: &Store, args: AddArgs, lang: Lang) -> Result<(), AppError> {
    let (password, generated) = if args.password_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(AppError::internal)?;
        (text.trim_end_matches(['\n', '\r']).to_owned(), false)
    } else {
        (secret::new_password().map_err(AppError::internal)?, true)
    };
    let role = args.role;
    let user = users::add(store, &args.name, role, &password).await?;
    eprintln!(
        "{}",
        Tr::new(lang).t2(
            "srv-user-created",
            "name",
            &user.name,
            "role",
            role.as_str()
        )
    );
    if generated {
        eprintln!("{}", Tr::new(lang).t("srv-user-password"));
        println!("{password}");
    }
    Ok(())
}

//! `user add`, `list`, `password`, `reset`, `disable` and `enable`: staff accounts.

use std::io::Read;

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use crate::audit::Who;
use crate::error::{AppError, ErrorKind};
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

/// Options of `user list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Keluaran JSON / JSON output.
    #[arg(long)]
    pub json: bool,
}

/// `user list`: one tab-separated line per account (name, role, state, last login
/// WITA); `--json` for programs.
pub async fn list(store: &Store, args: ListArgs, lang: Lang) -> Result<(), AppError> {
    let accounts = store.accounts().await?;
    if args.json {
        return super::print_json(&accounts);
    }
    let tr = Tr::new(lang);
    for a in &accounts {
        let state = if a.disabled_at.is_some() {
            tr.t("srv-user-state-disabled")
        } else {
            tr.t("srv-user-state-active")
        };
        let last = a
            .last_login_at
            .map(|t| antar_shared::time::UnixTime(t).wita())
            .unwrap_or_else(|| "-".to_owned());
        println!("{}\t{}\t{state}\t{last}", a.user.name, a.user.role.as_str());
    }
    eprintln!("{}", tr.t1("srv-user-list-summary", "n", accounts.len()));
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
    let user = users::add(
        store,
        &crate::audit::Who::command(),
        &args.name,
        role,
        &password,
    )
    .await?;
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

/// Options of `user password`, `user reset`, `user disable` and `user enable`.
#[derive(Debug, clap::Args)]
pub struct NameArgs {
    /// Nama masuk / login name.
    pub name: String,
}

/// Two lines from standard input (the current password, then the new one).
fn two_lines() -> Result<(String, String), AppError> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(AppError::internal)?;
    let mut lines = text.lines();
    match (lines.next(), lines.next()) {
        (Some(current), Some(new)) => Ok((current.to_owned(), new.to_owned())),
        _ => Err(AppError::new(ErrorKind::BadRequest, "user.password_lines")),
    }
}

/// `user password NAME`: changes the account's password; the current one and the new
/// one are read from standard input, one per line (never from the command line).
pub async fn password(store: &Store, args: NameArgs, lang: Lang) -> Result<(), AppError> {
    let user = users::account(store, &args.name).await?;
    let (current, new) = two_lines()?;
    users::change_password(store, &Who::command(), &user, &current, &new).await?;
    eprintln!(
        "{}",
        Tr::new(lang).t1("srv-user-password-changed", "name", &user.name)
    );
    Ok(())
}

/// `user reset NAME`: a one-time password on stdout, to hand over in person; the
/// account's login sessions end.
pub async fn reset(store: &Store, args: NameArgs, lang: Lang) -> Result<(), AppError> {
    let password = users::reset_password(store, &Who::command(), &args.name).await?;
    eprintln!(
        "{}",
        Tr::new(lang).t1("srv-user-reset", "name", args.name.trim())
    );
    println!("{password}");
    Ok(())
}

/// `user disable NAME` / `user enable NAME`.
pub async fn set_enabled(
    store: &Store,
    args: NameArgs,
    enabled: bool,
    lang: Lang,
) -> Result<(), AppError> {
    let user = users::set_enabled(store, &Who::command(), &args.name, enabled).await?;
    let key = if enabled {
        "srv-user-enabled"
    } else {
        "srv-user-disabled"
    };
    eprintln!("{}", Tr::new(lang).t1(key, "name", &user.name));
    Ok(())
}

/// Options of `user scope`.
#[derive(Debug, clap::Args)]
pub struct ScopeArgs {
    /// Nama masuk / login name.
    pub name: String,
    /// Kecamatan yang boleh dilihat dan diurus (boleh diulang); tanpa ini: semua /
    /// a kecamatan the account may see and act on (repeatable); without it: all.
    #[arg(long, value_name = "KODE")]
    pub kecamatan: Vec<String>,
}

/// `user scope NAME [--kecamatan 52.06.03]…`: limits an account to some kecamatan, or
/// (with none) gives it the whole regency again.
pub async fn scope(store: &Store, args: ScopeArgs, lang: Lang) -> Result<(), AppError> {
    let codes = crate::scope::parse_codes(&args.kecamatan)?;
    let user = users::set_scope(store, &Who::command(), &args.name, &codes).await?;
    let tr = Tr::new(lang);
    let line = if codes.is_empty() {
        tr.t1("srv-user-scope-all", "name", &user.name)
    } else {
        tr.t2(
            "srv-user-scope",
            "name",
            &user.name,
            "kecamatan",
            codes.join(", "),
        )
    };
    eprintln!("{line}");
    Ok(())
}

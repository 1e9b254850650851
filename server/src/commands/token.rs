//! `token create`: a non-expiring API token for scripts.

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use crate::error::AppError;
use crate::secret;
use crate::store::{Store, now};

/// Options of `token create`.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// Nama akun / account name.
    pub user: String,
    /// Label untuk mengenali token / a label to recognise the token.
    #[arg(long, default_value = "cli")]
    pub label: String,
}

/// `token create`: the token on stdout, shown only once.
pub async fn create(store: &Store, args: CreateArgs, lang: Lang) -> Result<(), AppError> {
    let CreateArgs { user, label } = args;
    let account = store
        .user_by_name(&user)
        .await?
        .ok_or_else(|| AppError::not_found("user.not_found").arg("user", format!("{user:?}")))?;
    let token = secret::new_token().map_err(AppError::internal)?;
    store
        .add_session(
            &secret::hash_token(&token),
            account.user.id,
            &label,
            now(),
            None,
        )
        .await?;
    let event = crate::audit::Event::new("token_create", &account.user.name)
        .detail(serde_json::json!({"label": label}));
    crate::audit::record(store, &crate::audit::Who::command(), event).await;
    eprintln!("{}", Tr::new(lang).t("srv-token-created"));
    println!("{token}");
    Ok(())
}

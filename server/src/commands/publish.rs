//! `publish`: writes pending dispatches into their desa documents now (the server
//! also does it in the background).

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use super::spinner;
use crate::error::AppError;
use crate::issuance::publish;
use crate::store::Store;

/// Publishes every pending dispatch, with a running count.
pub async fn run(store: &Store, lang: Lang) -> Result<(), AppError> {
    let bar = spinner(Tr::new(lang).t("srv-publish-progress"));
    let n = publish::publish_all(store, None, |n| bar.set_position(n as u64)).await?;
    bar.finish_and_clear();
    eprintln!("{}", Tr::new(lang).t1("srv-publish-done", "n", n));
    Ok(())
}

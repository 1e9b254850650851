//! `publish`: writes pending dispatches into their desa documents now (the server
//! also does it in the background).

use antar_shared::Lang;

use super::{say, spinner};
use crate::error::AppError;
use crate::issuance::publish;
use crate::store::Store;

/// Publishes every pending dispatch, with a running count.
pub async fn run(store: &Store, lang: Lang) -> Result<(), AppError> {
    let bar = spinner(say(lang, "menerbitkan", "publishing"));
    let n = publish::publish_all(store, None, |n| bar.set_position(n as u64)).await?;
    bar.finish_and_clear();
    eprintln!(
        "{}",
        say(
            lang,
            &format!("{n} kiriman diterbitkan ke dokumen desa."),
            &format!("{n} dispatches published to desa documents.")
        )
    );
    Ok(())
}

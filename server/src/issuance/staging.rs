//! Checked CSV imports waiting for the operator's confirmation: the dashboard's import
//! shows a preview first and saves the rows only when confirmed.
//!
//! The file waits in the store (`store::staged`), not in one process's memory, so the
//! confirmation may reach any server process behind a load balancer. It is keyed by a
//! random token (kept only as its hash), tied to the account that uploaded it, kept
//! for at most [`STAGE_SECS`], and checked again when confirmed: the rows saved are
//! exactly the rows the preview showed, since the file and the checks are the same.

use crate::error::AppError;
use crate::scope::Scope;
use crate::secret;
use crate::store::dispatches::NewDispatch;
use crate::store::staged::StagedFile;
use crate::store::{Store, now};

use super::import;

/// How long a checked file waits for confirmation.
pub const STAGE_SECS: i64 = 30 * 60;
/// At most this many files wait at once (oldest dropped first).
const MAX_STAGED: i64 = 16;

/// A checked file waiting for confirmation.
#[derive(Debug)]
pub struct Staged {
    /// The account that uploaded it (only it may confirm).
    pub user: i64,
    /// The uploaded file's name.
    pub file: String,
    /// The file as uploaded.
    pub csv: Vec<u8>,
    /// The checked rows with their lines in the file.
    pub rows: Vec<(u64, NewDispatch)>,
}

/// Keeps a checked file and returns the token that confirms it.
pub async fn put(store: &Store, staged: &Staged) -> Result<String, AppError> {
    let token = secret::new_token().map_err(AppError::internal)?;
    let created = now();
    let file = StagedFile {
        user_id: staged.user,
        created,
        file: staged.file.clone(),
        csv: staged.csv.clone(),
    };
    store
        .stage_import(
            &secret::hash_token(&token),
            &file,
            created - STAGE_SECS,
            MAX_STAGED,
        )
        .await?;
    Ok(token)
}

/// Takes the file `token` names, if `user` uploaded it and it has not expired, with
/// its rows checked again within `scope`. `None` when there is no such file, or when
/// it no longer checks clean (the account's scope changed): the operator uploads it
/// again and sees why.
pub async fn take(
    store: &Store,
    token: &str,
    user: i64,
    scope: &Scope,
) -> Result<Option<Staged>, AppError> {
    let Some(file) = store
        .take_staged_import(&secret::hash_token(token), user, now() - STAGE_SECS)
        .await?
    else {
        return Ok(None);
    };
    let csv = file.csv;
    let (csv, checked) = tokio::task::spawn_blocking(move || {
        let checked = import::check(csv.as_slice(), |_| {});
        (csv, checked)
    })
    .await
    .map_err(AppError::internal)?;
    let mut checked = checked?;
    checked.keep_in_scope(scope);
    if !checked.errors.is_empty() {
        return Ok(None);
    }
    Ok(Some(Staged {
        user: file.user_id,
        file: file.file,
        csv,
        rows: checked.valid,
    }))
}

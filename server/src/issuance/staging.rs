//! Checked CSV imports waiting for the operator's confirmation ([`Staging`]): the
//! dashboard's import shows a preview first and saves the rows only when confirmed.
//!
//! The rows wait in memory, keyed by a random token and tied to the account that
//! uploaded them, for at most [`STAGE_SECS`]. (A second server process behind a load
//! balancer would not see them: the confirmation then asks for the file again.) Kept
//! apart from the pages so the state every handler shares does not depend on them.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::error::AppError;
use crate::secret;
use crate::store::dispatches::NewDispatch;
use crate::store::now;

/// How long a checked file waits for confirmation.
pub const STAGE_SECS: i64 = 30 * 60;
/// At most this many files wait at once (oldest dropped first).
const MAX_STAGED: usize = 16;

/// A checked file waiting for confirmation.
#[derive(Debug)]
pub struct Staged {
    /// The account that uploaded it (only it may confirm).
    pub user: i64,
    /// When it was checked (Unix seconds).
    pub created: i64,
    /// The uploaded file's name.
    pub file: String,
    /// The checked rows with their lines in the file.
    pub rows: Vec<(u64, NewDispatch)>,
}

/// Checked imports waiting for confirmation.
#[derive(Debug, Default)]
pub struct Staging {
    files: Mutex<HashMap<String, Staged>>,
}

impl Staging {
    /// Keeps a checked file (dropping expired ones, and the oldest when full) and
    /// returns the token that confirms it.
    pub fn put(&self, staged: Staged) -> Result<String, AppError> {
        let token = secret::new_token().map_err(AppError::internal)?;
        let mut files = self
            .files
            .lock()
            .map_err(|_| AppError::internal_message("staging lock poisoned"))?;
        let cutoff = now() - STAGE_SECS;
        files.retain(|_, s| s.created >= cutoff);
        while files.len() >= MAX_STAGED {
            let oldest = files
                .iter()
                .min_by_key(|(_, s)| s.created)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => files.remove(&k),
                None => break,
            };
        }
        files.insert(token.clone(), staged);
        Ok(token)
    }

    /// Takes the file `token` names, if `user` uploaded it and it has not expired.
    pub fn take(&self, token: &str, user: i64) -> Result<Option<Staged>, AppError> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| AppError::internal_message("staging lock poisoned"))?;
        let fresh = files
            .get(token)
            .is_some_and(|s| s.user == user && s.created >= now() - STAGE_SECS);
        Ok(if fresh { files.remove(token) } else { None })
    }
}

//! A failed command or page action, with its message in both languages: the CLI prints
//! one, the clerk's UI shows the reader's.

use antar_shared::Lang;

use crate::clerk::ClerkError;
use crate::sync::SyncError;
use crate::transport::TransportError;

/// Something that failed, said in Indonesian and English.
#[derive(Debug)]
pub struct Failure {
    /// Indonesian.
    pub id: String,
    /// English.
    pub en: String,
}

impl Failure {
    /// A failure with both messages.
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Self {
        Failure {
            id: id.into(),
            en: en.into(),
        }
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::new(e.to_string(), e.to_string())
    }
}

/// A clerk's action that was refused.
pub fn clerk_failure(e: ClerkError) -> Failure {
    Failure::new(e.message(Lang::Id), e.message(Lang::En))
}

/// A sync that failed, in words a clerk can act on (local work is never lost).
pub fn sync_failure(e: &SyncError) -> Failure {
    match e {
        SyncError::Transport(TransportError::Refused { body, .. }) => Failure::new(
            format!("Sinkron gagal: {}", body.message),
            format!("Sync failed: {}", body.message_en),
        ),
        SyncError::Transport(TransportError::Unreachable(detail)) => Failure::new(
            format!(
                "Sinkron gagal: server tidak terjangkau ({detail}). Pekerjaan tetap tersimpan di komputer ini."
            ),
            format!("Sync failed: server unreachable ({detail}). Work stays saved on this PC."),
        ),
        other => Failure::new(
            format!("Sinkron gagal: {other}"),
            format!("Sync failed: {other}"),
        ),
    }
}

//! A failed command or page action, said to a person where it is shown, in their
//! language.
//!
//! A failure is a stable code and the arguments of its message (`errors.ftl`), maybe a
//! reason said inside it (what the server answered, or what broke underneath), and, for
//! the log only, the internal error that caused it with its chain of sources. Nothing is
//! worded until [`Failure::text`]: the same failure reads in Indonesian on one screen
//! and in English on another, and can be stored as a [`Notice`] to be read later (the
//! last sync failure on the clerk's banner).

use std::collections::BTreeMap;
use std::error::Error;

use antar_shared::i18n::Tr;
use antar_shared::lang::Localized;
use antar_shared::sync::ErrorBody;
use serde::{Deserialize, Serialize};

use crate::causes::chain;
use crate::clerk::ClerkError;
use crate::replica::ReplicaError;
use crate::sync::SyncError;
use crate::transport::TransportError;

/// A message kept as its code and arguments, so it can be stored and said later in
/// either language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The message's code (`link.sync_failed`; its Fluent key has dashes).
    pub code: String,
    /// Its arguments, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
    /// The words to show when this build has no message for the code: a newer server's
    /// answer, in the language the server used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    /// What it says inside itself as `$reason`, in the same language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Box<Notice>>,
}

impl Notice {
    /// An error's code and arguments.
    pub fn of(error: &(impl Localized + ?Sized)) -> Notice {
        Notice {
            code: error.code().to_owned(),
            args: owned(error.args()),
            fallback: None,
            reason: None,
        }
    }

    /// What a server answered: its code and arguments, with its words as the fallback.
    pub fn server(body: &ErrorBody) -> Notice {
        Notice {
            code: body.code.clone(),
            args: body.args.clone(),
            fallback: Some(body.message.clone()),
            reason: None,
        }
    }

    /// The message in the reader's language. A reason said inside it loses its final
    /// full stop (the outer message ends the sentence).
    pub fn text(&self, tr: Tr) -> String {
        let mut args = self.args.clone();
        if let Some(reason) = &self.reason {
            let inner = reason.text(tr);
            args.insert("reason".into(), inner.trim_end_matches('.').to_owned());
        }
        tr.coded(
            &self.code,
            &args,
            self.fallback.as_deref().unwrap_or(&self.code),
        )
    }
}

fn owned(args: Vec<(&'static str, String)>) -> BTreeMap<String, String> {
    args.into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
}

/// Something that failed: a code and its arguments for the person, maybe a reason
/// said inside it, and the internal cause for the log.
#[derive(Debug)]
pub struct Failure {
    code: &'static str,
    args: Vec<(&'static str, String)>,
    /// Boxed, so a `Result<_, Failure>` stays small.
    reason: Option<Box<Notice>>,
    cause: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl Failure {
    /// A failure with a code whose message takes no arguments (add them with
    /// [`Failure::arg`]).
    pub fn new(code: &'static str) -> Self {
        Failure {
            code,
            args: Vec::new(),
            reason: None,
            cause: None,
        }
    }

    /// The same failure with one more argument of its message.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The same failure saying `reason` inside its message (as `$reason`).
    pub fn reason(mut self, reason: Notice) -> Self {
        self.reason = Some(Box::new(reason));
        self
    }

    /// The same failure, keeping the internal error behind it for the log.
    pub fn caused_by(mut self, cause: impl Error + Send + Sync + 'static) -> Self {
        self.cause = Some(Box::new(cause));
        self
    }

    /// An error a person may read, as a failure (its code and arguments).
    pub fn of(error: &impl Localized) -> Self {
        Failure {
            code: error.code(),
            args: error.args(),
            reason: None,
            cause: None,
        }
    }

    /// The failure as a message that can be stored and said later.
    pub fn notice(&self) -> Notice {
        Notice {
            code: self.code.to_owned(),
            args: owned(self.args.clone()),
            fallback: None,
            reason: self.reason.clone(),
        }
    }

    /// The message in the reader's language: how every edge says a failure.
    pub fn text(&self, tr: Tr) -> String {
        self.notice().text(tr)
    }

    /// The internal error behind it, if any (never shown to the person).
    pub fn cause(&self) -> Option<&(dyn Error + Send + Sync + 'static)> {
        self.cause.as_deref()
    }

    /// Writes the cause and its chain of sources to the log, where the failure is shown
    /// (so once); a failure with no internal cause needs no log line.
    pub fn log(&self) {
        if let Some(cause) = self.cause() {
            tracing::warn!(code = self.code, cause = %chain(cause), "failed");
        }
    }
}

/// As a [`Localized`] error a failure gives its own code and arguments; a reason said
/// inside it is given in Indonesian, the default language (as a server's error body
/// carries its words). [`Failure::text`] says all of it in the reader's language.
impl Localized for Failure {
    fn code(&self) -> &'static str {
        self.code
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        let mut args = self.args.clone();
        if let Some(reason) = &self.reason {
            args.push(("reason", reason.text(Tr::default())));
        }
        args
    }
}

impl From<ReplicaError> for Failure {
    fn from(e: ReplicaError) -> Self {
        let failure = Failure::of(&e);
        if e.has_details() {
            failure.caused_by(e)
        } else {
            failure
        }
    }
}

impl From<ClerkError> for Failure {
    fn from(e: ClerkError) -> Self {
        match e {
            ClerkError::Replica(inner) => Failure::from(inner),
            invalid => Failure::of(&invalid),
        }
    }
}

impl From<TransportError> for Failure {
    fn from(e: TransportError) -> Self {
        match &e {
            // The server's answer says it all.
            TransportError::Refused { body, .. } => {
                Failure::new("link.refused").reason(Notice::server(body))
            }
            _ => Failure::of(&e).caused_by(e),
        }
    }
}

/// A sync that failed, in words a clerk can act on: "Sinkron gagal: …", with the
/// server's answer in the clerk's language, or why the server could not be reached
/// (with the reminder that local work stays saved). The raw error goes to the log.
impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Self {
        let (code, reason) = match &e {
            SyncError::Transport(TransportError::Refused { body, .. }) => {
                ("link.sync_failed", Notice::server(body))
            }
            SyncError::Transport(t @ TransportError::Unreachable { .. }) => {
                ("link.sync_offline", Notice::of(t))
            }
            other => ("link.sync_failed", Notice::of(other)),
        };
        let failure = Failure::new(code).reason(reason);
        match &e {
            SyncError::Transport(TransportError::Refused { .. }) => failure,
            SyncError::Replica(inner) if !inner.has_details() => failure,
            _ => failure.caused_by(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use antar_shared::Lang;

    use super::*;
    use crate::transport::Offline;

    fn unreachable(why: Offline) -> SyncError {
        SyncError::Transport(TransportError::Unreachable {
            why,
            detail: "error sending request for url (http://127.0.0.1:9/api/v1/sync): \
                     client error (Connect): tcp connect error: Connection refused"
                .into(),
        })
    }

    /// Words that give away English (or a raw library message) in an Indonesian text.
    const ENGLISH: [&str; 10] = [
        "error",
        "sending",
        "request",
        "failed",
        "unreachable",
        "the",
        "connect",
        "tcp",
        "client",
        "url",
    ];

    fn english_in(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
            .map(str::to_owned)
            .collect()
    }

    /// The offline banner and the command line say in Indonesian why the server could
    /// not be reached; the transport's own words stay in the log.
    #[test]
    fn an_unreachable_server_reads_in_indonesian_without_the_raw_error() {
        let id = Tr::new(Lang::Id);
        for why in [
            Offline::Timeout,
            Offline::Refused,
            Offline::NoName,
            Offline::Tls,
            Offline::Cut,
        ] {
            let failure = Failure::from(unreachable(why));
            let stored = failure.notice();
            let banner = id.t1("clerk-last-error", "error", stored.text(id));
            assert!(english_in(&banner).is_empty(), "{why:?}: {banner}");
            assert!(
                banner.contains("Sinkron gagal: server tidak terjangkau ("),
                "{banner}"
            );
            assert!(banner.contains("tetap tersimpan"), "{banner}");
            assert!(!banner.contains("127.0.0.1"), "{banner}");
            let cause = chain(failure.cause().unwrap());
            assert!(
                cause.contains("Connection refused"),
                "the log keeps it: {cause}"
            );
        }
        let timeout = Failure::from(unreachable(Offline::Timeout)).text(id);
        let refused = Failure::from(unreachable(Offline::Refused)).text(id);
        assert_ne!(timeout, refused, "the reason is said");
        let en = Failure::from(unreachable(Offline::NoName)).text(Tr::new(Lang::En));
        assert!(en.starts_with("Sync failed: server unreachable"), "{en}");
    }

    /// What the server answered is said in the reader's language from its code, not in
    /// the language the server happened to use.
    #[test]
    fn a_refusal_reads_in_the_readers_language() {
        let body = ErrorBody {
            code: "nik.length".into(),
            message: "NIK harus 16 angka, yang diketik 3 angka".into(),
            args: [("n".to_owned(), "3".to_owned())].into(),
        };
        let failure = Failure::from(SyncError::Transport(TransportError::Refused {
            status: 422,
            body,
        }));
        let stored: Notice =
            serde_json::from_str(&serde_json::to_string(&failure.notice()).unwrap()).unwrap();
        let en = stored.text(Tr::new(Lang::En));
        assert!(en.starts_with("Sync failed: "), "{en}");
        assert!(en.contains('3') && !en.contains("angka"), "{en}");
        let id = stored.text(Tr::new(Lang::Id));
        assert_eq!(
            id,
            "Sinkron gagal: NIK harus 16 angka, yang diketik 3 angka"
        );
        // A code this build does not know: the server's own words.
        let newer = Notice::server(&ErrorBody {
            code: "future.thing".into(),
            message: "Sesuatu yang baru".into(),
            args: BTreeMap::new(),
        });
        assert_eq!(newer.text(Tr::new(Lang::En)), "Sesuatu yang baru");
    }
}

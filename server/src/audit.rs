//! The audit log: every staff action and every login, attributed (who, from where),
//! dated, and chained so that an edited or deleted entry shows.
//!
//! Each entry's hash is SHA-256 over the previous entry's hash and the entry's own
//! fields, encoded as one JSON array so no two different entries encode alike.
//! `antar-server audit verify` recomputes the chain ([`verify`]). Entries are written
//! after the action they record has been stored; a write that fails is logged and does
//! not undo the action (the action is the record that matters; the log says it
//! happened).

use std::net::IpAddr;

use antar_shared::region::VillageCode;
use sha2::{Digest, Sha256};

use crate::scope::Scope;
use crate::store::audit::AuditRow;
use crate::store::users::User;
use crate::store::{Store, now};

/// Who acted, and from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Who {
    kind: &'static str,
    id: Option<i64>,
    name: String,
    address: Option<String>,
    /// The kecamatan this account may act on (every one unless scoped).
    scope: Scope,
}

impl Who {
    /// A staff account, on the dashboard or the API.
    pub fn user(user: &User, address: Option<IpAddr>) -> Who {
        Who {
            kind: "user",
            id: Some(user.id),
            name: user.name.clone(),
            address: address.map(|a| a.to_string()),
            scope: Scope::all(),
        }
    }

    /// Someone who gave this name and is not (yet) known: a failed login.
    pub fn claimed(name: &str, address: Option<IpAddr>) -> Who {
        Who {
            kind: "user",
            id: None,
            name: name.chars().take(100).collect(),
            address: address.map(|a| a.to_string()),
            scope: Scope::all(),
        }
    }

    /// An enrolled desa device.
    pub fn device(id: i64, name: &str, address: Option<IpAddr>) -> Who {
        Who {
            kind: "device",
            id: Some(id),
            name: name.to_owned(),
            address: address.map(|a| a.to_string()),
            scope: Scope::all(),
        }
    }

    /// The server's own command line, run by this operating-system user.
    pub fn command() -> Who {
        let name = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "antar-server".to_owned());
        Who {
            kind: "command",
            id: None,
            name,
            address: None,
            scope: Scope::all(),
        }
    }

    /// Limits this account to its kecamatan (see [`Scope`]).
    pub fn scoped(mut self, scope: Scope) -> Who {
        self.scope = scope;
        self
    }

    /// The kecamatan this account may act on.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The name shown in histories and the log.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The user's id, for a staff account.
    pub fn user_id(&self) -> Option<i64> {
        (self.kind == "user").then_some(self.id).flatten()
    }
}

/// An action to record.
#[derive(Clone, Debug)]
pub struct Event {
    action: &'static str,
    target: String,
    desa: Option<VillageCode>,
    detail: serde_json::Value,
}

impl Event {
    /// `action` on `target` (a tracking code, a file, an account…).
    pub fn new(action: &'static str, target: impl ToString) -> Event {
        Event {
            action,
            target: target.to_string(),
            desa: None,
            detail: serde_json::Value::Null,
        }
    }

    /// About this desa.
    pub fn desa(mut self, desa: VillageCode) -> Event {
        self.desa = Some(desa);
        self
    }

    /// With more about it (counts, filters, results).
    pub fn detail(mut self, detail: serde_json::Value) -> Event {
        self.detail = detail;
        self
    }
}

/// The hash of an entry given its fields and the previous hash (hex).
pub fn entry_hash(row: &AuditRow) -> String {
    let fields = serde_json::json!([
        row.prev_hash,
        row.seq,
        row.at,
        row.who_kind,
        row.who_id,
        row.who_name,
        row.address,
        row.action,
        row.target,
        row.desa_code,
        row.detail,
    ]);
    let digest = Sha256::digest(fields.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Records an event. A failure is logged, never returned: see the module docs.
pub async fn record(store: &Store, who: &Who, event: Event) {
    let row = AuditRow {
        seq: 0,
        at: now(),
        who_kind: who.kind.to_owned(),
        who_id: who.id,
        who_name: who.name.clone(),
        address: who.address.clone(),
        action: event.action.to_owned(),
        target: event.target,
        desa_code: event.desa.map(|d| d.to_string()),
        detail: if event.detail.is_null() {
            String::new()
        } else {
            event.detail.to_string()
        },
        prev_hash: String::new(),
        hash: String::new(),
    };
    if let Err(e) = store.append_audit(row, entry_hash).await {
        tracing::error!(action = event.action, error = %format!("{e:#}"), "audit entry not written");
    }
}

/// What is wrong with a chain, at the first entry that does not fit.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainFault {
    /// An entry's number is not the one after the previous (one was deleted).
    #[error("entry {found} follows entry {after}: an entry is missing")]
    Gap {
        /// The previous entry's number (0 before the first).
        after: i64,
        /// The number found.
        found: i64,
    },
    /// An entry's recorded previous hash is not the previous entry's hash.
    #[error("entry {0} does not point to the entry before it")]
    Unlinked(i64),
    /// An entry's fields do not give its hash (it was edited).
    #[error("entry {0} was changed after it was written")]
    Altered(i64),
    /// The head says the chain is longer, or ends elsewhere (entries cut off the end).
    #[error("the log ends at entry {last}, but {head} entries were written")]
    Truncated {
        /// The last entry found.
        last: i64,
        /// The head's count.
        head: i64,
    },
}

impl antar_shared::lang::Localized for ChainFault {
    fn code(&self) -> &'static str {
        match self {
            ChainFault::Gap { .. } => "audit.gap",
            ChainFault::Unlinked(_) => "audit.unlinked",
            ChainFault::Altered(_) => "audit.altered",
            ChainFault::Truncated { .. } => "audit.truncated",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ChainFault::Gap { after, found } => {
                vec![("after", after.to_string()), ("found", found.to_string())]
            }
            ChainFault::Unlinked(seq) | ChainFault::Altered(seq) => {
                vec![("entry", seq.to_string())]
            }
            ChainFault::Truncated { last, head } => {
                vec![("last", last.to_string()), ("head", head.to_string())]
            }
        }
    }
}

/// Checks a chain read in order against its head; `Ok(n)` is the number of entries.
pub fn verify(rows: &[AuditRow], head_seq: i64, head_hash: &str) -> Result<i64, ChainFault> {
    let mut prev_seq = 0;
    let mut prev_hash = String::new();
    for row in rows {
        if row.seq != prev_seq + 1 {
            return Err(ChainFault::Gap {
                after: prev_seq,
                found: row.seq,
            });
        }
        if row.prev_hash != prev_hash {
            return Err(ChainFault::Unlinked(row.seq));
        }
        if entry_hash(row) != row.hash {
            return Err(ChainFault::Altered(row.seq));
        }
        prev_seq = row.seq;
        prev_hash = row.hash.clone();
    }
    if head_seq != prev_seq || head_hash != prev_hash {
        return Err(ChainFault::Truncated {
            last: prev_seq,
            head: head_seq,
        });
    }
    Ok(prev_seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRow> {
        let mut rows = Vec::new();
        let mut prev = String::new();
        for seq in 1..=n {
            let mut row = AuditRow {
                seq,
                at: 1_795_000_000 + seq,
                who_kind: "user".into(),
                who_id: Some(1),
                who_name: "admin".into(),
                address: Some("127.0.0.1".into()),
                action: "login".into(),
                target: String::new(),
                desa_code: None,
                detail: String::new(),
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            row.hash = entry_hash(&row);
            prev = row.hash.clone();
            rows.push(row);
        }
        rows
    }

    #[test]
    fn an_intact_chain_verifies_and_any_edit_shows() {
        let rows = chain(4);
        let head = rows[3].hash.clone();
        assert_eq!(verify(&rows, 4, &head), Ok(4));

        let mut edited = rows.clone();
        edited[1].who_name = "operator".into();
        assert_eq!(verify(&edited, 4, &head), Err(ChainFault::Altered(2)));

        let mut deleted = rows.clone();
        deleted.remove(2);
        assert_eq!(
            verify(&deleted, 4, &head),
            Err(ChainFault::Gap { after: 2, found: 4 })
        );

        let cut = &rows[..3];
        assert_eq!(
            verify(cut, 4, &head),
            Err(ChainFault::Truncated { last: 3, head: 4 })
        );

        // Rewriting an entry and its hash still breaks the next entry's link.
        let mut rehashed = rows.clone();
        rehashed[1].target = "7KQM-2XWP-8RD0".into();
        rehashed[1].hash = entry_hash(&rehashed[1]);
        assert_eq!(verify(&rehashed, 4, &head), Err(ChainFault::Unlinked(3)));
    }
}

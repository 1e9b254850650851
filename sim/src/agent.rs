//! A desa office in the simulation: a real agent replica (SQLite in a folder) driven
//! through the agent's own functions (the clerk's commands, one sync, enrollment),
//! with a clock that may be skewed and a link through the simulated network. A crash
//! closes the replica between two of its transactions and opens it again.

use std::path::PathBuf;

use antar_agent::clerk::{self, Arrival, Choice, ClerkError};
use antar_agent::enroll::{EnrollError, Request, enroll_through};
use antar_agent::replica::{Enrollment, Replica};
use antar_agent::sync::{Report, SyncError, sync_once};
use antar_agent::transport::TransportError;
use antar_shared::doc::{Condition, DesaDoc, HandoverEntry, IdDocument, Op, Relation};
use antar_shared::region::VillageCode;
use antar_shared::tracking::TrackingCode;

use crate::Broken;
use crate::network::Link;

/// The address every simulated device keeps as its server's.
const SERVER: &str = "http://dukcapil.sim";

/// One desa office PC.
#[derive(Debug)]
pub struct Agent {
    /// Its number in the world.
    pub index: usize,
    /// Its desa.
    pub desa: VillageCode,
    dir: PathBuf,
    replica: Option<Replica>,
    /// Its clock minus the server's, seconds.
    pub skew: i64,
    link: Link,
    /// The server refused its token (revoked, or forgotten by a restore): it needs a
    /// new code.
    pub locked_out: bool,
}

/// What a clerk's command came to.
#[derive(Debug)]
pub enum Clerked {
    /// Saved: the ops the clerk was told were saved.
    Saved(Vec<Op>),
    /// Refused by the rules or the input (nothing written).
    Refused(&'static str),
    /// Nothing to do (no dispatch, not enrolled).
    Idle,
}

impl Agent {
    /// An office with an empty replica in `dir`.
    pub async fn new(
        index: usize,
        desa: VillageCode,
        dir: PathBuf,
        link: Link,
    ) -> Result<Agent, Broken> {
        let replica = Replica::open(&dir).await.map_err(Broken::setup)?;
        Ok(Agent {
            index,
            desa,
            dir,
            replica: Some(replica),
            skew: 0,
            link,
            locked_out: false,
        })
    }

    fn replica(&self) -> Result<&Replica, Broken> {
        self.replica
            .as_ref()
            .ok_or_else(|| Broken::setup("replica closed"))
    }

    /// The PC loses power between two transactions and starts again.
    pub async fn crash(&mut self) -> Result<(), Broken> {
        if let Some(replica) = self.replica.take() {
            replica.close().await;
        }
        let replica = Replica::open(&self.dir).await.map_err(|e| Broken::Agent {
            agent: self.index,
            what: format!("the replica did not open after a crash: {e}"),
        })?;
        self.replica = Some(replica);
        Ok(())
    }

    /// Its enrollment, if any.
    pub async fn enrollment(&self) -> Result<Option<Enrollment>, Broken> {
        self.replica()?
            .enrollment()
            .await
            .map_err(|e| self.broken(format!("enrollment unreadable: {e}")))
    }

    fn broken(&self, what: String) -> Broken {
        Broken::Agent {
            agent: self.index,
            what,
        }
    }

    /// Enrolls (or enrolls again) with a code; `Ok(Err(why))` when the link or the
    /// server said no.
    pub async fn enroll(&mut self, code: &str) -> Result<Result<(), String>, Broken> {
        let request = Request {
            server: SERVER,
            code,
            name: "Komputer kantor desa",
        };
        let replica = self.replica()?;
        match enroll_through(replica, &self.link, &request, 1, || {}).await {
            Ok(_) => {
                self.locked_out = false;
                Ok(Ok(()))
            }
            Err(e @ (EnrollError::Link(_) | EnrollError::Refused(_))) => Ok(Err(format!("{e:?}"))),
            Err(e) => Err(self.broken(format!("enrollment failed: {e}"))),
        }
    }

    /// One sync; `Ok(Err(why))` when it failed as syncs may (retried later, as the
    /// agent does).
    pub async fn sync(&mut self) -> Result<Result<Report, String>, Broken> {
        if self.enrollment().await?.is_none() {
            return Ok(Err("not enrolled".into()));
        }
        match sync_once(self.replica()?, &self.link).await {
            Ok(report) => Ok(Ok(report)),
            Err(SyncError::Transport(TransportError::Refused { status, body }))
                if status == 401 || status == 403 =>
            {
                // Revoked, or unknown to a restored server: the office asks for a code.
                self.locked_out = true;
                Ok(Err(format!("{status} {}", body.code)))
            }
            Err(e) if e.is_retryable() => Ok(Err(format!("{e:?}"))),
            Err(e) => Err(self.broken(format!("sync failed: {e:?}"))),
        }
    }

    /// The desa document as this replica holds it.
    pub async fn doc(&self) -> Result<DesaDoc, Broken> {
        self.replica()?
            .load(self.desa)
            .await
            .map_err(|e| self.broken(format!("document unreadable: {e}")))
    }

    /// A clerk's command on dispatch `code`, chosen by `pick` (0..100).
    pub async fn clerk(
        &self,
        code: TrackingCode,
        pick: usize,
        nik: Option<&str>,
    ) -> Result<Clerked, Broken> {
        let Some(me) = self.enrollment().await? else {
            return Ok(Clerked::Idle);
        };
        let replica = self.replica()?;
        let doc = self.doc().await?;
        let Some(state) = doc.find(code) else {
            return Ok(Clerked::Idle);
        };
        let conflicted = state.outcomes().len() > 1 || state.arrivals().len() > 1;
        let done = !state.outcomes().is_empty();
        let clerk_name = Some("Siti Aminah");
        let result = match pick {
            0..40 => clerk::receive(
                replica,
                &me,
                clerk_name,
                code,
                &Arrival {
                    condition: if pick < 34 {
                        Condition::Ok
                    } else {
                        Condition::Damaged
                    },
                    found: state.reported_missing(),
                    correction: (!state.arrivals().is_empty())
                        .then(|| "salah pilih kondisi".to_owned()),
                },
            )
            .await
            .map(|op| vec![op]),
            40..75 => {
                let form = HandoverEntry {
                    recipient: "Nurhayati Yasin".into(),
                    relation: if pick < 60 {
                        Relation::Holder
                    } else {
                        Relation::Family
                    },
                    id_shown: IdDocument::KtpEl,
                    nik: (done || pick.is_multiple_of(3))
                        .then(|| nik.unwrap_or("5206034507900001").to_owned()),
                    clerk: "Siti Aminah".into(),
                    receive_first: state.arrivals().is_empty(),
                    correction: done.then(|| "penerima salah dicatat".to_owned()),
                };
                clerk::handover(replica, &me, clerk_name, code, &form, None)
                    .await
                    .map(|(op, _)| vec![op])
            }
            75..88 => clerk::send_back(
                replica,
                &me,
                clerk_name,
                code,
                "alamat tidak ditemukan",
                done.then_some("dikembalikan setelah dicek ulang"),
            )
            .await
            .map(|op| vec![op]),
            _ => {
                let choice = if state.outcomes().len() > 1 {
                    Choice::Keep(1 + pick % state.outcomes().len())
                } else if state.arrivals().len() > 1 {
                    Choice::Condition(Condition::Ok)
                } else if conflicted {
                    Choice::Neither
                } else {
                    Choice::Keep(1)
                };
                clerk::resolve(replica, &me, clerk_name, code, choice)
                    .await
                    .map(|op| vec![op])
            }
        };
        match result {
            Ok(ops) => Ok(Clerked::Saved(ops)),
            Err(ClerkError::Invalid { code, .. }) => Ok(Clerked::Refused(code)),
            Err(ClerkError::Replica(e)) => Err(self.broken(format!("clerk's write failed: {e}"))),
        }
    }
}

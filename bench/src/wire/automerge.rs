//! The workload in Automerge: one document per desa, a map of dispatches, each a map
//! of fields, each event one commit by its author; replicas talk Automerge's own sync
//! protocol, one message each way per HTTP round trip, with the sync state kept
//! between syncs as its documentation advises (only the shared heads survive a
//! session).

use automerge::sync::{Message, State, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ObjType, ROOT, ReadDoc};

use super::Exchange;
use super::model::Event;
use crate::report::{Context, Failure};

/// A replica and its sync state with each peer.
pub struct Replica {
    doc: AutoCommit,
    states: std::collections::HashMap<String, State>,
}

impl std::fmt::Debug for Replica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replica").finish_non_exhaustive()
    }
}

impl Replica {
    /// An empty replica writing as `actor`.
    pub fn new(actor: &str) -> Replica {
        Replica {
            doc: AutoCommit::new().with_actor(ActorId::from(actor.as_bytes())),
            states: Default::default(),
        }
    }

    /// Applies events as this replica's own commits.
    pub fn write(&mut self, events: &[Event]) -> Result<(), Failure> {
        for e in events {
            self.one(e).context("automerge refused a change")?;
            self.doc.commit();
        }
        Ok(())
    }

    fn dispatches(&mut self) -> Result<automerge::ObjId, automerge::AutomergeError> {
        match self.doc.get(ROOT, "dispatches")? {
            Some((_, id)) => Ok(id),
            None => self.doc.put_object(ROOT, "dispatches", ObjType::Map),
        }
    }

    fn record(
        &mut self,
        code: &str,
    ) -> Result<Option<automerge::ObjId>, automerge::AutomergeError> {
        let all = self.dispatches()?;
        Ok(self.doc.get(&all, code)?.map(|(_, id)| id))
    }

    fn one(&mut self, e: &Event) -> Result<(), automerge::AutomergeError> {
        match e {
            Event::Issue(r) => {
                let all = self.dispatches()?;
                let d = self.doc.put_object(&all, r.code.as_str(), ObjType::Map)?;
                self.doc.put(&d, "kind", r.kind.as_str())?;
                self.doc.put(&d, "number", r.number.as_str())?;
                self.doc.put(&d, "holder", r.holder.as_str())?;
                self.doc.put(&d, "nik_check", r.nik_check as u64)?;
                self.doc.put(&d, "issued_at", r.issued_at)?;
            }
            Event::Ship { manifest, codes } => {
                for c in codes {
                    if let Some(d) = self.record(c)? {
                        self.doc.put(&d, "manifest", manifest.as_str())?;
                    }
                }
            }
            Event::Receive { code, arrival } => {
                if let Some(d) = self.record(code)? {
                    let a = self.doc.put_object(&d, "arrival", ObjType::Map)?;
                    self.doc.put(&a, "condition", arrival.condition.as_str())?;
                    self.doc.put(&a, "by", arrival.by.as_str())?;
                    self.doc.put(&a, "at", arrival.at)?;
                }
            }
            Event::Handover { code, outcome } => {
                if let Some(d) = self.record(code)? {
                    let o = self.doc.put_object(&d, "outcome", ObjType::Map)?;
                    self.doc.put(&o, "recipient", outcome.recipient.as_str())?;
                    self.doc.put(&o, "relation", outcome.relation.as_str())?;
                    self.doc.put(&o, "id_shown", outcome.id_shown.as_str())?;
                    self.doc.put(&o, "nik_verified", outcome.nik_verified)?;
                    self.doc.put(&o, "clerk", outcome.clerk.as_str())?;
                    self.doc.put(&o, "by", outcome.by.as_str())?;
                    self.doc.put(&o, "at", outcome.at)?;
                }
            }
        }
        Ok(())
    }
}

/// One sync session of device `name` with the server, the device asking: each round
/// trip carries the device's message up and the server's answer down, until the device
/// has nothing to say. Messages are encoded and decoded, as they would be on the wire.
pub fn sync(agent: &mut Replica, name: &str, server: &mut Replica) -> Result<Exchange, Failure> {
    // A new session: what survives between sessions is the shared heads.
    let mut agent_state = resume(agent.states.remove("server"))?;
    let mut server_state = resume(server.states.remove(name))?;
    let x = session(agent, &mut agent_state, server, &mut server_state);
    agent.states.insert("server".into(), agent_state);
    server.states.insert(name.into(), server_state);
    x
}

fn resume(state: Option<State>) -> Result<State, Failure> {
    match state {
        Some(s) => State::decode(&s.encode()).context("sync state"),
        None => Ok(State::new()),
    }
}

fn session(
    agent: &mut Replica,
    agent_state: &mut State,
    server: &mut Replica,
    server_state: &mut State,
) -> Result<Exchange, Failure> {
    let mut x = Exchange::default();
    for _ in 0..1000 {
        let Some(up) = agent.doc.sync().generate_sync_message(agent_state) else {
            break;
        };
        let up = up.encode();
        x.round_trips += 1;
        x.up += up.len();
        let up = Message::decode(&up).context("agent message")?;
        server
            .doc
            .sync()
            .receive_sync_message(server_state, up)
            .context("server could not take the message")?;
        if let Some(down) = server.doc.sync().generate_sync_message(server_state) {
            let down = down.encode();
            x.down += down.len();
            let down = Message::decode(&down).context("server message")?;
            agent
                .doc
                .sync()
                .receive_sync_message(agent_state, down)
                .context("agent could not take the message")?;
        }
    }
    Ok(x)
}

//! The simulated network between the agents and the server: each agent's
//! [`Transport`] hands its request to the server's router in-process, unless the seed
//! decides to lose it, hold it back (delivered later, out of order), deliver it twice,
//! lose the answer, replay an older request of the same agent first, or kill the server
//! right after it committed and before it answered. A partitioned agent reaches no one.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use antar_agent::transport::{Offline, Transport, TransportError};
use antar_shared::region::VillageCode;
use antar_shared::sample::Sampler;
use antar_shared::sync::{ErrorBody, Format};
use axum::Router;
use axum::body::Body;
use axum::http::Request;

use crate::server::{Answer, call};

/// Per-mille chances of each fault on one request (all zero in the quiet phase).
#[derive(Clone, Copy, Debug)]
pub struct Faults {
    /// The request never arrives.
    pub lose_request: u64,
    /// The request arrives later, after other steps.
    pub hold: u64,
    /// The request arrives twice.
    pub duplicate: u64,
    /// An older request of the same agent arrives again first.
    pub replay: u64,
    /// The server commits, then dies before answering.
    pub crash_server: u64,
    /// The answer never arrives.
    pub lose_answer: u64,
    /// A copy of the sync request, rewritten to name the other desa, arrives too (a
    /// device trying to write outside its desa): it must be refused.
    pub forge_desa: u64,
}

impl Faults {
    /// A hostile link.
    pub const HOSTILE: Faults = Faults {
        lose_request: 60,
        hold: 30,
        duplicate: 30,
        replay: 20,
        crash_server: 10,
        lose_answer: 60,
        forge_desa: 20,
    };
    /// A perfect one.
    pub const QUIET: Faults = Faults {
        lose_request: 0,
        hold: 0,
        duplicate: 0,
        replay: 0,
        crash_server: 0,
        lose_answer: 0,
        forge_desa: 0,
    };
}

/// A request as it travels: enough to deliver it again.
#[derive(Clone, Debug)]
pub struct Letter {
    /// Which agent sent it.
    pub agent: usize,
    method: &'static str,
    path: String,
    token: Option<String>,
    content_type: &'static str,
    body: Vec<u8>,
}

/// What the network did, for the run's figures.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// Requests that reached the server.
    pub delivered: u64,
    /// Requests lost.
    pub lost_requests: u64,
    /// Answers lost.
    pub lost_answers: u64,
    /// Requests held back and delivered later.
    pub held: u64,
    /// Requests delivered twice.
    pub duplicated: u64,
    /// Older requests delivered again.
    pub replayed: u64,
    /// Server deaths between commit and answer.
    pub server_kills: u64,
    /// Requests rewritten to name another desa (all refused, or the run breaks).
    pub forged: u64,
}

impl Counts {
    /// Adds another run's figures.
    pub fn add(&mut self, o: &Counts) {
        self.delivered += o.delivered;
        self.lost_requests += o.lost_requests;
        self.lost_answers += o.lost_answers;
        self.held += o.held;
        self.duplicated += o.duplicated;
        self.replayed += o.replayed;
        self.server_kills += o.server_kills;
        self.forged += o.forged;
    }
}

/// The network's state.
#[derive(Debug)]
struct State {
    rng: Sampler,
    faults: Faults,
    partitioned: BTreeSet<usize>,
    held: Vec<Letter>,
    sent: Vec<Letter>,
    /// Set when a fault killed the server; the world restarts it.
    server_killed: bool,
    /// The server's clock: a request is handled at the server's time, not at the
    /// (skewed) time of the device that sent it.
    server_time: i64,
    /// 5xx answers since the world last looked: a broken promise unless the disk was
    /// full.
    errors: Vec<String>,
    /// The desa in play (a forged request names another one than the device's).
    desas: Vec<VillageCode>,
    counts: Counts,
}

/// The network: the server's router while it runs, and the faults.
#[derive(Debug)]
pub struct Net {
    router: Mutex<Option<Router>>,
    state: Mutex<State>,
}

/// Locks a mutex of the simulation (one thread: a poisoned lock is a bug upstream, and
/// its data is still what it was).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Net {
    /// A network whose faults are drawn from `seed`.
    pub fn new(seed: u64) -> Arc<Net> {
        Arc::new(Net {
            router: Mutex::new(None),
            state: Mutex::new(State {
                rng: Sampler::new(seed),
                faults: Faults::HOSTILE,
                partitioned: BTreeSet::new(),
                held: Vec::new(),
                sent: Vec::new(),
                server_killed: false,
                server_time: 0,
                errors: Vec::new(),
                desas: Vec::new(),
                counts: Counts::default(),
            }),
        })
    }

    /// Connects the server (or disconnects it: `None`, the server is down).
    pub fn attach(&self, router: Option<Router>) {
        *lock(&self.router) = router;
    }

    /// Names the desa in play.
    pub fn set_desas(&self, desas: &[VillageCode]) {
        lock(&self.state).desas = desas.to_vec();
    }

    /// Sets the server's clock.
    pub fn set_server_time(&self, now: i64) {
        lock(&self.state).server_time = now;
    }

    /// Sets the faults.
    pub fn set_faults(&self, faults: Faults) {
        lock(&self.state).faults = faults;
    }

    /// Cuts an agent off, or reconnects it.
    pub fn partition(&self, agent: usize, cut: bool) {
        let mut s = lock(&self.state);
        if cut {
            s.partitioned.insert(agent);
        } else {
            s.partitioned.remove(&agent);
        }
    }

    /// Reconnects every agent.
    pub fn heal(&self) {
        lock(&self.state).partitioned.clear();
    }

    /// Whether a fault killed the server since the last call (and clears it).
    pub fn take_server_killed(&self) -> bool {
        std::mem::take(&mut lock(&self.state).server_killed)
    }

    /// The 5xx answers since the last call.
    pub fn take_errors(&self) -> Vec<String> {
        std::mem::take(&mut lock(&self.state).errors)
    }

    /// The network's figures.
    pub fn counts(&self) -> Counts {
        lock(&self.state).counts
    }

    /// Requests held back, waiting.
    pub fn held(&self) -> usize {
        lock(&self.state).held.len()
    }

    /// Delivers one held-back request now (its answer goes nowhere: the agent gave up
    /// on it long ago). Returns whether there was one.
    pub async fn deliver_held(&self) -> bool {
        let letter = {
            let mut s = lock(&self.state);
            if s.held.is_empty() {
                return false;
            }
            let n = s.held.len();
            let i = s.rng.below(n);
            s.held.remove(i)
        };
        let _ = self.deliver(&letter).await;
        true
    }

    /// Drops every held request (the quiet phase: the link is over).
    pub fn forget_held(&self) {
        lock(&self.state).held.clear();
    }

    fn roll(&self, per_mille: u64) -> bool {
        per_mille > 0 && lock(&self.state).rng.next_u64() % 1000 < per_mille
    }

    async fn deliver(&self, letter: &Letter) -> Option<Answer> {
        let router = lock(&self.router).clone()?;
        let mut request = Request::builder()
            .method(letter.method)
            .uri(&letter.path)
            .header("content-type", letter.content_type);
        if let Some(token) = &letter.token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let request = request.body(Body::from(letter.body.clone())).ok()?;
        let server_time = {
            let mut s = lock(&self.state);
            s.counts.delivered += 1;
            s.server_time
        };
        let from = SocketAddr::from(([10, 0, 0, 1 + (letter.agent % 250) as u8], 40_000));
        let sender_time = antar_shared::seams::now();
        antar_shared::seams::set_time(server_time);
        let answer = call(router, request, from).await;
        antar_shared::seams::set_time(sender_time);
        if answer.0 >= 500 {
            lock(&self.state).errors.push(format!(
                "{} {} answered {}: {}",
                letter.method,
                letter.path,
                answer.0,
                String::from_utf8_lossy(&answer.1)
            ));
        }
        Some(answer)
    }

    /// Delivers a copy of a sync request rewritten to name another desa: whatever the
    /// device's token, the server must refuse it (and so change nothing); an answer
    /// of 200 is recorded as a broken promise.
    async fn forge(&self, letter: &Letter) {
        let Ok(mut request) = Format::Binary.decode_request(&letter.body) else {
            return;
        };
        let Some(other) = lock(&self.state)
            .desas
            .iter()
            .copied()
            .find(|d| *d != request.desa)
        else {
            return;
        };
        request.desa = other;
        let Ok(body) = Format::Binary.encode(&request) else {
            return;
        };
        lock(&self.state).counts.forged += 1;
        let forged = Letter {
            body,
            ..letter.clone()
        };
        if let Some((status, bytes)) = self.deliver(&forged).await
            && status < 400
        {
            lock(&self.state).errors.push(format!(
                "a sync naming desa {other} with agent {}'s token was accepted ({status}): {}",
                letter.agent,
                String::from_utf8_lossy(&bytes)
            ));
        }
    }

    /// One request through the faulty link.
    async fn exchange(&self, letter: Letter) -> Result<Answer, TransportError> {
        let unreachable = |why| TransportError::Unreachable {
            why,
            detail: "simulated".into(),
        };
        let faults = {
            let s = lock(&self.state);
            if s.partitioned.contains(&letter.agent) {
                return Err(unreachable(Offline::Timeout));
            }
            s.faults
        };
        if lock(&self.router).is_none() {
            return Err(unreachable(Offline::Refused));
        }
        if self.roll(faults.lose_request) {
            lock(&self.state).counts.lost_requests += 1;
            return Err(unreachable(Offline::Cut));
        }
        if self.roll(faults.hold) {
            let mut s = lock(&self.state);
            s.counts.held += 1;
            s.held.push(letter);
            return Err(unreachable(Offline::Timeout));
        }
        if self.roll(faults.replay) {
            let old = {
                let mut s = lock(&self.state);
                let mine: Vec<Letter> = s
                    .sent
                    .iter()
                    .filter(|l| l.agent == letter.agent)
                    .cloned()
                    .collect();
                if mine.is_empty() {
                    None
                } else {
                    s.counts.replayed += 1;
                    let i = s.rng.below(mine.len());
                    mine.into_iter().nth(i)
                }
            };
            if let Some(old) = old {
                let _ = self.deliver(&old).await;
            }
        }
        if letter.path.ends_with("/sync") && self.roll(faults.forge_desa) {
            self.forge(&letter).await;
        }
        {
            let mut s = lock(&self.state);
            if letter.path.ends_with("/sync") {
                if s.sent.len() >= 32 {
                    s.sent.remove(0);
                }
                s.sent.push(letter.clone());
            }
        }
        let mut answer = self.deliver(&letter).await;
        if answer.is_some() && self.roll(faults.duplicate) {
            lock(&self.state).counts.duplicated += 1;
            answer = self.deliver(&letter).await;
        }
        let Some(answer) = answer else {
            return Err(unreachable(Offline::Refused));
        };
        if self.roll(faults.crash_server) {
            let mut s = lock(&self.state);
            s.counts.server_kills += 1;
            s.server_killed = true;
            drop(s);
            self.attach(None);
            return Err(unreachable(Offline::Cut));
        }
        if self.roll(faults.lose_answer) {
            lock(&self.state).counts.lost_answers += 1;
            return Err(unreachable(Offline::Cut));
        }
        Ok(answer)
    }
}

/// One agent's end of the network.
#[derive(Clone, Debug)]
pub struct Link {
    net: Arc<Net>,
    agent: usize,
}

impl Link {
    /// Agent `agent`'s link.
    pub fn new(net: &Arc<Net>, agent: usize) -> Link {
        Link {
            net: net.clone(),
            agent,
        }
    }

    fn letter(
        &self,
        method: &'static str,
        path: String,
        token: Option<&str>,
        content_type: &'static str,
        body: Vec<u8>,
    ) -> Letter {
        Letter {
            agent: self.agent,
            method,
            path,
            token: token.map(str::to_owned),
            content_type,
            body,
        }
    }
}

/// A non-success answer as the real transport reports it.
fn refused(status: u16, bytes: &[u8]) -> TransportError {
    let body = serde_json::from_slice::<ErrorBody>(bytes).unwrap_or_else(|_| ErrorBody {
        code: "link.http_status".into(),
        message: format!("HTTP {status}"),
        args: [("status".to_owned(), status.to_string())].into(),
    });
    TransportError::Refused { status, body }
}

impl Transport for Link {
    async fn sync(&self, token: &str, body: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let letter = self.letter(
            "POST",
            "/api/v1/sync".into(),
            Some(token),
            Format::Binary.media_type(),
            body,
        );
        match self.net.exchange(letter).await? {
            (200, bytes) => Ok(bytes),
            (status, bytes) => Err(refused(status, &bytes)),
        }
    }

    async fn enroll(&self, json: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let letter = self.letter(
            "POST",
            "/api/v1/enroll".into(),
            None,
            "application/json",
            json,
        );
        match self.net.exchange(letter).await? {
            (200, bytes) => Ok(bytes),
            (status, bytes) => Err(refused(status, &bytes)),
        }
    }

    async fn put_blob(
        &self,
        token: &str,
        hash_hex: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<(), TransportError> {
        let kind = if content_type == "image/png" {
            "image/png"
        } else {
            "application/octet-stream"
        };
        let letter = self.letter(
            "PUT",
            format!("/api/v1/blobs/{hash_hex}"),
            Some(token),
            kind,
            bytes,
        );
        match self.net.exchange(letter).await? {
            (200 | 201, _) => Ok(()),
            (status, bytes) => Err(refused(status, &bytes)),
        }
    }
}

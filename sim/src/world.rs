//! The world of one seed: the server, the offices, the network, the clock, and what
//! everyone was told; its set-up, one random step at a time, and the quiet phase that
//! heals everything before the checks.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use antar_shared::doc::DesaDoc;
use antar_shared::region::VillageCode;
use antar_shared::sample::Sampler;
use antar_shared::seams::Simulated;
use antar_shared::tracking::TrackingCode;

use crate::agent::Agent;
use crate::ledger::{Dot, Ledger};
use crate::network::{Faults, Link, Net};
use crate::postgres::Postgres;
use crate::server::Server;
use crate::{Broken, Config, StoreKind, Summary};

/// Where every run's clock starts (2026-05-28, after the id epoch): the same for every
/// seed, so a seed alone decides a run.
const START: i64 = 1_780_000_000;

/// A dispatch the operators issued, as the simulation remembers it.
#[derive(Clone, Debug)]
pub struct Issued {
    /// Its code.
    pub code: TrackingCode,
    /// Its desa.
    pub desa: VillageCode,
    /// The holder's NIK (the clerks type it at handover).
    pub nik: String,
    /// Put on a manifest already.
    pub manifested: bool,
}

/// One seed's world.
#[derive(Debug)]
pub struct World {
    /// The seed.
    pub seed: u64,
    /// Its size.
    pub config: Config,
    /// The workload's choices (the network draws from its own).
    pub rng: Sampler,
    /// The documents the operators issue: names, NIKs, numbers never repeated.
    pub papers: Sampler,
    sim: Simulated,
    /// The server's clock.
    pub time: i64,
    /// The server.
    pub server: Server,
    /// The network.
    pub net: Arc<Net>,
    /// The desa offices.
    pub agents: Vec<Agent>,
    /// What everyone was told.
    pub ledger: Ledger,
    /// The desa in play.
    pub desas: Vec<VillageCode>,
    /// Dispatches issued (by the operators' requests that succeeded).
    pub issued: Vec<Issued>,
    /// Ops the server holds, as last looked at.
    server_known: BTreeSet<Dot>,
    steps: BTreeMap<&'static str, u64>,
    trace: bool,
    _dir: tempfile::TempDir,
}

impl World {
    /// Builds the world of `seed`: a server with an admin, and every office enrolled.
    pub async fn new(seed: u64, config: Config, trace: bool) -> Result<World, Broken> {
        let sim = Simulated::enter(START, seed ^ 0xA27A_5EED);
        let shm = std::path::Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::Builder::new().prefix("antar-sim").tempdir_in(shm)
        } else {
            tempfile::Builder::new().prefix("antar-sim").tempdir()
        }
        .map_err(Broken::setup)?;
        let server = match config.store {
            StoreKind::Sqlite => Server::create(&dir.path().join("server")).await?,
            StoreKind::Postgres => Server::create_on_postgres(Postgres::create().await?).await?,
        };
        let net = Net::new(seed.rotate_left(17) ^ 0x4E37);
        net.attach(server.router());
        let naru = VillageCode::parse("52.06.03.2012").map_err(Broken::setup)?;
        let other = antar_shared::sample::bima_desa()
            .into_iter()
            .find(|d| d.to_string().starts_with("52.06.08"))
            .ok_or_else(|| Broken::setup("no second desa in the region data"))?;
        let desas = vec![naru, other];
        net.set_desas(&desas);
        let mut agents = Vec::new();
        for i in 0..config.agents.max(1) {
            let desa = if config.agents >= 3 && i == config.agents - 1 {
                other
            } else {
                naru
            };
            let link = Link::new(&net, i);
            agents.push(Agent::new(i, desa, dir.path().join(format!("agent-{i}")), link).await?);
        }
        let mut world = World {
            seed,
            config,
            rng: Sampler::new(seed),
            papers: Sampler::new(seed ^ 0x9A9E),
            sim,
            time: START,
            server,
            net,
            agents,
            ledger: Ledger::default(),
            desas,
            issued: Vec::new(),
            server_known: BTreeSet::new(),
            steps: BTreeMap::new(),
            trace,
            _dir: dir,
        };
        world.net.set_faults(Faults::QUIET);
        for i in 0..world.agents.len() {
            if !world.enroll(i).await? {
                return Err(Broken::setup(format!(
                    "agent {i} did not enroll on a quiet link"
                )));
            }
        }
        world.net.set_faults(Faults::HOSTILE);
        Ok(world)
    }

    /// Says what happens, when tracing.
    pub fn say(&self, what: impl FnOnce() -> String) {
        if self.trace {
            println!("[t+{:>7}s] {}", self.time - START, what());
        }
    }

    /// Counts a step of a kind.
    pub fn count(&mut self, kind: &'static str) {
        *self.steps.entry(kind).or_default() += 1;
    }

    /// Sets the thread's clock to the server's.
    pub fn server_clock(&self) {
        self.sim.set_time(self.time);
        self.net.set_server_time(self.time);
    }

    /// Sets the thread's clock to agent `i`'s (skewed) one.
    pub fn agent_clock(&self, i: usize) {
        self.sim.set_time(self.time + self.agents[i].skew);
    }

    /// One random step, after the clock moves on a little.
    pub async fn step(&mut self) -> Result<(), Broken> {
        self.time += 1 + (self.rng.next_u64() % 900) as i64;
        self.server_clock();
        if !self.server.is_up() && self.rng.below(3) == 0 {
            self.restart_server().await?;
        }
        crate::workload::step(self).await?;
        self.server_clock();
        self.server_errors()?;
        if self.net.take_server_killed() {
            self.say(|| "the server died after committing, before answering".into());
            self.server.crash().await;
        }
        self.look_at_server(true).await
    }

    /// The server's 5xx answers to the offices: none, unless its disk is full (and then
    /// they must say so).
    pub fn server_errors(&mut self) -> Result<(), Broken> {
        for error in self.net.take_errors() {
            if !(self.server.disk_full && crate::workload::says_disk_full(&error)) {
                return Err(Broken::Server(error));
            }
            self.say(|| format!("disk full: {error}"));
        }
        Ok(())
    }

    /// Starts the server again after a crash.
    pub async fn restart_server(&mut self) -> Result<(), Broken> {
        self.count("server restart");
        self.say(|| "the server starts again".into());
        self.server_clock();
        self.server.start().await?;
        self.net.attach(self.server.router());
        Ok(())
    }

    /// Reads every op the server holds; new ones are recorded, and, when `acknowledged`,
    /// counted as acknowledged by the server (it stored them answering someone).
    pub async fn look_at_server(&mut self, acknowledged: bool) -> Result<(), Broken> {
        let Some(store) = self.server.store().cloned() else {
            return Ok(());
        };
        let mut now_known = BTreeSet::new();
        for desa in self.desas.clone() {
            let ops = store
                .all_ops(desa)
                .await
                .map_err(|e| Broken::Server(format!("ops of {desa} unreadable: {e}")))?;
            for stored in ops {
                let op = stored.op;
                if !now_known.insert((desa, op.id())) {
                    return Err(Broken::Promise(format!(
                        "the server stores dot {} twice",
                        op.id()
                    )));
                }
                self.ledger.see(desa, &op, "server")?;
                if acknowledged && !self.server_known.contains(&(desa, op.id())) {
                    self.ledger
                        .acknowledged_by_server
                        .insert((desa, op.id()), op);
                }
            }
        }
        self.server_known = now_known;
        Ok(())
    }

    /// Makes an enrollment code for agent `i`'s desa and enrolls it with it; `Ok(false)`
    /// when the link or the server said no.
    pub async fn enroll(&mut self, i: usize) -> Result<bool, Broken> {
        let desa = self.agents[i].desa.to_string();
        let Some((201, answer)) = crate::workload::operator(
            self,
            "POST",
            "/api/v1/enroll-codes",
            serde_json::json!({ "desa_code": desa }),
        )
        .await?
        else {
            return Ok(false);
        };
        let code = answer["code"].as_str().unwrap_or_default().to_owned();
        self.agent_clock(i);
        let done = self.agents[i].enroll(&code).await?;
        self.server_clock();
        self.say(|| format!("agent {i} enrolls: {done:?}"));
        Ok(done.is_ok())
    }

    /// The quiet phase: faults off, partitions healed, held requests delivered, every
    /// process restarted, locked-out offices enrolled again, everything published, and
    /// syncs until nothing moves.
    pub async fn quiesce(&mut self) -> Result<(), Broken> {
        self.say(|| "--- quiet: faults off, everything heals ---".into());
        self.time += 3600;
        self.server_clock();
        self.net.set_faults(Faults::QUIET);
        self.net.heal();
        if !self.server.is_up() {
            self.restart_server().await?;
        }
        while self.net.deliver_held().await {}
        self.net.forget_held();
        self.server.crash().await;
        self.restart_server().await?;
        for i in 0..self.agents.len() {
            self.agents[i].crash().await?;
        }
        if let Some(store) = self.server.store() {
            antar_server::issuance::publish::publish_all(store, None, |_| {})
                .await
                .map_err(|e| Broken::Server(format!("publishing failed: {e:?}")))?;
        }
        for round in 0..8 {
            let mut moved = false;
            for i in 0..self.agents.len() {
                if self.agents[i].locked_out && !self.enroll(i).await? {
                    return Err(Broken::Promise(format!(
                        "agent {i} could not enroll again on a quiet link"
                    )));
                }
                self.agent_clock(i);
                let report = self.agents[i].sync().await?;
                self.server_clock();
                match report {
                    Ok(r) => {
                        self.say(|| format!("quiet sync {round}, agent {i}: {r:?}"));
                        moved |= r.sent > 0 || r.received > 0 || r.waiting > 0;
                    }
                    Err(_) if self.agents[i].locked_out => moved = true,
                    Err(why) => {
                        return Err(Broken::Promise(format!(
                            "agent {i}'s sync failed on a quiet link: {why}"
                        )));
                    }
                }
            }
            if !moved {
                return self.look_at_server(false).await;
            }
        }
        Err(Broken::Promise(
            "eight quiet rounds of syncs and still not settled".into(),
        ))
    }

    /// The server's document of a desa, rebuilt from its stored ops.
    pub async fn server_doc(&self, desa: VillageCode) -> Result<DesaDoc, Broken> {
        let store = self
            .server
            .store()
            .ok_or_else(|| Broken::Server("down at the end".into()))?;
        let ops = store
            .all_ops(desa)
            .await
            .map_err(|e| Broken::Server(format!("ops unreadable: {e}")))?;
        let mut doc = DesaDoc::new(desa);
        for stored in ops {
            doc.apply(stored.op)
                .map_err(|e| Broken::Promise(format!("the server's own ops do not apply: {e}")))?;
        }
        Ok(doc)
    }

    /// What the run did.
    pub fn summary(&self) -> Summary {
        Summary {
            steps: self.steps.clone(),
            net: self.net.counts(),
            saved_on_device: self.ledger.saved_on_device.len(),
            acknowledged_by_server: self.ledger.acknowledged_by_server.len(),
            lost_with_restore: self.ledger.lost_with_restore.len(),
            dots: self.ledger.dots_seen(),
            dispatches: self.issued.len(),
        }
    }
}

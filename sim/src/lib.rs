//! # antar-sim
//!
//! A deterministic simulation of the whole system in one process, as FoundationDB and
//! TigerBeetle test theirs: the real server store (SQLite in a folder, or PostgreSQL)
//! behind the real router, called in-process; real agent replicas driven through the agent's own
//! commands and sync; and a simulated network, clock and random source, all drawn from
//! one seed. A run does random real work (issue, import, publish, manifest, receive,
//! handover, return, recall, resolve, corrections, enroll, revoke) under random faults
//! (lost, held, duplicated and replayed requests, lost answers, partitions, server
//! kills between commit and answer, agent and server crashes, a restore from an older
//! backup, skewed device clocks), then heals everything, syncs quietly and checks the
//! promises (`check`). A failing seed prints the command that replays it.
//!
//! - [`world`]: the world of one seed and its steps; [`workload`]: the operators' and
//!   clerks' work, chosen at random.
//! - [`server`], [`agent`], [`network`]: the three kinds of participant;
//!   [`postgres`]: the server's schema and backups when it runs on PostgreSQL.
//! - [`ledger`]: what everyone was told; [`check`]: the promises held against it.

#![warn(missing_docs)]

pub mod agent;
pub mod check;
pub mod ledger;
pub mod network;
pub mod postgres;
pub mod server;
pub mod workload;
pub mod world;

/// A run that broke a promise, or could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum Broken {
    /// The world could not be built or driven (not a finding about Antar, unless it
    /// keeps happening).
    #[error("set-up failed: {0}")]
    Setup(String),
    /// An agent failed where it must not.
    #[error("agent {agent}: {what}")]
    Agent {
        /// Which agent.
        agent: usize,
        /// What failed.
        what: String,
    },
    /// The server failed where it must not (a 5xx, a store error).
    #[error("server: {0}")]
    Server(String),
    /// One dot named two different ops.
    #[error("dot {dot} reused at {place}: first {first}, now {second}")]
    DotReused {
        /// The dot.
        dot: String,
        /// Where the second op was seen.
        place: String,
        /// The first op's body.
        first: String,
        /// The second op's body.
        second: String,
    },
    /// After the quiet sync, something differs or is missing.
    #[error("{0}")]
    Promise(String),
}

impl Broken {
    /// A set-up failure from any error.
    pub fn setup(e: impl std::fmt::Display) -> Broken {
        Broken::Setup(e.to_string())
    }
}

/// The server's database in a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum StoreKind {
    /// SQLite, in a folder under `/dev/shm` (the default, as the server's own).
    #[default]
    Sqlite,
    /// A PostgreSQL schema of the world's own ([`postgres`]); no full disk there.
    Postgres,
}

/// The size and kind of one run.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Desa offices (agents); spread over two desa, two or more in the first.
    pub agents: usize,
    /// Random steps before the quiet phase.
    pub steps: usize,
    /// The server's database.
    pub store: StoreKind,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            agents: 3,
            steps: 80,
            store: StoreKind::Sqlite,
        }
    }
}

/// What one run did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Steps of each kind, by name.
    pub steps: std::collections::BTreeMap<&'static str, u64>,
    /// The network's faults.
    pub net: network::Counts,
    /// Ops clerks were told were saved.
    pub saved_on_device: usize,
    /// Ops the server stored answering operators.
    pub acknowledged_by_server: usize,
    /// Server-acknowledged ops gone with a restored backup that no device held.
    pub lost_with_restore: usize,
    /// Distinct dots seen.
    pub dots: usize,
    /// Dispatches at the end.
    pub dispatches: usize,
}

impl Summary {
    /// Adds another run's figures.
    pub fn add(&mut self, one: &Summary) {
        for (k, v) in &one.steps {
            *self.steps.entry(k).or_default() += v;
        }
        self.net.add(&one.net);
        self.saved_on_device += one.saved_on_device;
        self.acknowledged_by_server += one.acknowledged_by_server;
        self.lost_with_restore += one.lost_with_restore;
        self.dots += one.dots;
        self.dispatches += one.dispatches;
    }
}

/// Runs one seed to the end and checks it.
pub fn run(seed: u64, config: Config, trace: bool) -> Result<Summary, Broken> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Broken::setup)?;
    runtime.block_on(async {
        let mut world = world::World::new(seed, config, trace).await?;
        for _ in 0..config.steps {
            world.step().await?;
        }
        world.quiesce().await?;
        check::promises(&mut world).await?;
        Ok(world.summary())
    })
}

/// The command that replays a seed.
pub fn replay_command(seed: u64, config: Config) -> String {
    let store = match config.store {
        StoreKind::Sqlite => "",
        StoreKind::Postgres => " --store postgres",
    };
    format!(
        "cargo run --release -p antar-sim -- --seed {seed} --agents {} --steps {}{store} --trace",
        config.agents, config.steps
    )
}

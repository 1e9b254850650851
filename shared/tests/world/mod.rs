//! A simulated desa for the property tests: the server issues, ships, recalls and acts
//! on a desa's behalf; three devices receive, hand over (also on arrival), correct,
//! return, resolve and note, each offline for a random stretch and syncing with the
//! server now and then, so their writes really are concurrent.
//!
//! Every write goes through [`DesaDoc::author`], that is through the custody rules, as
//! the agent and the server do: a step the rules refuse is simply not written (a clerk
//! told "not allowed"). A sync that the receiving replica refuses is a failure of the
//! property under test: an op a correct author wrote must never be stranded.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use antar_shared::doc::{
    ActorId, ApplyError, Clock, Condition, DesaDoc, DispatchId, Handover, IdDocument, ManifestId,
    Op, OpBody, OpId, Outcome, Relation, Resolution, Status,
};
use antar_shared::region::VillageCode;
use antar_shared::sample::Sampler;
use antar_shared::text::{NoteText, PersonName, Reason};
use antar_shared::time::{DAY, UnixTime};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Three desa devices (odd ids: devices).
pub const DEVICES: [ActorId; 3] = [ActorId(11), ActorId(13), ActorId(15)];
/// 1 November 2026, 08:00 WITA.
pub const T0: i64 = 1_793_491_200;

/// 1,000 cases unless `PROPTEST_CASES` says otherwise.
pub fn config() -> Config {
    let mut config = Config::default();
    if std::env::var("PROPTEST_CASES").is_err() {
        config.cases = 1000;
    }
    config
}

/// Rasabou, Tambora.
pub fn desa() -> VillageCode {
    VillageCode::parse("52.06.14.2007").unwrap()
}

/// One thing that happens in the desa's life.
#[derive(Clone, Debug)]
pub enum Step {
    Issue,
    Ship {
        mask: u8,
    },
    Recall {
        pick: usize,
    },
    /// Dukcapil records a receipt and handover for a desa whose PC died, or settles a
    /// conflict (it may set aside its own recall).
    OnBehalf {
        pick: usize,
        clear: bool,
    },
    Receive {
        device: usize,
        pick: usize,
        condition: Condition,
    },
    Handover {
        device: usize,
        pick: usize,
        recipient: usize,
        relation: Relation,
        on_arrival: bool,
    },
    Correct {
        device: usize,
        pick: usize,
        recipient: usize,
    },
    Return {
        device: usize,
        pick: usize,
        correction: bool,
    },
    Resolve {
        device: usize,
        pick: usize,
        keep: usize,
    },
    Note {
        device: usize,
        pick: usize,
    },
    Sync {
        device: usize,
    },
}

/// A random step, weighted towards what happens most at a desa.
pub fn step() -> impl Strategy<Value = Step> {
    let device = 0..DEVICES.len();
    let pick = any::<usize>();
    let condition = prop_oneof![
        4 => Just(Condition::Ok),
        1 => Just(Condition::Damaged),
        2 => Just(Condition::Missing)
    ];
    let relation = prop_oneof![
        Just(Relation::Holder),
        Just(Relation::Family),
        Just(Relation::Proxy)
    ];
    prop_oneof![
        3 => Just(Step::Issue),
        2 => any::<u8>().prop_map(|mask| Step::Ship { mask }),
        1 => pick.prop_map(|pick| Step::Recall { pick }),
        1 => (pick, any::<bool>()).prop_map(|(pick, clear)| Step::OnBehalf { pick, clear }),
        4 => (device.clone(), pick, condition)
            .prop_map(|(device, pick, condition)| Step::Receive { device, pick, condition }),
        4 => (device.clone(), pick, 0..3usize, relation, any::<bool>())
            .prop_map(|(device, pick, recipient, relation, on_arrival)| Step::Handover { device, pick, recipient, relation, on_arrival }),
        1 => (device.clone(), pick, 0..3usize)
            .prop_map(|(device, pick, recipient)| Step::Correct { device, pick, recipient }),
        1 => (device.clone(), pick, any::<bool>())
            .prop_map(|(device, pick, correction)| Step::Return { device, pick, correction }),
        4 => (device.clone(), pick, any::<usize>())
            .prop_map(|(device, pick, keep)| Step::Resolve { device, pick, keep }),
        1 => (device.clone(), pick).prop_map(|(device, pick)| Step::Note { device, pick }),
        3 => device.prop_map(|device| Step::Sync { device }),
    ]
}

/// A script: steps and the sample data's seed.
pub fn script() -> impl Strategy<Value = (Vec<Step>, u64)> {
    (proptest::collection::vec(step(), 1..80), any::<u64>())
}

pub fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

fn reason(s: &str) -> Reason {
    Reason::parse(s).unwrap()
}

const RECIPIENTS: [&str; 3] = ["Siti Aminah", "Abdul Haris", "Nurhayati Yasin"];

fn handover(recipient: usize, relation: Relation, nik_verified: bool) -> Handover {
    Handover {
        recipient: name(RECIPIENTS[recipient]),
        relation,
        id_shown: IdDocument::KtpEl,
        nik_verified,
        evidence: None,
        clerk: name("Hadijah Idris"),
    }
}

/// The replicas of one simulated desa: the server and three devices.
pub struct World {
    pub server: DesaDoc,
    pub devices: Vec<DesaDoc>,
    sampler: Sampler,
    clock: i64,
    manifests: u32,
    /// Ops written, and writes the rules refused at the author.
    pub written: usize,
    pub refused: usize,
}

impl World {
    pub fn new(seed: u64) -> Self {
        World {
            server: DesaDoc::new(desa()),
            devices: DEVICES.iter().map(|_| DesaDoc::new(desa())).collect(),
            sampler: Sampler::new(seed),
            clock: T0,
            manifests: 0,
            written: 0,
            refused: 0,
        }
    }

    /// Writes ops as `actor` through the rulebook, all or none (like the agent's one
    /// transaction for "receive and hand over"). A refusal must be a rule's.
    fn write(&mut self, which: Option<usize>, actor: ActorId, time: i64, bodies: Vec<OpBody>) {
        let doc = match which {
            Some(device) => &mut self.devices[device],
            None => &mut self.server,
        };
        let mut work = doc.clone();
        for body in bodies {
            match work.author(actor, UnixTime(time), body) {
                Ok(op) => {
                    work.apply(op).unwrap();
                }
                Err(ApplyError::Rule(_)) => {
                    self.refused += 1;
                    return;
                }
                Err(other) => panic!("authoring failed outside the rules: {other:?}"),
            }
        }
        self.written += work.len() - doc.len();
        *doc = work;
    }

    fn pick(doc: &DesaDoc, pick: usize) -> Option<DispatchId> {
        let ids: Vec<DispatchId> = doc.dispatches().map(|d| d.id).collect();
        (!ids.is_empty()).then(|| ids[pick % ids.len()])
    }

    /// A dispatch in conflict, if the replica shows any (people resolve what they see).
    fn pick_conflict(doc: &DesaDoc, pick: usize) -> Option<DispatchId> {
        let policy = Default::default();
        let ids: Vec<DispatchId> = doc
            .dispatches()
            .filter(|d| d.status(UnixTime(T0), &policy).1.conflict)
            .map(|d| d.id)
            .collect();
        (!ids.is_empty()).then(|| ids[pick % ids.len()])
    }

    fn receive(dispatch: DispatchId, condition: Condition, found: bool) -> OpBody {
        OpBody::Receive {
            dispatch,
            condition,
            found,
            correction: None,
            seen: Clock::new(),
        }
    }

    /// Plays one step. `Err` when a replica refused ops another replica wrote.
    pub fn play(&mut self, step: &Step) -> Result<(), String> {
        self.clock += 3600;
        let now = self.clock;
        let server = ActorId::SERVER;
        match *step {
            Step::Issue => {
                let (issue, _) = self.sampler.issue(desa(), false);
                self.write(None, server, now, vec![OpBody::Issue(issue)]);
            }
            Step::Ship { mask } => {
                let policy = Default::default();
                let items: Vec<DispatchId> = self
                    .server
                    .dispatches()
                    .filter(|d| d.status(UnixTime(now), &policy).0 == Status::Issued)
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << (i % 8)) != 0)
                    .map(|(_, d)| d.id)
                    .collect();
                if items.is_empty() {
                    return Ok(());
                }
                self.manifests += 1;
                let body = OpBody::Dispatch {
                    manifest: ManifestId(self.manifests),
                    courier: name("Arifin Usman"),
                    items,
                };
                self.write(None, server, now, vec![body]);
            }
            Step::Recall { pick } => {
                if let Some(dispatch) = Self::pick(&self.server, pick) {
                    let body = OpBody::Recall {
                        dispatch,
                        reason: reason("Salah cetak"),
                        seen: Clock::new(),
                    };
                    self.write(None, server, now, vec![body]);
                }
            }
            Step::OnBehalf { pick, clear } => {
                let chosen = if clear {
                    Self::pick_conflict(&self.server, pick)
                } else {
                    Self::pick(&self.server, pick)
                };
                let Some(dispatch) = chosen else {
                    return Ok(());
                };
                let state = self.server.dispatch(dispatch).unwrap();
                let bodies = if clear {
                    let choice = match state.outcomes().first() {
                        Some(_) => Resolution::Outcome(Outcome::Cleared),
                        None => return Ok(()),
                    };
                    vec![OpBody::Resolve {
                        dispatch,
                        choice,
                        seen: Clock::new(),
                    }]
                } else {
                    vec![
                        Self::receive(dispatch, Condition::Ok, false),
                        OpBody::Handover {
                            dispatch,
                            handover: handover(0, Relation::Holder, true),
                            correction: None,
                            seen: Clock::new(),
                        },
                    ]
                };
                self.write(None, server, now, bodies);
            }
            Step::Sync { device } => {
                let doc = &mut self.devices[device];
                self.server
                    .merge(doc)
                    .map_err(|e| format!("the server refused device {device}'s ops: {e:?}"))?;
                doc.merge(&self.server)
                    .map_err(|e| format!("device {device} refused the server's ops: {e:?}"))?;
            }
            _ => {}
        }
        self.play_device(step, now)
    }

    fn play_device(&mut self, step: &Step, now: i64) -> Result<(), String> {
        let (device, pick) = match *step {
            Step::Receive { device, pick, .. }
            | Step::Handover { device, pick, .. }
            | Step::Correct { device, pick, .. }
            | Step::Return { device, pick, .. }
            | Step::Resolve { device, pick, .. }
            | Step::Note { device, pick } => (device, pick),
            _ => return Ok(()),
        };
        let chosen = match step {
            Step::Resolve { .. } => Self::pick_conflict(&self.devices[device], pick),
            _ => Self::pick(&self.devices[device], pick),
        };
        let Some(dispatch) = chosen else {
            return Ok(());
        };
        let state = self.devices[device].dispatch(dispatch).unwrap();
        let reported_missing = state
            .arrivals()
            .iter()
            .any(|a| a.value == Condition::Missing);
        let received = state
            .arrivals()
            .iter()
            .any(|a| a.value != Condition::Missing);
        // A device's clock may be days off: clocks lie.
        let time = now + (device as i64 - 1) * 3 * DAY;
        let bodies = match *step {
            Step::Receive { condition, .. } => vec![Self::receive(
                dispatch,
                condition,
                reported_missing && condition != Condition::Missing,
            )],
            Step::Handover {
                recipient,
                relation,
                on_arrival,
                ..
            } => {
                let mut bodies = Vec::new();
                if on_arrival && !received {
                    bodies.push(Self::receive(dispatch, Condition::Ok, reported_missing));
                }
                bodies.push(OpBody::Handover {
                    dispatch,
                    handover: handover(recipient, relation, relation == Relation::Holder),
                    correction: None,
                    seen: Clock::new(),
                });
                bodies
            }
            Step::Correct { recipient, .. } => vec![OpBody::Handover {
                dispatch,
                handover: handover(recipient, Relation::Holder, true),
                correction: Some(reason("Salah catat penerima")),
                seen: Clock::new(),
            }],
            Step::Return { correction, .. } => vec![OpBody::Return {
                dispatch,
                reason: reason("Tidak diambil"),
                correction: correction.then(|| reason("Ternyata belum diambil")),
                seen: Clock::new(),
            }],
            Step::Resolve { keep, .. } => {
                let arrivals = state.arrivals();
                let outcomes = state.outcomes();
                let choice = if outcomes.len() > 1 {
                    if keep % (outcomes.len() + 1) == outcomes.len() {
                        Resolution::Outcome(Outcome::Cleared)
                    } else {
                        Resolution::Outcome(outcomes[keep % outcomes.len()].value.clone())
                    }
                } else if arrivals.len() > 1 {
                    Resolution::Arrival(arrivals[keep % arrivals.len()].value)
                } else {
                    return Ok(());
                };
                vec![OpBody::Resolve {
                    dispatch,
                    choice,
                    seen: Clock::new(),
                }]
            }
            _ => vec![OpBody::Note {
                dispatch,
                text: NoteText::parse("Diperiksa petugas").unwrap(),
            }],
        };
        self.write(Some(device), DEVICES[device], time, bodies);
        Ok(())
    }

    /// Every op any replica wrote, once each, in no meaningful order.
    pub fn all_ops(&self) -> Vec<Op> {
        let mut all: BTreeMap<OpId, Op> = BTreeMap::new();
        for doc in std::iter::once(&self.server).chain(&self.devices) {
            for op in doc.ops() {
                all.insert(op.id(), op.clone());
            }
        }
        all.into_values().collect()
    }

    /// The state every replica must reach: everything merged in causal order.
    pub fn reference(&self) -> DesaDoc {
        let mut doc = self.server.clone();
        for device in &self.devices {
            doc.merge(device).unwrap();
        }
        doc
    }
}

/// Plays a script to its end; `Err` if any replica refused another's ops.
pub fn try_simulate(steps: &[Step], seed: u64) -> Result<World, String> {
    let mut world = World::new(seed);
    for step in steps {
        world.play(step)?;
    }
    Ok(world)
}

/// Plays a script that must not fail.
pub fn simulate(steps: &[Step], seed: u64) -> World {
    try_simulate(steps, seed).unwrap()
}

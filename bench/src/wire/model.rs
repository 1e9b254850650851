//! The scenarios' workload as plain records and events, for the two baselines
//! (Automerge and naive JSON): the same desa history Antar's seed writes — dispatches
//! issued, shipped 50 to a manifest, received, and two in three handed over.

use std::collections::BTreeMap;

use antar_shared::region::VillageCode;
use antar_shared::sample::Sampler;
use serde::Serialize;

/// A dispatch as a full-state replica holds it.
#[derive(Clone, Debug, Serialize)]
pub struct Record {
    pub code: String,
    pub kind: String,
    pub number: String,
    pub holder: String,
    pub nik_check: u16,
    pub issued_at: i64,
    pub manifest: Option<String>,
    pub arrival: Option<Arrival>,
    pub outcome: Option<Outcome>,
}

/// The arrival register.
#[derive(Clone, Debug, Serialize)]
pub struct Arrival {
    pub condition: String,
    pub by: String,
    pub at: i64,
}

/// The outcome register (a handover).
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub recipient: String,
    pub relation: String,
    pub id_shown: String,
    pub nik_verified: bool,
    pub clerk: String,
    pub by: String,
    pub at: i64,
}

/// One change.
#[derive(Clone, Debug)]
pub enum Event {
    Issue(Record),
    Ship {
        manifest: String,
        codes: Vec<String>,
    },
    Receive {
        code: String,
        arrival: Arrival,
    },
    Handover {
        code: String,
        outcome: Outcome,
    },
}

/// A replica's full state.
pub type State = BTreeMap<String, Record>;

/// Applies an event to a full state.
pub fn apply(state: &mut State, event: &Event) {
    match event {
        Event::Issue(r) => {
            state.insert(r.code.clone(), r.clone());
        }
        Event::Ship { manifest, codes } => {
            for c in codes {
                if let Some(r) = state.get_mut(c) {
                    r.manifest = Some(manifest.clone());
                }
            }
        }
        Event::Receive { code, arrival } => {
            if let Some(r) = state.get_mut(code) {
                r.arrival = Some(arrival.clone());
            }
        }
        Event::Handover { code, outcome } => {
            if let Some(r) = state.get_mut(code) {
                r.outcome = Some(outcome.clone());
            }
        }
    }
}

/// Makes events from one sampler, so every run is the same.
#[derive(Debug)]
pub struct Workload {
    sampler: Sampler,
    desa: VillageCode,
    time: i64,
    manifests: usize,
}

impl Workload {
    /// A workload for `desa`.
    pub fn new(desa: VillageCode) -> Workload {
        Workload {
            sampler: Sampler::new(2026),
            desa,
            time: 1_793_491_200,
            manifests: 0,
        }
    }

    /// `n` dispatches issued and shipped (50 to a manifest); returns their codes.
    pub fn issue(&mut self, n: usize, events: &mut Vec<Event>) -> Vec<String> {
        let mut codes = Vec::new();
        for _ in 0..n {
            let (issue, nik) = self.sampler.issue(self.desa, false);
            self.time += 60;
            let code = issue.tracking.to_string();
            events.push(Event::Issue(Record {
                code: code.clone(),
                kind: issue.kind.code().to_owned(),
                number: antar_shared::sample::printed_number(&issue, &nik).to_string(),
                holder: issue.holder.to_string(),
                nik_check: (self.sampler.next_u64() % 16384) as u16,
                issued_at: self.time,
                manifest: None,
                arrival: None,
                outcome: None,
            }));
            codes.push(code);
        }
        for chunk in codes.chunks(50) {
            self.manifests += 1;
            events.push(Event::Ship {
                manifest: format!("M-{:05}", self.manifests),
                codes: chunk.to_vec(),
            });
        }
        codes
    }

    /// A receipt by `by`.
    pub fn receive(&mut self, code: &str, by: &str) -> Event {
        self.time += 30;
        Event::Receive {
            code: code.to_owned(),
            arrival: Arrival {
                condition: "ok".into(),
                by: by.into(),
                at: self.time,
            },
        }
    }

    /// A handover by `by`.
    pub fn handover(&mut self, code: &str, by: &str) -> Event {
        self.time += 30;
        Event::Handover {
            code: code.to_owned(),
            outcome: Outcome {
                recipient: self.sampler.person().to_string(),
                relation: "holder".into(),
                id_shown: "ktp-el".into(),
                nik_verified: true,
                clerk: "Nurul Hamzah".into(),
                by: by.into(),
                at: self.time,
            },
        }
    }

    /// A settled history: `n` dispatches issued, shipped, received, two in three handed
    /// over (as [`crate::seed::documents`] writes it for Antar).
    pub fn history(&mut self, n: usize, by: &str) -> (Vec<Event>, Vec<String>) {
        let mut events = Vec::new();
        let codes = self.issue(n, &mut events);
        for (k, c) in codes.iter().enumerate() {
            events.push(self.receive(c, by));
            if k % 3 != 2 {
                events.push(self.handover(c, by));
            }
        }
        (events, codes)
    }
}

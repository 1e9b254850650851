//! Arbitrary sequences of ops into desa documents: the server and two devices author
//! through the custody rules (as they do), and forged ops (any counter, any `seen`,
//! any body) are applied directly to one replica, as a hostile peer would send them. Never a panic; an op
//! refused (or already held) changes nothing; and after every replica has merged every
//! other, all are identical and show the same status for every dispatch.
#![no_main]

use antar_shared::doc::{
    ActorId, Clock, Condition, DesaDoc, DispatchId, Dot, Handover, IdDocument, ManifestId, Op,
    OpBody, Outcome, Policy, Relation, Resolution,
};
use antar_shared::region::VillageCode;
use antar_shared::sample::Sampler;
use antar_shared::text::{NoteText, PersonName, Reason};
use antar_shared::time::UnixTime;
use arbitrary::Arbitrary;
use crdts::CmRDT;
use libfuzzer_sys::fuzz_target;

/// 1 November 2026, 08:00 WITA.
const T0: i64 = 1_793_491_200;
const ACTORS: [ActorId; 3] = [ActorId::SERVER, ActorId(11), ActorId(13)];

#[derive(Arbitrary, Debug)]
enum Step {
    Issue,
    Dispatch {
        items: Vec<u8>,
    },
    Receive {
        by: u8,
        d: u8,
        condition: u8,
        found: bool,
        correction: bool,
    },
    Handover {
        by: u8,
        d: u8,
        relation: u8,
        verified: bool,
        correction: bool,
    },
    Return {
        by: u8,
        d: u8,
        correction: bool,
    },
    Recall {
        d: u8,
    },
    Resolve {
        by: u8,
        d: u8,
        arrival: bool,
        which: u8,
    },
    Note {
        by: u8,
        d: u8,
    },
    Sync {
        from: u8,
        to: u8,
    },
    Wait {
        hours: u8,
    },
    Forged {
        to: u8,
        actor: u8,
        delta: i8,
        d: u8,
        seen: Vec<(u8, u8)>,
        body: u8,
    },
}

fn name(s: &str) -> PersonName {
    PersonName::parse(s).expect("a fixed name")
}

fn reason(s: &str) -> Reason {
    Reason::parse(s).expect("a fixed reason")
}

fn condition(n: u8) -> Condition {
    [Condition::Ok, Condition::Damaged, Condition::Missing][usize::from(n % 3)]
}

fn handover(relation: u8, verified: bool) -> Handover {
    let relation = [Relation::Holder, Relation::Family, Relation::Proxy][usize::from(relation % 3)];
    Handover {
        recipient: name("Siti Aminah"),
        relation,
        id_shown: IdDocument::KtpEl,
        nik_verified: verified,
        evidence: None,
        clerk: name("Nurul Hamzah"),
    }
}

struct World {
    desa: VillageCode,
    docs: Vec<DesaDoc>,
    ids: Vec<DispatchId>,
    sampler: Sampler,
    now: i64,
    manifests: u32,
}

impl World {
    fn dispatch(&self, d: u8) -> Option<DispatchId> {
        (!self.ids.is_empty()).then(|| self.ids[usize::from(d) % self.ids.len()])
    }

    /// A body about dispatch `d` of kind `which` (for forged ops too).
    fn body(&mut self, which: u8, d: DispatchId, arg: u8, flag: bool) -> OpBody {
        let correction = flag.then(|| reason("Salah ketik"));
        match which % 8 {
            0 => OpBody::Receive {
                dispatch: d,
                condition: condition(arg),
                found: flag,
                correction,
                seen: Clock::new(),
            },
            1 => OpBody::Handover {
                dispatch: d,
                handover: handover(arg, flag),
                correction,
                seen: Clock::new(),
            },
            2 => OpBody::Return {
                dispatch: d,
                reason: reason("Tidak diambil"),
                correction,
                seen: Clock::new(),
            },
            3 => OpBody::Recall {
                dispatch: d,
                reason: reason("Salah cetak"),
                seen: Clock::new(),
            },
            4 => {
                let choice = if arg % 2 == 0 {
                    Resolution::Arrival(condition(arg / 2))
                } else {
                    Resolution::Outcome(
                        [
                            Outcome::HandedOver(handover(arg, flag)),
                            Outcome::Returned(reason("Pindah")),
                            Outcome::Cleared,
                        ][usize::from(arg / 2 % 3)]
                        .clone(),
                    )
                };
                OpBody::Resolve {
                    dispatch: d,
                    choice,
                    seen: Clock::new(),
                }
            }
            5 => OpBody::Note {
                dispatch: d,
                text: NoteText::parse("Dititip ke Kadus").expect("a fixed note"),
            },
            6 => {
                self.manifests += 1;
                OpBody::Dispatch {
                    manifest: ManifestId(self.manifests),
                    courier: name("Arifin Usman"),
                    items: vec![d],
                }
            }
            _ => {
                let (issue, _) = self.sampler.issue(self.desa, false);
                OpBody::Issue(issue)
            }
        }
    }

    /// Authors through the rules as replica `r`, then applies it there.
    fn write(&mut self, r: u8, body: OpBody) {
        let r = usize::from(r) % self.docs.len();
        let before = self.docs[r].clone();
        match self.docs[r].author(ACTORS[r], UnixTime(self.now), body) {
            Ok(op) => {
                let applied = self.docs[r].apply(op.clone());
                assert!(
                    applied.is_ok(),
                    "an op its author checked must apply: {applied:?} {op:?}"
                );
                if let OpBody::Issue(issue) = &op.body {
                    self.ids.push(DispatchId(issue.tracking));
                }
            }
            Err(_) => assert!(
                self.docs[r] == before,
                "a refused write changed the document"
            ),
        }
    }

    fn sync(&mut self, from: u8, to: u8) {
        let (from, to) = (usize::from(from) % 3, usize::from(to) % 3);
        if from == to {
            return;
        }
        let source = self.docs[from].clone();
        let merged = self.docs[to].merge(&source);
        assert!(
            merged.is_ok(),
            "merging two causally closed documents failed: {merged:?}"
        );
    }
}

fuzz_target!(|steps: Vec<Step>| {
    let desa = VillageCode::parse("52.06.03.2012").expect("Desa Naru");
    let mut w = World {
        desa,
        docs: vec![DesaDoc::new(desa); 3],
        ids: Vec::new(),
        sampler: Sampler::new(15),
        now: T0,
        manifests: 0,
    };
    for step in steps.into_iter().take(200) {
        w.now += 60;
        match step {
            Step::Issue => {
                let (issue, _) = w.sampler.issue(desa, false);
                w.write(0, OpBody::Issue(issue));
            }
            Step::Dispatch { items } => {
                let items: Vec<DispatchId> = items
                    .iter()
                    .filter_map(|d| w.dispatch(*d))
                    .take(5)
                    .collect();
                w.manifests += 1;
                let body = OpBody::Dispatch {
                    manifest: ManifestId(w.manifests),
                    courier: name("Arifin Usman"),
                    items,
                };
                w.write(0, body);
            }
            Step::Receive {
                by,
                d,
                condition: c,
                found,
                correction,
            } => {
                if let Some(d) = w.dispatch(d) {
                    let body = w.body(0, d, c, found && !correction);
                    let body = match body {
                        OpBody::Receive {
                            dispatch,
                            condition,
                            found,
                            ..
                        } => OpBody::Receive {
                            dispatch,
                            condition,
                            found,
                            correction: correction.then(|| reason("Salah ketik")),
                            seen: Clock::new(),
                        },
                        other => other,
                    };
                    w.write(by, body);
                }
            }
            Step::Handover {
                by,
                d,
                relation,
                verified,
                correction,
            } => {
                if let Some(d) = w.dispatch(d) {
                    let body = OpBody::Handover {
                        dispatch: d,
                        handover: handover(relation, verified),
                        correction: correction.then(|| reason("Salah ketik")),
                        seen: Clock::new(),
                    };
                    w.write(by, body);
                }
            }
            Step::Return { by, d, correction } => {
                if let Some(d) = w.dispatch(d) {
                    let body = w.body(2, d, 0, correction);
                    w.write(by, body);
                }
            }
            Step::Recall { d } => {
                if let Some(d) = w.dispatch(d) {
                    let body = w.body(3, d, 0, false);
                    w.write(0, body);
                }
            }
            Step::Resolve {
                by,
                d,
                arrival,
                which,
            } => {
                if let Some(d) = w.dispatch(d) {
                    let arg = which.wrapping_mul(2).wrapping_add(u8::from(!arrival));
                    let body = w.body(4, d, arg, false);
                    w.write(by, body);
                }
            }
            Step::Note { by, d } => {
                if let Some(d) = w.dispatch(d) {
                    let body = w.body(5, d, 0, false);
                    w.write(by, body);
                }
            }
            Step::Sync { from, to } => w.sync(from, to),
            Step::Wait { hours } => w.now += i64::from(hours) * 3600,
            Step::Forged {
                to,
                actor,
                delta,
                d,
                seen,
                body,
            } => {
                let Some(d) = w.dispatch(d) else { continue };
                // A forged op goes to one replica, under that replica's own actor or a
                // stranger's that only it receives: a peer that sends two different
                // ops under one dot to two replicas is caught on merge (`DotReused`),
                // which is not what this target checks.
                let to = usize::from(to) % 3;
                let stranger = ActorId(15 + 2 * u32::try_from(to).unwrap_or(0));
                let actor = if actor % 2 == 0 { ACTORS[to] } else { stranger };
                let held = i64::try_from(w.docs[to].clock().get(&actor)).unwrap_or(i64::MAX - 4);
                let next = held + 1 + i64::from(delta % 3);
                let Ok(counter) = u64::try_from(next) else {
                    continue;
                };
                let mut clock = Clock::new();
                for (a, c) in seen.into_iter().take(4) {
                    let a = [ActorId::SERVER, ActorId(11), ActorId(13)][usize::from(a % 3)];
                    clock.apply(Dot::new(a, u64::from(c % 8)));
                }
                let mut body = w.body(body, d, delta as u8, delta % 2 == 0);
                if let Some(seen) = body.seen_mut() {
                    *seen = clock;
                }
                let op = Op {
                    dot: Dot::new(actor, counter),
                    time: UnixTime(w.now),
                    body,
                };
                let before = w.docs[to].clone();
                match w.docs[to].apply(op) {
                    Ok(antar_shared::doc::Applied::New) => {}
                    _ => assert!(
                        w.docs[to] == before,
                        "a refused or duplicate op changed the document"
                    ),
                }
            }
        }
    }
    // A final quiet exchange: everyone with everyone, twice.
    for _ in 0..2 {
        for from in 0..3 {
            for to in 0..3 {
                w.sync(from, to);
            }
        }
    }
    assert!(
        w.docs[0] == w.docs[1] && w.docs[1] == w.docs[2],
        "the replicas did not converge"
    );
    let now = UnixTime(w.now + 86_400);
    let policy = Policy::default();
    let views: Vec<Vec<String>> = w
        .docs
        .iter()
        .map(|doc| {
            doc.dispatches()
                .map(|s| format!("{:?}", s.status(now, &policy)))
                .collect()
        })
        .collect();
    assert_eq!(views[0], views[1]);
    assert_eq!(views[1], views[2]);
});

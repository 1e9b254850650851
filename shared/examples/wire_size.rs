//! Measures what the sync protocol puts on the wire, for the situations in the design brief's
//! "Targets" table: bytes of a single Handover op, of a no-change sync, of a sync that
//! carries one handover, of a new device's catch-up in a 5,000-dispatch desa, and of a
//! month offline. Each figure is given for JSON and for the binary (postcard) encoding,
//! raw and gzip-compressed (what HTTP `Content-Encoding: gzip` would carry), with the
//! time it would take on the brief's "2G" link (600 ms round trip, 40 kbit/s).
//!
//! Run: `cargo run --release -p antar-shared --example wire_size`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Write;

use antar_shared::doc::{
    ActorId, Clock, Condition, DesaDoc, DispatchId, Handover, IdDocument, ManifestId, Op, OpBody,
    Relation,
};
use antar_shared::region::VillageCode;
use antar_shared::sample::{Sampler, desa_name};
use antar_shared::sync::{
    Chain, Format, OpBatch, PAGE_OPS, PROTOCOL_VERSION, Seal, ServerKey, SyncRequest, SyncResponse,
};
use antar_shared::text::PersonName;
use antar_shared::time::UnixTime;

const RTT_SECS: f64 = 0.6;
const LINK_BITS_PER_SEC: f64 = 40_000.0;
const T0: i64 = 1_793_491_200;
const LAPTOP: ActorId = ActorId(11);
const TABLET: ActorId = ActorId(13);

fn gzip(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap().len()
}

/// JSON, binary, and each gzipped.
fn sizes<T: serde::Serialize>(message: &T) -> [usize; 4] {
    let json = Format::Json.encode(message).unwrap();
    let binary = Format::Binary.encode(message).unwrap();
    [json.len(), gzip(&json), binary.len(), gzip(&binary)]
}

fn row(label: &str, s: [usize; 4]) {
    println!(
        "{label:<46} {:>9} {:>9} {:>9} {:>9}",
        s[0], s[1], s[2], s[3]
    );
}

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

fn write(doc: &mut DesaDoc, actor: ActorId, time: i64, body: OpBody) -> Op {
    let op = doc.author(actor, UnixTime(time), body).unwrap();
    doc.apply(op.clone()).unwrap();
    op
}

fn handover_body(dispatch: DispatchId, sampler: &mut Sampler) -> OpBody {
    OpBody::Handover {
        dispatch,
        handover: Handover {
            recipient: sampler.person(),
            relation: Relation::Holder,
            id_shown: IdDocument::KtpEl,
            nik_verified: true,
            evidence: None,
            clerk: name("Nurul Hamzah"),
        },
        correction: None,
        seen: Clock::new(),
    }
}

/// A desa's history: `n` dispatches issued in batches of 50 and shipped on one manifest
/// per batch, received by the laptop, and handed over (by laptop or tablet) except the
/// last `unclaimed`. Four events per dispatch when all are handed over.
fn desa_history(desa: VillageCode, n: usize, unclaimed: usize, seed: u64) -> DesaDoc {
    let mut doc = DesaDoc::new(desa);
    let mut sampler = Sampler::new(seed);
    let mut time = T0;
    let mut manifest = 0;
    let mut issued = Vec::new();
    while issued.len() < n {
        let batch: Vec<DispatchId> = (0..50.min(n - issued.len()))
            .map(|_| {
                time += 60;
                let (issue, _) = sampler.issue(desa, false);
                let id = DispatchId(issue.tracking);
                write(&mut doc, ActorId::SERVER, time, OpBody::Issue(issue));
                id
            })
            .collect();
        manifest += 1;
        time += 3600;
        let trip = OpBody::Dispatch {
            manifest: ManifestId(manifest),
            courier: name("Arifin Usman"),
            items: batch.clone(),
        };
        write(&mut doc, ActorId::SERVER, time, trip);
        time += 86_400;
        for d in &batch {
            time += 30;
            write(
                &mut doc,
                LAPTOP,
                time,
                OpBody::Receive {
                    dispatch: *d,
                    condition: Condition::Ok,
                    found: false,
                    correction: None,
                    seen: Clock::new(),
                },
            );
        }
        issued.extend(batch);
    }
    for (i, d) in issued.iter().enumerate().take(n - unclaimed) {
        time += 1800;
        let actor = if i % 3 == 0 { TABLET } else { LAPTOP };
        write(&mut doc, actor, time, handover_body(*d, &mut sampler));
    }
    doc
}

/// Pages a fresh replica's catch-up; returns (round trips, bytes of bodies, gzip).
fn catch_up(server: &DesaDoc, from: &DesaDoc, format: Format) -> (usize, usize, usize) {
    let mut peer = from.clone();
    let mut seals = Sealer::new(server.desa(), from);
    let (mut trips, mut raw, mut zipped) = (0, 0, 0);
    loop {
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            desa: peer.desa(),
            have: peer.clock().clone(),
            ops: OpBatch::default(),
            seals: Vec::new(),
            device_time: UnixTime(T0),
        };
        let (ops, more) = server.missing_page(peer.clock(), PAGE_OPS);
        let response = SyncResponse {
            protocol: PROTOCOL_VERSION,
            have: server.clock().clone(),
            ops: OpBatch(ops.clone()),
            seals: seals.page(&ops),
            more,
            server_time: UnixTime(T0),
        };
        for bytes in [
            format.encode(&request).unwrap(),
            format.encode(&response).unwrap(),
        ] {
            raw += bytes.len();
            zipped += gzip(&bytes);
        }
        peer.apply_all(peer.desa(), ops).unwrap();
        trips += 1;
        if !more {
            return (trips, raw, zipped);
        }
    }
}

/// Seals a page as the server does: one per actor, over its chain up to its last op.
struct Sealer {
    desa: VillageCode,
    key: ServerKey,
    chains: BTreeMap<ActorId, Chain>,
}

impl Sealer {
    fn new(desa: VillageCode, from: &DesaDoc) -> Sealer {
        let key = ServerKey::from_pkcs8(&ServerKey::generate().unwrap()).unwrap();
        let mut sealer = Sealer {
            desa,
            key,
            chains: BTreeMap::new(),
        };
        let held: Vec<Op> = from.ops().cloned().collect();
        sealer.page(&held);
        sealer
    }

    fn page(&mut self, ops: &[Op]) -> Vec<Seal> {
        let mut last = BTreeMap::new();
        for op in ops {
            let chain = self.chains.entry(op.dot.actor).or_insert(Chain::START);
            *chain = chain.next(self.desa, op).unwrap();
            last.insert(op.dot.actor, (op.dot.counter, *chain));
        }
        last.into_iter()
            .map(|(actor, (counter, chain))| self.key.seal(self.desa, actor, counter, chain))
            .collect()
    }
}

fn on_2g(trips: usize, bytes: usize) -> f64 {
    trips as f64 * RTT_SECS + bytes as f64 * 8.0 / LINK_BITS_PER_SEC
}

fn main() {
    let desa = VillageCode::parse("52.06.03.2012").unwrap();
    println!(
        "Antar wire sizes — desa {} {} (Woha, Kabupaten Bima)\n",
        desa,
        desa_name(desa)
    );
    println!(
        "{:<46} {:>9} {:>9} {:>9} {:>9}",
        "bytes", "json", "json.gz", "binary", "binary.gz"
    );

    // A desa document with 50 dispatches, received, some handed over: the small case.
    let mut doc = desa_history(desa, 50, 20, 1);
    let mut sampler = Sampler::new(99);
    let target = doc.dispatches().last().unwrap().id;
    let before = doc.clock().clone();
    let handover = write(
        &mut doc,
        LAPTOP,
        T0 + 90 * 86_400,
        handover_body(target, &mut sampler),
    );
    row("one Handover op", sizes(&handover));

    let no_change = SyncRequest {
        protocol: PROTOCOL_VERSION,
        desa,
        have: doc.clock().clone(),
        ops: OpBatch::default(),
        seals: Vec::new(),
        device_time: UnixTime(T0 + 90 * 86_400),
    };
    let no_change_resp = SyncResponse {
        protocol: PROTOCOL_VERSION,
        have: doc.clock().clone(),
        ops: OpBatch::default(),
        seals: Vec::new(),
        more: false,
        server_time: UnixTime(T0 + 90 * 86_400),
    };
    let (rq, rs) = (sizes(&no_change), sizes(&no_change_resp));
    row("no-change sync: request", rq);
    row("no-change sync: response", rs);
    row(
        "no-change sync: both bodies",
        [0, 1, 2, 3].map(|i| rq[i] + rs[i]),
    );

    let with_handover = SyncRequest {
        have: before,
        ops: OpBatch(vec![handover]),
        ..no_change.clone()
    };
    let (rq, rs) = (sizes(&with_handover), sizes(&no_change_resp));
    row("one handover, then sync: request", rq);
    row(
        "one handover, then sync: both bodies",
        [0, 1, 2, 3].map(|i| rq[i] + rs[i]),
    );

    println!(
        "\n{:<46} {:>9} {:>9} {:>12} {:>10}",
        "catch-up", "trips", "bytes", "gzip bytes", "2G secs"
    );
    let big = desa_history(desa, 5000, 0, 2);
    let events = big.ops().map(|op| match &op.body {
        OpBody::Dispatch { items, .. } => items.len(),
        _ => 1,
    });
    let events: usize = events.sum();
    for format in [Format::Json, Format::Binary] {
        let (trips, raw, zipped) = catch_up(&big, &DesaDoc::new(desa), format);
        println!(
            "{:<46} {trips:>9} {raw:>9} {zipped:>12} {:>10.1}",
            format!("new device, 5,000 dispatches / {events} events, {format:?}"),
            on_2g(trips, zipped)
        );
    }

    // A month offline: the device holds the desa as it was; meanwhile 600 new
    // dispatches arrive at the server and the clerk does 700 things offline.
    let mut server = desa_history(desa, 2000, 400, 3);
    let mut device = server.clone();
    let mut sampler = Sampler::new(5);
    let mut time = T0 + 400 * 86_400;
    let waiting: Vec<DispatchId> = device
        .dispatches()
        .filter(|d| d.outcomes().is_empty())
        .map(|d| d.id)
        .collect();
    for d in waiting.iter().take(400) {
        time += 600;
        write(&mut device, LAPTOP, time, handover_body(*d, &mut sampler));
    }
    let month = desa_history(desa, 600, 0, 4);
    let mut new_ids = Vec::new();
    for op in month.ops().filter(|op| matches!(op.body, OpBody::Issue(_))) {
        let OpBody::Issue(issue) = &op.body else {
            continue;
        };
        new_ids.push(DispatchId(issue.tracking));
        write(
            &mut server,
            ActorId::SERVER,
            time,
            OpBody::Issue(issue.clone()),
        );
    }
    for chunk in new_ids.chunks(50) {
        let trip = OpBody::Dispatch {
            manifest: ManifestId(999),
            courier: name("Arifin Usman"),
            items: chunk.to_vec(),
        };
        write(&mut server, ActorId::SERVER, time, trip);
    }
    // The clerk also receives 300 of the new ones as they come (scanned: unknown yet
    // locally, so they are recorded after the sync) — count 300 receipts of older items.
    let received_before: Vec<DispatchId> = device.dispatches().map(|d| d.id).take(300).collect();
    for d in received_before {
        time += 60;
        let note = antar_shared::text::NoteText::parse("Dicek ulang").unwrap();
        write(
            &mut device,
            LAPTOP,
            time,
            OpBody::Note {
                dispatch: d,
                text: note,
            },
        );
    }
    let device_ops: Vec<Op> = device.missing_from(server.clock()).cloned().collect();
    for format in [Format::Json, Format::Binary] {
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            desa,
            have: device.clock().clone(),
            ops: OpBatch(device_ops.clone()),
            seals: Vec::new(),
            device_time: UnixTime(time),
        };
        let up = format.encode(&request).unwrap();
        let mut merged_server = server.clone();
        merged_server.apply_all(desa, device_ops.clone()).unwrap();
        let (trips, raw, zipped) = catch_up(&merged_server, &device, format);
        let raw = raw + up.len();
        let zipped = zipped + gzip(&up);
        println!(
            "{:<46} {trips:>9} {raw:>9} {zipped:>12} {:>10.1}",
            format!("month offline: 700 actions up, 600 down, {format:?}"),
            on_2g(trips, zipped)
        );
    }
}

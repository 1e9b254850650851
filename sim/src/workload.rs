//! The work and the faults, chosen at random each step: the operators' requests (issue,
//! import, manifest, recall, custody recorded at Dukcapil, enroll codes, revoke) sent to
//! the real API as an operator would, the publisher's rounds, the clerks' commands and
//! syncs on their replicas, and the faults (crashes, backup and restore, partitions,
//! clock skew, held requests arriving late).

use std::collections::BTreeSet;

use antar_shared::region::VillageCode;

use crate::ledger::Dot;
use serde_json::{Value, json};

use crate::Broken;
use crate::agent::Clerked;
use crate::world::{Issued, World};

/// Each step's weight (out of their sum).
const WEIGHTS: &[(&str, usize)] = &[
    ("issue", 14),
    ("import", 2),
    ("publish", 8),
    ("manifest", 7),
    ("recall", 1),
    ("custody at Dukcapil", 3),
    ("clerk", 26),
    ("sync", 24),
    ("agent crash", 3),
    ("server crash", 2),
    ("backup", 2),
    ("restore", 1),
    ("partition", 3),
    ("clock skew", 2),
    ("revoke", 1),
    ("enroll again", 4),
    ("late delivery", 3),
    ("disk full", 2),
];

/// Sends an operator's request to the server (the office's link is not the desa's:
/// it does not fail); `None` while the server is down. A 5xx is a broken promise.
pub async fn operator(
    world: &mut World,
    method: &'static str,
    path: &str,
    body: Value,
) -> Result<Option<(u16, Value)>, Broken> {
    let bytes = serde_json::to_vec(&body).map_err(Broken::setup)?;
    request(world, method, path, "application/json", bytes).await
}

async fn request(
    world: &mut World,
    method: &'static str,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Result<Option<(u16, Value)>, Broken> {
    let Some(router) = world.server.router() else {
        return Ok(None);
    };
    world.server_clock();
    let request = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", content_type)
        .header("authorization", format!("Bearer {}", world.server.admin))
        .body(axum::body::Body::from(body))
        .map_err(Broken::setup)?;
    let from = std::net::SocketAddr::from(([10, 1, 0, 1], 50_000));
    let (status, bytes) = crate::server::call(router, request, from).await;
    if status >= 500 {
        let error = format!(
            "{method} {path} answered {status}: {}",
            String::from_utf8_lossy(&bytes)
        );
        if !(world.server.disk_full && says_disk_full(&error)) {
            return Err(Broken::Server(error));
        }
    }
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    world.say(|| {
        let detail = if status >= 300 {
            value.to_string()
        } else {
            String::new()
        };
        format!("operator {method} {path} → {status} {detail}")
    });
    Ok(Some((status, value)))
}

/// Whether a 5xx answer is the server saying its disk is full.
pub fn says_disk_full(answer: &str) -> bool {
    answer.contains("507") && answer.contains("\"store.full\"")
}

/// One random step.
pub async fn step(world: &mut World) -> Result<(), Broken> {
    let total: usize = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut roll = world.rng.below(total);
    let mut kind = WEIGHTS[0].0;
    for (name, weight) in WEIGHTS {
        if roll < *weight {
            kind = name;
            break;
        }
        roll -= weight;
    }
    if kind == "disk full" && !world.server.can_fill_disk() {
        kind = "sync";
    }
    world.count(kind);
    match kind {
        "issue" => issue(world).await,
        "import" => import(world).await,
        "publish" => publish(world).await,
        "manifest" => manifest(world).await,
        "recall" => recall(world).await,
        "custody at Dukcapil" => custody_at_dukcapil(world).await,
        "clerk" => clerk(world).await,
        "sync" => sync(world).await,
        "agent crash" => {
            let i = world.rng.below(world.agents.len());
            world.say(|| format!("agent {i} crashes and starts again"));
            world.agents[i].crash().await
        }
        "server crash" => {
            world.say(|| "the server crashes".into());
            world.server.crash().await;
            world.net.attach(None);
            Ok(())
        }
        "backup" => {
            let done = world.server.backup().await?;
            world.say(|| format!("backup: {done}"));
            Ok(())
        }
        "restore" => restore(world).await,
        "partition" => {
            let i = world.rng.below(world.agents.len());
            let cut = world.rng.below(2) == 0;
            world.say(|| {
                format!(
                    "agent {i} {}",
                    if cut { "is cut off" } else { "is reconnected" }
                )
            });
            world.net.partition(i, cut);
            Ok(())
        }
        "clock skew" => {
            let i = world.rng.below(world.agents.len());
            // From three days behind to two ahead, or right.
            let skew = match world.rng.below(4) {
                0 => 0,
                _ => (world.rng.next_u64() % (5 * 86_400)) as i64 - 3 * 86_400,
            };
            world.say(|| format!("agent {i}'s clock is now {skew:+} s off"));
            world.agents[i].skew = skew;
            Ok(())
        }
        "revoke" => revoke(world).await,
        "disk full" => {
            let full = !world.server.disk_full;
            world.say(|| {
                format!(
                    "the server's disk {}",
                    if full { "is full" } else { "has room again" }
                )
            });
            world.server.fill_disk(full).await
        }
        "enroll again" => {
            let locked: Vec<usize> = (0..world.agents.len())
                .filter(|i| world.agents[*i].locked_out)
                .collect();
            if locked.is_empty() {
                return Ok(());
            }
            let i = locked[world.rng.below(locked.len())];
            world.enroll(i).await.map(|_| ())
        }
        _ => {
            let delivered = world.net.deliver_held().await;
            world.say(|| format!("a held request arrives late: {delivered}"));
            Ok(())
        }
    }
}

/// An operator issues one dispatch (the dashboard's form, through the API).
async fn issue(world: &mut World) -> Result<(), Broken> {
    let desa = world.desas[world.rng.below(world.desas.len())];
    let sampler = &mut world.papers;
    let document = sampler.kind();
    let number = sampler.number(document, desa);
    let nik = sampler.nik(desa).expose().to_owned();
    let body = json!({
        "kind": document.code(),
        "number": number.to_string(),
        "holder_name": sampler.person().to_string(),
        "nik": nik,
        "desa_code": desa.to_string(),
    });
    if let Some((201 | 200, answer)) = operator(world, "POST", "/api/v1/dispatches", body).await? {
        remember(world, &answer, desa, &nik);
    }
    Ok(())
}

/// Keeps an issued dispatch from the server's answer.
fn remember(world: &mut World, record: &Value, desa: VillageCode, nik: &str) {
    let code = record["tracking_code"]
        .as_str()
        .and_then(|c| antar_shared::tracking::TrackingCode::parse(c).ok());
    if let Some(code) = code {
        world.issued.push(Issued {
            code,
            desa,
            nik: nik.to_owned(),
            manifested: false,
        });
    }
}

/// An operator imports a small CSV file (two rows, one desa each).
async fn import(world: &mut World) -> Result<(), Broken> {
    let mut csv = String::from("kind,number,holder_name,nik,desa_code\n");
    let mut niks = Vec::new();
    for desa in world.desas.clone() {
        let sampler = &mut world.papers;
        let document = sampler.kind();
        let nik = sampler.nik(desa).expose().to_owned();
        csv.push_str(&format!(
            "{},{},{},{nik},{desa}\n",
            document.code(),
            sampler.number(document, desa),
            sampler.person()
        ));
        niks.push((desa, nik));
    }
    let answer = request(
        world,
        "POST",
        "/api/v1/imports",
        "text/csv",
        csv.into_bytes(),
    )
    .await?;
    if let Some((200 | 201, answer)) = answer
        && let Some(lines) = answer["imported"].as_array()
    {
        for (line, (desa, nik)) in lines.iter().zip(&niks) {
            remember(world, line, *desa, nik);
        }
    }
    Ok(())
}

/// The background publisher's round.
async fn publish(world: &mut World) -> Result<(), Broken> {
    let Some(store) = world.server.store().cloned() else {
        return Ok(());
    };
    world.server_clock();
    let (claimed, published) = antar_server::issuance::publish::publish_claimed(&store)
        .await
        .map_err(|e| Broken::Server(format!("publishing failed: {e:?}")))?;
    world.say(|| format!("publisher: {published} of {claimed} published"));
    Ok(())
}

/// An operator puts up to four unmanifested dispatches of one desa on a manifest.
async fn manifest(world: &mut World) -> Result<(), Broken> {
    let desa = world.desas[world.rng.below(world.desas.len())];
    let picked: Vec<usize> = (0..world.issued.len())
        .filter(|i| world.issued[*i].desa == desa && !world.issued[*i].manifested)
        .take(4)
        .collect();
    if picked.is_empty() {
        return Ok(());
    }
    let codes: Vec<String> = picked
        .iter()
        .map(|i| world.issued[*i].code.to_string())
        .collect();
    let body = json!({ "courier": "Arifin Usman", "desa_code": desa.to_string(), "tracking_codes": codes });
    if let Some((200 | 201, _)) = operator(world, "POST", "/api/v1/manifests", body).await? {
        for i in picked {
            world.issued[i].manifested = true;
        }
    }
    Ok(())
}

/// A random dispatch the operators issued.
fn any_issued(world: &mut World) -> Option<Issued> {
    if world.issued.is_empty() {
        return None;
    }
    let i = world.rng.below(world.issued.len());
    Some(world.issued[i].clone())
}

/// An operator recalls a dispatch (issued in error).
async fn recall(world: &mut World) -> Result<(), Broken> {
    let Some(d) = any_issued(world) else {
        return Ok(());
    };
    let path = format!("/api/v1/dispatches/{}/recall", d.code);
    operator(
        world,
        "POST",
        &path,
        json!({ "reason": "salah cetak nama" }),
    )
    .await?;
    Ok(())
}

/// Custody recorded at Dukcapil (a resident picked it up at the regency office, or the
/// courier brought it back), through the same rules as a desa's.
async fn custody_at_dukcapil(world: &mut World) -> Result<(), Broken> {
    let Some(d) = any_issued(world) else {
        return Ok(());
    };
    let (path, body) = match world.rng.below(4) {
        0 => ("receive", json!({ "condition": "ok" })),
        1 => (
            "handover",
            json!({ "recipient": "Nurhayati Yasin", "relation": "holder", "id_shown": "ktp_el",
                    "nik": d.nik, "clerk": "Petugas Dukcapil", "receive": true }),
        ),
        2 => ("return", json!({ "reason": "alamat tidak ditemukan" })),
        _ => ("resolve", json!({ "keep": 1 })),
    };
    let path = format!("/api/v1/dispatches/{}/{path}", d.code);
    operator(world, "POST", &path, body).await?;
    Ok(())
}

/// A clerk at a random office acts on a random dispatch of its desa.
async fn clerk(world: &mut World) -> Result<(), Broken> {
    let i = world.rng.below(world.agents.len());
    let desa = world.agents[i].desa;
    let mine: Vec<Issued> = world
        .issued
        .iter()
        .filter(|d| d.desa == desa)
        .cloned()
        .collect();
    if mine.is_empty() {
        return Ok(());
    }
    let d = &mine[world.rng.below(mine.len())];
    let pick = world.rng.below(100);
    world.agent_clock(i);
    let done = world.agents[i].clerk(d.code, pick, Some(&d.nik)).await?;
    world.server_clock();
    match done {
        Clerked::Saved(ops) => {
            world.say(|| {
                let ids: Vec<String> = ops.iter().map(|o| o.id().to_string()).collect();
                format!("agent {i}: clerk saved {} ({pick})", ids.join(", "))
            });
            world.ledger.saved(i, desa, &ops)
        }
        Clerked::Refused(code) => {
            world.say(|| format!("agent {i}: clerk refused: {code} ({pick})"));
            Ok(())
        }
        Clerked::Idle => Ok(()),
    }
}

/// A random office syncs.
async fn sync(world: &mut World) -> Result<(), Broken> {
    let i = world.rng.below(world.agents.len());
    world.agent_clock(i);
    let report = world.agents[i].sync().await?;
    world.server_clock();
    world.say(|| format!("agent {i} syncs: {report:?}"));
    let doc = world.agents[i].doc().await?;
    let desa = world.agents[i].desa;
    for op in doc.ops() {
        world.ledger.see(desa, op, &format!("agent {i}"))?;
    }
    Ok(())
}

/// An operator revokes a random office's device.
async fn revoke(world: &mut World) -> Result<(), Broken> {
    let i = world.rng.below(world.agents.len());
    let Some(me) = world.agents[i].enrollment().await? else {
        return Ok(());
    };
    let path = format!("/api/v1/devices/{}/revoke", me.actor.0);
    world.say(|| format!("agent {i}'s device is revoked"));
    operator(world, "POST", &path, Value::Null).await?;
    Ok(())
}

/// The server is restored from one of its older backups. Ops it acknowledged after that
/// backup and no office holds are gone with it (by design: an operator restored a copy
/// without them); the rest must come back from the offices.
async fn restore(world: &mut World) -> Result<(), Broken> {
    if world.server.backups.is_empty() {
        return Ok(());
    }
    let i = world.rng.below(world.server.backups.len());
    world.say(|| format!("the server is restored from backup {i}"));
    let mut held: BTreeSet<Dot> = BTreeSet::new();
    for agent in &world.agents {
        held.extend(agent.doc().await?.ops().map(|op| (agent.desa, op.id())));
    }
    world.server.restore(i).await?;
    world.net.attach(world.server.router());
    world.look_at_server(false).await?;
    let in_backup: BTreeSet<Dot> = {
        let mut ids = BTreeSet::new();
        for desa in world.desas.clone() {
            ids.extend(
                world
                    .server_doc(desa)
                    .await?
                    .ops()
                    .map(|op| (desa, op.id())),
            );
        }
        ids
    };
    let lost: Vec<Dot> = world
        .ledger
        .acknowledged_by_server
        .keys()
        .filter(|id| !in_backup.contains(id) && !held.contains(id))
        .copied()
        .collect();
    world.ledger.lost_with_restore.extend(lost);
    Ok(())
}

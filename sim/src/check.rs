//! The promises, checked after the quiet phase: every replica holds exactly the
//! server's document of its desa (the same ops under the same dots, and the same
//! status and conflicts for every dispatch, whatever order each applied them in);
//! every op a clerk was told was saved, and every op the server acknowledged (less
//! what a restore took that no office held), is there once, unchanged; no dot ever
//! named two ops.

use antar_shared::doc::{DesaDoc, DispatchState, Op, Policy};
use antar_shared::time::UnixTime;

use crate::Broken;
use crate::ledger::Dot;
use crate::world::World;

/// Checks every promise; the first one broken is the answer.
pub async fn promises(world: &mut World) -> Result<(), Broken> {
    world.server_clock();
    let now = UnixTime(world.time);
    let mut server_docs = Vec::new();
    for desa in world.desas.clone() {
        let doc = world.server_doc(desa).await?;
        for op in doc.ops() {
            world.ledger.see(desa, op, "server at the end")?;
        }
        server_docs.push(doc);
    }
    for i in 0..world.agents.len() {
        let agent = &world.agents[i];
        let theirs = agent.doc().await?;
        let Some(server) = server_docs.iter().find(|d| d.desa() == agent.desa) else {
            return Err(Broken::setup("an office in a desa not in play"));
        };
        let desa = agent.desa;
        for op in theirs.ops() {
            world
                .ledger
                .see(desa, op, &format!("agent {i} at the end"))?;
        }
        same(server, &theirs, now).map_err(|why| {
            Broken::Promise(format!(
                "agent {i} and the server differ after the quiet sync: {why}"
            ))
        })?;
    }
    for (dot, (agent, op)) in &world.ledger.saved_on_device {
        kept(&server_docs, dot, op, &format!("saved on agent {agent}"))?;
    }
    for (dot, op) in &world.ledger.acknowledged_by_server {
        if !world.ledger.lost_with_restore.contains(dot) {
            kept(&server_docs, dot, op, "acknowledged by the server")?;
        }
    }
    Ok(())
}

/// An op someone was told was kept is on the server at the end, unchanged.
fn kept(server_docs: &[DesaDoc], (desa, id): &Dot, op: &Op, told: &str) -> Result<(), Broken> {
    let held = server_docs
        .iter()
        .find(|d| d.desa() == *desa)
        .and_then(|d| d.op(*id));
    match held {
        Some(held) if held == op => Ok(()),
        Some(_) => Err(Broken::Promise(format!(
            "op {desa}/{id}, {told}, is different at the end"
        ))),
        None => Err(Broken::Promise(format!(
            "op {desa}/{id}, {told}, is missing at the end"
        ))),
    }
}

/// Why two documents of one desa differ, if they do.
fn same(server: &DesaDoc, replica: &DesaDoc, now: UnixTime) -> Result<(), String> {
    if server.clock() != replica.clock() {
        return Err(format!(
            "vectors {:?} and {:?}",
            server.clock().dots,
            replica.clock().dots
        ));
    }
    for op in server.ops() {
        if replica.op(op.id()) != Some(op) {
            return Err(format!("op {} is not the same", op.id()));
        }
    }
    if server.len() != replica.len() {
        return Err(format!("{} ops against {}", server.len(), replica.len()));
    }
    for theirs in server.dispatches() {
        let Some(mine) = replica.dispatch(theirs.id) else {
            return Err(format!("dispatch {} missing", theirs.id.0));
        };
        let (a, b) = (view(theirs, now), view(mine, now));
        if a != b {
            return Err(format!("dispatch {} reads {a} against {b}", theirs.id.0));
        }
    }
    Ok(())
}

/// A dispatch as people read it: its status and flags, its arrivals, outcomes (more
/// than one is a conflict), trips and notes, each sorted.
fn view(state: &DispatchState, now: UnixTime) -> String {
    let sorted = |mut items: Vec<String>| {
        items.sort();
        items.join("; ")
    };
    format!(
        "status {:?} | arrivals {} | outcomes {} | trips {:?} | notes {}",
        state.status(now, &Policy::default()),
        sorted(state.arrivals().iter().map(|e| format!("{e:?}")).collect()),
        sorted(state.outcomes().iter().map(|e| format!("{e:?}")).collect()),
        state.trips,
        state.notes.len(),
    )
}

//! The five situations with the real executables: `antar-server serve` on SQLite and
//! `antar-agent` commands run as a clerk runs them, talking through the counting proxy.

use std::path::Path;
use std::process::Command;

use antar_server::audit::Who;
use antar_server::enrollment;
use antar_shared::sample::bima_desa;

use super::proxy::{Proxy, Traffic};
use crate::backend::Backend;
use crate::process::{Server, binary};
use crate::report::{Context, Failure};
use crate::seed::History;

/// Runs `antar-agent --data-dir DIR ARGS…` to completion; fails with its output.
pub(crate) fn agent(dir: &Path, args: &[&str]) -> Result<String, Failure> {
    let out = Command::new(binary("antar-agent")?)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("ANTAR_LANG", "en")
        .output()
        .context("cannot run antar-agent")?;
    if !out.status.success() {
        return Err(format!(
            "antar-agent {}: {}{}",
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn hand_over(dir: &Path, code: &str, recipient: &str) -> Result<(), Failure> {
    agent(
        dir,
        &[
            "handover",
            code,
            "--recipient",
            recipient,
            "--relation",
            "holder",
            "--clerk",
            "Nurul Hamzah",
        ],
    )
    .map(drop)
}

/// S1–S5 in order, each with what crossed the proxy.
pub async fn scenarios(dispatches: usize) -> Result<Vec<(String, Traffic)>, Failure> {
    let backend = Backend::fresh("sqlite").await?;
    let desa = bima_desa()[0];
    let store = backend.open().await?;
    let mut history = History::new();
    let (settled, ops) = history.write(&store, desa, dispatches, true).await?;
    let (fresh, _) = history.write(&store, desa, 400, false).await?;
    let mut codes = Vec::new();
    for _ in 0..2 {
        codes.push(
            enrollment::create_code(&store, &Who::command(), desa)
                .await
                .map_err(|e| format!("cannot make an enrollment code: {e}"))?
                .code,
        );
    }
    store.pool().close().await;

    let server = Server::start(&backend.args(), &[])?;
    let proxy = Proxy::start(server.base.trim_start_matches("http://").to_owned()).await?;
    let a = tempfile::tempdir().context("temporary folder")?;
    let b = tempfile::tempdir().context("temporary folder")?;
    let mut out = Vec::new();
    let code = |i: usize| settled[i].to_string();

    // S3 first (it makes the device S1, S2 and S4 use).
    agent(
        a.path(),
        &["enroll", "--server", &proxy.base, "--code", &codes[0]],
    )?;
    agent(a.path(), &["sync"])?;
    let s3 = proxy.take().traffic();

    hand_over(a.path(), &code(2), "Siti Aminah")?;
    proxy.take();
    agent(a.path(), &["sync"])?;
    out.push(("S1 one handover".to_owned(), proxy.take().traffic()));

    agent(a.path(), &["sync"])?;
    out.push(("S2 no change".to_owned(), proxy.take().traffic()));
    out.push((format!("S3 new device, {ops} ops"), s3));

    // S4: a month offline: 400 receipts and 300 handovers here, 600 dispatches there.
    let fresh: Vec<String> = fresh.iter().map(|c| c.to_string()).collect();
    let mut receive = vec!["receive"];
    receive.extend(fresh.iter().map(String::as_str));
    agent(a.path(), &receive)?;
    for (i, c) in fresh.iter().take(300).enumerate() {
        hand_over(a.path(), c, &format!("Warga Nomor {}", i + 1))?;
    }
    let store = backend.open().await?;
    history.write(&store, desa, 600, false).await?;
    store.pool().close().await;
    proxy.take();
    agent(a.path(), &["sync"])?;
    out.push(("S4 month offline".to_owned(), proxy.take().traffic()));

    // S5: device B joins (not counted), then both hand over the same document.
    agent(
        b.path(),
        &["enroll", "--server", &proxy.base, "--code", &codes[1]],
    )?;
    agent(b.path(), &["sync"])?;
    hand_over(a.path(), &code(5), "Ahmad Yani")?;
    hand_over(b.path(), &code(5), "Fatimah Zahra")?;
    proxy.take();
    for dir in [a.path(), b.path(), a.path()] {
        agent(dir, &["sync"])?;
    }
    out.push(("S5 same handover twice".to_owned(), proxy.take().traffic()));
    server.stop();
    Ok(out)
}

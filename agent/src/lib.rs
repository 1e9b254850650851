//! # antar-agent
//!
//! The desa office's program. This crate is a skeleton for now: the command-line
//! interface states what the agent will do; the local replica, the clerk's commands and
//! the sync loop arrive with the agent issue.

use clap::Parser;

/// Antar — agen kantor desa / Antar — the desa office agent.
///
/// Menyimpan salinan data kiriman desa ini di komputer kantor desa sehingga petugas bisa
/// mengonfirmasi penerimaan dan penyerahan dokumen tanpa internet, lalu menyinkronkan
/// dengan server Dukcapil saat sambungan kembali.
///
/// Keeps a replica of this desa's dispatches on the office PC so the clerk can confirm
/// receipt and handover offline, and syncs with the Dukcapil server when the link returns.
///
/// Status: kerangka; perintah `enroll`, `run`, `sync`, `receive`, `handover` menyusul.
/// / Skeleton; the `enroll`, `run`, `sync`, `receive`, `handover` commands are coming.
#[derive(Debug, Parser)]
#[command(name = "antar-agent", version, about, long_about, verbatim_doc_comment)]
pub struct Cli {}

/// Runs the command line. Returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let Cli {} = cli;
    eprintln!(
        "antar-agent: belum ada perintah yang bisa dijalankan; lihat --help.\n\
         antar-agent: no command is available yet; see --help."
    );
    2
}

//! # antar-server
//!
//! The central service at Dinas Dukcapil. This crate is a skeleton for now: the
//! command-line interface states what the server will do; storage, the HTTP API and
//! sync arrive with the server issue. The binary is a thin `main.rs` over this library
//! so that tests can start the real thing in-process.

use clap::Parser;

/// Antar — server Dinas Dukcapil / Antar — the Dukcapil service.
///
/// Menerbitkan catatan kiriman dokumen kependudukan yang sudah dicetak, mengatur manifes
/// kurir, mendaftarkan perangkat kantor desa, menerima sinkronisasi dari agen desa, dan
/// menjawab pertanyaan status dari warga.
///
/// Issues dispatch records for finished civil-registry documents, manages courier
/// manifests, enrolls desa office devices, syncs with desa agents and answers residents'
/// status lookups. Storage: embedded SQLite by default, PostgreSQL at scale.
///
/// Status: kerangka; perintah `serve`, `import`, `enroll-code`, `dispatch` dan `manifest`
/// menyusul. / Skeleton; the `serve`, `import`, `enroll-code`, `dispatch` and `manifest`
/// commands are coming.
#[derive(Debug, Parser)]
#[command(
    name = "antar-server",
    version,
    about,
    long_about,
    verbatim_doc_comment
)]
pub struct Cli {}

/// Runs the command line. Returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let Cli {} = cli;
    eprintln!(
        "antar-server: belum ada perintah yang bisa dijalankan; lihat --help.\n\
         antar-server: no command is available yet; see --help."
    );
    2
}

//! A damaged replica and the ways back: `doctor`, backups and restore, on real SQLite
//! files in temporary folders, with a stand-in Dukcapil server that seals what it sends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod backup;
mod damage;
mod doctor;
mod full_disk;
mod guard;
mod office;

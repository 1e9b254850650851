//! # antar-shared
//!
//! The domain of Antar, shared by the server and the desa agent. No I/O lives here:
//! everything is a value, a parser or a pure function, so both sides (and tests) agree
//! on what a valid code, a valid op and a dispatch's status are.
//!
//! - [`region`]: Kemendagri region codes and the embedded NTB reference table.
//! - [`nik`]: the national identity number, its masking and its offline check value.
//! - [`tracking`]: the resident's tracking code with its check character.
//! - [`kind`]: the kinds of document Dukcapil delivers.
//! - [`text`]: bounded free-text fields (names, numbers, reasons).
//! - [`doc`]: the replicated per-desa document (a CRDT on the `crdts` crate).
//! - [`sync`]: the sync protocol's messages and their encodings.
//! - [`lang`]: the two languages, and errors as a code plus arguments.
//! - [`i18n`]: every word shown to a person, from Fluent files, and how ops read.
//! - `web` (feature `web`): language choice and the stylesheet shared by
//!   the server's and the agent's pages.

#![warn(missing_docs)]

#[cfg(feature = "cli")]
pub mod allocator;
#[cfg(feature = "cli")]
pub mod config;
pub mod daily;
pub mod doc;
pub mod i18n;
pub mod kind;
pub mod lang;
pub mod nik;
pub mod receipt;
pub mod region;
pub mod sample;
pub mod seams;
pub mod sync;
pub mod text;
pub mod time;
pub mod tracking;
#[cfg(feature = "web")]
pub mod web;

pub use lang::{Lang, Localized};

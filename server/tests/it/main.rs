//! Integration tests of the server: the storage conformance suite on SQLite and
//! PostgreSQL, and the HTTP API on a real server bound to `127.0.0.1:0`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api;
mod cli;
mod common;
mod duplicates;
mod for_desa;
mod i18n;
mod issuing;
mod restore;
mod store;
mod sync;
mod web;

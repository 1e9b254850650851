//! Integration tests of the server: the storage conformance suite on SQLite and
//! PostgreSQL, and the HTTP API on a real server bound to `127.0.0.1:0`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod api;
mod audit;
mod cli;
mod common;
mod disk_full;
mod duplicates;
mod for_desa;
mod i18n;
mod issuing;
mod notify;
mod privacy;
mod receipts;
mod restore;
mod scope;
mod search;
mod slips;
mod store;
mod sync;
mod web;

//! The `antar-agent` executable as a shell uses it: its data into a pipe that closes
//! early, the versions `resolve` shows, and where its data folder is by default.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
#[path = "../repair/office.rs"]
mod office;

mod output;
mod paths;

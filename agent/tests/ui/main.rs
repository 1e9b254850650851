//! The clerk's UI over HTTP, as a browser without JavaScript uses it: the real router
//! on `127.0.0.1:0` over a temporary replica holding realistic Bima data, driven with
//! redirects disabled so each `303 See Other` is checked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod desk;
mod handover;
mod lan;
mod pages;
mod receive;
mod settle;
mod setup;

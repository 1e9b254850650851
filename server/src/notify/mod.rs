//! Notices to residents (issue 12): when a dispatch with an applicant's phone is issued,
//! arrives at the desa, waits too long, is handed over, returned or recalled, the
//! resident hears of it.
//!
//! Events become outbox rows (`store::outbox`), written once per dispatch and event by
//! a scan any server process may run, so a crash or a second server neither loses nor
//! doubles one. A worker claims due rows, sends each through a [`Provider`], and
//! records how it went: retried with backoff on a passing failure, failed for good on
//! a permanent one. Sync never waits for any of it. Phones are erased a configurable
//! number of days after the outcome.

pub mod bot;
mod message;
mod provider;
mod sms;
mod whatsapp;
mod worker;

pub use message::{Notice, template_name};
pub use provider::{Fallback, LogProvider, Outlet, Provider, SendError, Sent, masked_phone};
pub use sms::SmsGateway;
pub use whatsapp::WhatsApp;
pub use worker::{Config, round, run, sweep};

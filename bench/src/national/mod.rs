//! `antar-bench national`: Indonesia's scale on PostgreSQL. `generate` builds a
//! database of 83,000 desa and 10 million dispatches (about a year of the country's
//! finished documents) once; `measure` times the dashboard's pages against it and runs
//! the national sync rate (every desa every ten minutes) against three server
//! processes. The figures and what they mean are in `docs/scale.md`.
//!
//! Two tiers, because 10 million Argon2id NIK checks and 27 million ops written one
//! sync at a time would take days on two cores: the **live** desa (every desa of the
//! embedded NTB table) get histories written through the store's own writer and an
//! enrolled device each, and carry the sync load; the **copied** desa (synthetic
//! Kemendagri-shaped codes for the rest of the country) get row-for-row copies of a
//! live desa's tables in SQL, with their own desa code, tracking codes and dates, so
//! the dashboards, indexes and database size see 10 million distinct dispatches.

mod bulk;
mod generate;
mod measure;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::report::Failure;

/// Options of `national`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    step: Step,
}

#[derive(Debug, clap::Subcommand)]
enum Step {
    /// Builds the national database (drops it first if it exists).
    Generate(generate::Args),
    /// Times the dashboard and runs the national sync rate against it.
    Measure(measure::Args),
}

/// A live desa's enrolled device, kept between `generate` and `measure`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SavedDevice {
    /// Bearer token.
    pub token: String,
    /// Its actor.
    pub actor: u32,
    /// Its desa, dotted.
    pub desa: String,
}

/// The database `generate` made and `measure` reads.
pub const DEFAULT_DATABASE: &str = "antar_national";

/// Runs a step.
pub async fn run(args: Args) -> Result<Value, Failure> {
    match args.step {
        Step::Generate(args) => generate::run(args).await,
        Step::Measure(args) => measure::run(args).await,
    }
}

//! `config check`: the settings `run` would run with now — from flags, environment, the
//! settings file and defaults — each with where it came from. A value `run` would
//! refuse is refused here.

use antar_shared::config::{self, Loaded};
use antar_shared::i18n::Tr;

use super::output::Out;
use crate::failure::Failure;

/// Prints the effective settings of the global flags and of `run`.
pub fn check(cmd: &clap::Command, loaded: Option<&Loaded>, tr: Tr) -> Result<(), Failure> {
    let env = |k: &str| std::env::var_os(k);
    let argv = loaded.map_or_else(|| vec!["antar-agent".into()], |l| l.argv.clone());
    let settings = loaded.and_then(|l| l.settings.as_ref());
    let effective = config::effective(cmd, settings, &argv, "run", &env).map_err(|e| {
        Failure::new("config.invalid")
            .arg("command", "run")
            .arg("reason", config::clap_reason(&e))
    })?;
    let file = settings.map(config::Settings::path);
    let mut out = Out::stdout();
    for line in config::render(tr, file, &effective) {
        out.line(line)?;
    }
    Ok(())
}

//! `config check`: the settings `serve` would run with now — from flags, environment,
//! the settings file and defaults — each with where it came from, secrets hidden. A
//! value `serve` would refuse is refused here, before a restart finds it.

use antar_shared::Lang;
use antar_shared::config::{self, Loaded};
use antar_shared::i18n::Tr;

use crate::error::{AppError, ErrorKind};

/// Prints the effective settings of the global flags and of `serve`.
pub fn check(cmd: &clap::Command, loaded: Option<&Loaded>, lang: Lang) -> Result<(), AppError> {
    let env = |k: &str| std::env::var_os(k);
    let argv = loaded.map_or_else(|| vec!["antar-server".into()], |l| l.argv.clone());
    let settings = loaded.and_then(|l| l.settings.as_ref());
    let effective = config::effective(cmd, settings, &argv, "serve", &env).map_err(|e| {
        AppError::new(ErrorKind::BadRequest, "config.invalid")
            .arg("command", "serve")
            .arg("reason", config::clap_reason(&e))
    })?;
    let file = settings.map(config::Settings::path);
    for line in config::render(Tr::new(lang), file, &effective) {
        println!("{line}");
    }
    Ok(())
}

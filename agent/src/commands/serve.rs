//! `antar-agent run`: the clerk's UI and the background sync loop (the loop itself is
//! [`crate::run`]).

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use antar_shared::i18n::Tr;

use crate::failure::Failure;
use crate::replica::Replica;

/// The arguments of `run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Detik antar sinkron / seconds between syncs.
    #[arg(long, default_value_t = 300)]
    pub interval: u64,
    /// Alamat UI petugas (atau hanya port) / the clerk's UI address (or a port alone).
    #[arg(long, env = "ANTAR_AGENT_UI", default_value = "127.0.0.1:7420")]
    pub ui: String,
    /// Tanpa UI, hanya sinkron (--ui diabaikan) / no UI, only sync (--ui is ignored).
    #[arg(long)]
    pub no_ui: bool,
}

/// Serves the UI (unless `--no-ui`) and syncs until Ctrl+C.
pub async fn run(replica: &Replica, tr: Tr, args: RunArgs) -> Result<(), Failure> {
    let ui = if args.no_ui {
        None
    } else {
        Some(ui_address(&args.ui)?)
    };
    // LAN mode serves the office network, where every page needs a clerk's login: with
    // no account, nobody could use it, so say how to make one instead of starting.
    if let Some(address) = ui
        && !address.ip().is_loopback()
        && replica.clerk_count().await.map_err(Failure::from)? == 0
    {
        return Err(Failure::new("clerk_account.none_for_lan").arg("address", address));
    }
    let interval = Duration::from_secs(args.interval.max(5));
    crate::run::run(replica, tr, interval, ui).await
}

/// Reads `--ui`: an address, or a bare port (or `localhost:PORT`) for localhost. There
/// is one way to turn the UI off, `--no-ui`.
pub fn ui_address(value: &str) -> Result<SocketAddr, Failure> {
    let value = value.trim();
    if let Ok(port) = value.parse::<u16>() {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    }
    if let Some(port) = value.strip_prefix("localhost:")
        && let Ok(port) = port.parse::<u16>()
    {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    }
    value
        .parse()
        .map_err(|_| Failure::new("command.ui_address").arg("address", format!("{value:?}")))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    #[test]
    fn ui_addresses() {
        assert_eq!(
            ui_address("7421").unwrap(),
            "127.0.0.1:7421".parse().unwrap()
        );
        assert_eq!(
            ui_address("localhost:7420").unwrap(),
            "127.0.0.1:7420".parse().unwrap()
        );
        assert_eq!(
            ui_address("0.0.0.0:80").unwrap(),
            "0.0.0.0:80".parse().unwrap()
        );
        assert!(ui_address("kantor:80").is_err());
    }

    /// `--no-ui` is the one way to turn the UI off; `--ui off` is not an address.
    #[test]
    fn the_ui_is_turned_off_one_way() {
        for off in ["off", "no", "none", "false", ""] {
            let failure = ui_address(off).unwrap_err();
            for lang in [antar_shared::Lang::Id, antar_shared::Lang::En] {
                let text = failure.text(Tr::new(lang));
                assert!(text.contains("--no-ui"), "{text}");
                assert!(text.contains(&format!("{off:?}")), "{text}");
            }
        }
        let parsed = |args: &[&str]| match Cli::try_parse_from(args).unwrap().command {
            Command::Run(run) => run,
            other => panic!("{other:?}"),
        };
        let run = parsed(&["antar-agent", "run", "--no-ui"]);
        assert!(run.no_ui);
        let run = parsed(&[
            "antar-agent",
            "run",
            "--ui",
            "127.0.0.1:0",
            "--interval",
            "5",
        ]);
        assert!(!run.no_ui);
        assert_eq!(ui_address(&run.ui).unwrap(), "127.0.0.1:0".parse().unwrap());
        assert_eq!(run.interval, 5);
    }

    #[test]
    fn the_help_does_not_offer_ui_off() {
        use clap::CommandFactory;
        let mut cli = Cli::command();
        let run = cli.find_subcommand_mut("run").unwrap();
        let help = run.render_long_help().to_string();
        assert!(help.contains("--no-ui"), "{help}");
        assert!(
            !help.contains("or off") && !help.contains("atau off"),
            "{help}"
        );
    }
}

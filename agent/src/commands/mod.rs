//! What each command does and prints, one file each with its arguments and its `run`.
//! People read stderr (Indonesian first, `--lang en` for English; every word from
//! `cli.ftl` and `errors.ftl`); data (`--json`, lists) goes to stdout (see [`output`]).

pub mod backup;
pub mod clerks;
pub mod config;
pub mod doctor;
pub mod enroll;
pub mod handover;
pub mod list;
pub mod output;
pub mod receipt;
pub mod receive;
pub mod resolve;
pub mod send_back;
pub mod serve;
pub mod status;
pub mod sync;

use std::path::Path;

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use crate::cli::{Cli, Command, ConfigCommand};
use crate::replica::{Replica, ReplicaError};

pub use crate::failure::Failure;

/// A replica failure, naming the newest backup where it advises a restore.
pub fn replica_failure(dir: &Path) -> impl Fn(ReplicaError) -> Failure + Copy + '_ {
    move |e| Failure::from(e.naming_backup(dir))
}

/// Runs a command.
pub async fn run(cli: Cli, lang: Lang) -> Result<(), Failure> {
    let dir = cli.data_dir;
    let tr = Tr::new(lang);
    // These work on a replica that may not open (or need none).
    let command = match cli.command {
        Command::Config(ConfigCommand::Check) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            return config::check(&cmd, cli.loaded.as_ref(), tr);
        }
        Command::Doctor(args) => return doctor::run(&dir, tr, args).await,
        Command::Restore(args) => return backup::restore(&dir, tr, args).await,
        other => other,
    };
    let replica = Replica::open(&dir).await.map_err(replica_failure(&dir))?;
    match command {
        Command::Enroll(args) => enroll::run(&replica, tr, args).await,
        Command::Sync => sync::run(&replica, tr).await,
        Command::Run(args) => serve::run(&replica, tr, args).await,
        Command::List(args) => list::run(&replica, tr, args).await,
        Command::Receive(args) => receive::run(&replica, tr, args).await,
        Command::Handover(args) => handover::run(&replica, tr, args).await,
        Command::Receipt(args) => receipt::run(&replica, tr, args).await,
        Command::Return(args) => send_back::run(&replica, tr, args).await,
        Command::Resolve(args) => resolve::run(&replica, tr, args).await,
        Command::Status(args) => status::run(&replica, tr, args).await,
        Command::Backup(args) => backup::backup(&replica, tr, args).await,
        Command::Clerk(command) => clerks::run(&replica, tr, command).await,
        // Run above, before the replica is opened.
        Command::Doctor(_) | Command::Restore(_) | Command::Config(_) => Ok(()),
    }
}

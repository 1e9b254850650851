//! `antar-agent clerk add|pin|list|remove`: the clerk accounts LAN mode logs in with,
//! managed by the desa's head clerk on the box itself (a shell on the box is the
//! authority: whoever has it can read the data file anyway).

use std::io::BufRead;

use antar_shared::i18n::Tr;

use super::output::{Out, note};
use crate::accounts::{self, AccountError};
use crate::failure::Failure;
use crate::replica::Replica;

/// The `clerk` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ClerkCommand {
    /// Tambah petugas; PIN dibuat acak dan dicetak sekali (atau --pin-stdin) / add a
    /// clerk; a random PIN is made and printed once (or --pin-stdin).
    ///
    /// Contoh / example: antar-agent clerk add "Nurul Hamzah" --head
    Add(AddArgs),
    /// PIN baru (membuka kunci, mengeluarkan sesi lama) / a new PIN (unlocks the
    /// account, ends its sessions).
    Pin(PinArgs),
    /// Daftar petugas / list the clerks.
    List,
    /// Hapus petugas / remove a clerk.
    Remove(NameArgs),
}

/// The arguments of `clerk add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Nama petugas (dicatat pada penyerahan) / the clerk's name (recorded on handovers).
    pub name: String,
    /// Kepala urusan: mengelola akun lain / the head clerk, who manages the others.
    #[arg(long)]
    pub head: bool,
    /// Baca PIN (6–12 angka) dari stdin / read the PIN (6–12 digits) from stdin.
    #[arg(long)]
    pub pin_stdin: bool,
}

/// The arguments of `clerk pin`.
#[derive(Debug, clap::Args)]
pub struct PinArgs {
    /// Nama petugas / the clerk's name.
    pub name: String,
    /// Baca PIN (6–12 angka) dari stdin / read the PIN (6–12 digits) from stdin.
    #[arg(long)]
    pub pin_stdin: bool,
}

/// A clerk's name.
#[derive(Debug, clap::Args)]
pub struct NameArgs {
    /// Nama petugas / the clerk's name.
    pub name: String,
}

fn failure(e: AccountError) -> Failure {
    match e {
        AccountError::Replica(inner) => Failure::from(inner),
        AccountError::Hash(ref why) => {
            let why = why.clone();
            Failure::of(&e).caused_by(std::io::Error::other(why))
        }
        other => Failure::of(&other),
    }
}

/// The PIN from one line of stdin, or a new random one (then printed on stdout, once).
fn pin(from_stdin: bool) -> Result<(String, bool), Failure> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::new("clerk_account.pin_unreadable").caused_by(e))?;
        Ok((line.trim().to_owned(), false))
    } else {
        Ok((accounts::new_pin().map_err(failure)?, true))
    }
}

/// Runs a `clerk` subcommand.
pub async fn run(replica: &Replica, tr: Tr, command: ClerkCommand) -> Result<(), Failure> {
    match command {
        ClerkCommand::Add(args) => {
            let (pin, made) = pin(args.pin_stdin)?;
            let name = accounts::add(replica, &args.name, &pin, args.head)
                .await
                .map_err(failure)?;
            note(tr.t1("agent-clerk-added", "name", &name));
            if made {
                note(tr.t("agent-clerk-pin-printed"));
                Out::stdout().line(pin)?;
            }
        }
        ClerkCommand::Pin(args) => {
            let (pin, made) = pin(args.pin_stdin)?;
            accounts::set_pin(replica, &args.name, &pin)
                .await
                .map_err(failure)?;
            note(tr.t1("agent-clerk-pin-set", "name", args.name.trim()));
            if made {
                note(tr.t("agent-clerk-pin-printed"));
                Out::stdout().line(pin)?;
            }
        }
        ClerkCommand::List => {
            let now = crate::now();
            let mut out = Out::stdout();
            for clerk in replica.clerks().await.map_err(Failure::from)? {
                let mut line = clerk.name.clone();
                if clerk.head {
                    line.push_str(&format!("\t{}", tr.t("agent-clerk-head")));
                }
                if clerk.locked_until > now {
                    line.push_str(&format!("\t{}", tr.t("agent-clerk-locked")));
                }
                out.line(line)?;
            }
        }
        ClerkCommand::Remove(args) => {
            accounts::remove(replica, &args.name)
                .await
                .map_err(failure)?;
            note(tr.t1("agent-clerk-removed", "name", args.name.trim()));
        }
    }
    Ok(())
}

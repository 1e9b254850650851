//! A NIK typed at a prompt or piped in, for the command lines of both binaries.
//!
//! A NIK on the command line sits in the shell history and, while the command runs, in
//! every local user's process list (`ps`). So commands that need one (`handover`,
//! `dispatch issue`, a search by NIK) take `--nik-stdin` and read it here instead.

use std::io::{BufRead, IsTerminal, Write};

use thiserror::Error;

use crate::lang::Localized;

/// Why no NIK came from standard input.
#[derive(Debug, Error)]
pub enum NikInputError {
    /// Standard input could not be read.
    #[error("the NIK could not be read from standard input: {0}")]
    Unreadable(#[source] std::io::Error),
    /// An empty line, or nothing at all.
    #[error("no NIK on standard input")]
    Empty,
}

impl Localized for NikInputError {
    fn code(&self) -> &'static str {
        match self {
            NikInputError::Unreadable(_) => "nik.stdin_unreadable",
            NikInputError::Empty => "nik.stdin_empty",
        }
    }
}

/// One line from standard input, trimmed. On a terminal the `prompt` is shown on
/// standard error first (standard output stays for the command's result); from a pipe
/// nothing is shown.
pub fn read_from_stdin(prompt: &str) -> Result<String, NikInputError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let mut err = std::io::stderr();
        // A prompt that cannot be shown still leaves the line to be typed.
        let _ = write!(err, "{prompt} ");
        let _ = err.flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(NikInputError::Unreadable)?;
    let nik = line.trim();
    if nik.is_empty() {
        return Err(NikInputError::Empty);
    }
    Ok(nik.to_owned())
}

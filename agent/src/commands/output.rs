//! How the commands speak. People read stderr, in the language of `--lang` (the words
//! are the `agent-*` keys of `cli.ftl`); data (`--json`, lists, reports) goes to stdout
//! through [`Out`], which a reader that stops early (`antar-agent list | head`) does
//! not turn into a failure.

use std::fmt::Display;
use std::io::{self, Write};

use antar_shared::i18n::Tr;

use crate::failure::Failure;
use antar_shared::i18n::io_why;

/// A line on stderr, for the person at the terminal (already in their language). A
/// stderr that cannot be written to is no reason to stop the work.
pub fn note(line: impl Display) {
    let _ = writeln!(io::stderr(), "{line}");
}

/// The warning for a device clock that differs from the server's by `skew` seconds
/// (positive: ahead).
pub fn skew_warning(tr: Tr, skew: i64) -> String {
    let minutes = skew.abs() / 60;
    if skew > 0 {
        tr.t1("agent-skew-ahead", "minutes", minutes)
    } else {
        tr.t1("agent-skew-behind", "minutes", minutes)
    }
}

/// Where a command writes its data: stdout, line by line. When the reader has gone (a
/// closed pipe), the rest is dropped quietly and the command ends as it would have, with
/// exit code 0; any other write failure is reported.
#[derive(Debug)]
pub struct Out<W: Write = io::Stdout> {
    writer: W,
    closed: bool,
}

impl Out {
    /// Standard output.
    pub fn stdout() -> Self {
        Out::new(io::stdout())
    }
}

impl<W: Write> Out<W> {
    /// Data written to `writer`.
    pub fn new(writer: W) -> Self {
        Out {
            writer,
            closed: false,
        }
    }

    /// Writes one line (each line reaches the reader as it is written).
    pub fn line(&mut self, text: impl Display) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let written = writeln!(self.writer, "{text}").and_then(|()| self.writer.flush());
        match written {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Failure::new("command.output")
                .arg("why", io_why(&e))
                .caused_by(e)),
        }
    }

    /// Writes a value as pretty JSON.
    pub fn json(&mut self, value: &impl serde::Serialize) -> Result<(), Failure> {
        let text = serde_json::to_string_pretty(value).map_err(|e| {
            Failure::new("command.output")
                .arg("why", "other")
                .caused_by(e)
        })?;
        self.line(text)
    }

    /// Whether the reader has gone.
    pub fn closed(&self) -> bool {
        self.closed
    }
}

#[cfg(test)]
mod tests {
    use antar_shared::Lang;

    use super::*;

    /// A pipe whose reader has gone after `room` bytes, or a disk that is full.
    struct Gone {
        room: usize,
        kind: io::ErrorKind,
        got: Vec<u8>,
    }

    impl Write for Gone {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.got.len() + buf.len() > self.room {
                return Err(io::Error::from(self.kind));
            }
            self.got.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_reader_that_leaves_ends_the_data_quietly() {
        let mut out = Out::new(Gone {
            room: 6,
            kind: io::ErrorKind::BrokenPipe,
            got: Vec::new(),
        });
        assert!(out.line("satu").is_ok());
        assert!(!out.closed());
        assert!(out.line("dua").is_ok());
        assert!(out.closed());
        assert!(out.line("tiga").is_ok());
        assert_eq!(out.writer.got, b"satu\n");
    }

    #[test]
    fn other_write_failures_are_reported() {
        let mut out = Out::new(Gone {
            room: 0,
            kind: io::ErrorKind::StorageFull,
            got: Vec::new(),
        });
        let failure = out.line("satu").unwrap_err();
        let id = failure.text(Tr::new(Lang::Id));
        assert_eq!(id, "Keluaran tidak bisa ditulis (disk penuh)");
        let en = failure.text(Tr::new(Lang::En));
        assert!(en.starts_with("The output cannot be written"), "{en}");
        assert!(
            failure.cause().is_some(),
            "the system's words go to the log"
        );
    }

    #[test]
    fn skew_is_said_in_minutes_both_ways() {
        let warning = skew_warning(Tr::new(Lang::Id), 600);
        assert!(warning.contains("lebih cepat 10 menit"), "{warning}");
        let warning = skew_warning(Tr::new(Lang::En), -600);
        assert!(warning.contains("10 minutes behind"), "{warning}");
    }
}

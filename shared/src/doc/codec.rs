//! How an op is stored: the one codec for the server's database and the agent's replica.
//!
//! A stored body is a format byte followed by the op body in postcard (the sync
//! protocol's binary encoding). The format byte lets a newer Antar tell data written by
//! an older one from corruption, and say which it is.

use thiserror::Error;

use super::ids::ActorId;
use super::op::{Op, OpBody};
use crate::lang::Localized;
use crate::time::UnixTime;

/// The format this build writes (and the only one it reads).
pub const FORMAT: u8 = 3;

/// A stored op that cannot be read back, or one that cannot be written.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CodecError {
    /// The stored body is empty.
    #[error("empty op body")]
    Empty,
    /// Written by another version of Antar.
    #[error("op body in format {0}; this build reads format {FORMAT}")]
    OtherFormat(u8),
    /// The bytes do not decode (corruption).
    #[error("op body does not decode: {0}")]
    Malformed(String),
    /// The actor or counter columns are out of range.
    #[error("op id out of range")]
    BadId,
}

impl Localized for CodecError {
    fn code(&self) -> &'static str {
        match self {
            CodecError::Empty => "op.stored_empty",
            CodecError::OtherFormat(_) => "op.stored_other_format",
            CodecError::Malformed(_) => "op.stored_malformed",
            CodecError::BadId => "op.stored_bad_id",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            CodecError::OtherFormat(v) => {
                vec![("format", v.to_string()), ("supported", FORMAT.to_string())]
            }
            CodecError::Empty | CodecError::Malformed(_) | CodecError::BadId => Vec::new(),
        }
    }
}

/// The body as stored.
pub fn encode_body(body: &OpBody) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![FORMAT];
    postcard::to_io(body, &mut out).map_err(|e| CodecError::Malformed(e.to_string()))?;
    Ok(out)
}

/// A stored body read back.
pub fn decode_body(bytes: &[u8]) -> Result<OpBody, CodecError> {
    let (&format, rest) = bytes.split_first().ok_or(CodecError::Empty)?;
    if format != FORMAT {
        // Formats are numbered from 1 and few; any other first byte is damage.
        return Err(if (1..=15).contains(&format) {
            CodecError::OtherFormat(format)
        } else {
            CodecError::Malformed(format!("unknown format byte {format}"))
        });
    }
    let (body, trailing) = postcard::take_from_bytes::<OpBody>(rest)
        .map_err(|e| CodecError::Malformed(e.to_string()))?;
    if !trailing.is_empty() {
        return Err(CodecError::Malformed("trailing bytes".into()));
    }
    Ok(body)
}

/// A stored op from its columns (integers as the databases keep them).
pub fn decode_op(actor: i64, counter: i64, time: i64, body: &[u8]) -> Result<Op, CodecError> {
    let actor = u32::try_from(actor).map_err(|_| CodecError::BadId)?;
    let counter = u64::try_from(counter)
        .ok()
        .filter(|c| *c > 0)
        .ok_or(CodecError::BadId)?;
    Ok(Op {
        dot: crdts::Dot::new(ActorId(actor), counter),
        time: UnixTime(time),
        body: decode_body(body)?,
    })
}

/// The canonical bytes of a whole op (dot, time, body), for hashing: every replica
/// computes the same bytes for the same op.
pub fn op_bytes(op: &Op) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![FORMAT];
    postcard::to_io(
        &(op.dot.actor.0, op.dot.counter, op.time.0, &op.body),
        &mut out,
    )
    .map_err(|e| CodecError::Malformed(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::DispatchId;
    use crate::text::NoteText;

    fn note() -> OpBody {
        OpBody::Note {
            dispatch: DispatchId(crate::tracking::TrackingCode::from_bits(42).unwrap()),
            text: NoteText::parse("Sampul basah").unwrap(),
        }
    }

    #[test]
    fn round_trip_and_clear_errors() {
        let bytes = encode_body(&note()).unwrap();
        assert_eq!(decode_body(&bytes).unwrap(), note());
        assert_eq!(decode_body(&[]), Err(CodecError::Empty));
        let mut old = bytes.clone();
        old[0] = 1;
        assert_eq!(decode_body(&old), Err(CodecError::OtherFormat(1)));
        assert!(matches!(
            decode_body(&[FORMAT, 0xff, 0x00, 0xff]),
            Err(CodecError::Malformed(_))
        ));
        let mut long = bytes.clone();
        long.push(0);
        assert!(matches!(decode_body(&long), Err(CodecError::Malformed(_))));
        assert_eq!(decode_op(-1, 1, 0, &bytes), Err(CodecError::BadId));
        assert_eq!(decode_op(1, 0, 0, &bytes), Err(CodecError::BadId));
    }
}

//! Encoding sync messages: JSON for people and tools, postcard for the 2G link.
//!
//! Decoding is strict: the protocol version is read first and checked, the body must be
//! within [`MAX_MESSAGE_BYTES`], JSON may not carry unknown fields, binary may not carry
//! trailing bytes, and every text and list inside has its own limit. A message that
//! fails any of these is refused whole.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::message::{PROTOCOL_VERSION, SyncRequest, SyncResponse};
use crate::lang::Localized;

/// The largest encoded message accepted (after HTTP decompression).
pub const MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

/// How a message is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `application/json`, readable, for tools and debugging.
    Json,
    /// `application/vnd.antar.sync+postcard`: compact, for agents.
    Binary,
}

impl Format {
    /// The media type for `Content-Type` and `Accept`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Binary => "application/vnd.antar.sync+postcard",
        }
    }

    /// The format for a `Content-Type` value (parameters ignored).
    pub fn from_media_type(value: &str) -> Option<Format> {
        let essence = value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        [Format::Json, Format::Binary]
            .into_iter()
            .find(|f| f.media_type() == essence)
    }

    /// Encodes a message.
    pub fn encode<T: Serialize>(self, message: &T) -> Result<Vec<u8>, WireError> {
        match self {
            Format::Json => serde_json::to_vec(message).map_err(|e| json_error(&e)),
            Format::Binary => postcard::to_stdvec(message).map_err(binary_error),
        }
    }

    /// Decodes a request, checking version and limits.
    pub fn decode_request(self, bytes: &[u8]) -> Result<SyncRequest, WireError> {
        self.decode(bytes)
    }

    /// Decodes a response, checking version and limits.
    pub fn decode_response(self, bytes: &[u8]) -> Result<SyncResponse, WireError> {
        self.decode(bytes)
    }

    fn decode<T: DeserializeOwned>(self, bytes: &[u8]) -> Result<T, WireError> {
        if bytes.len() > MAX_MESSAGE_BYTES {
            return Err(WireError::TooLarge {
                len: bytes.len(),
                max: MAX_MESSAGE_BYTES,
            });
        }
        match self {
            Format::Json => {
                #[derive(Deserialize)]
                struct Probe {
                    protocol: Option<u16>,
                }
                let probe: Probe = serde_json::from_slice(bytes).map_err(|e| json_error(&e))?;
                check_version(probe.protocol.unwrap_or(0))?;
                serde_json::from_slice(bytes).map_err(|e| json_error(&e))
            }
            Format::Binary => {
                let (version, _) = postcard::take_from_bytes::<u16>(bytes).map_err(binary_error)?;
                check_version(version)?;
                let (message, rest) =
                    postcard::take_from_bytes::<T>(bytes).map_err(binary_error)?;
                if !rest.is_empty() {
                    return Err(WireError::Trailing(rest.len()));
                }
                Ok(message)
            }
        }
    }
}

/// What kind of fault made a message unreadable: the words a person reads come from
/// this (`sync-malformed` chooses by it); the decoder's own text is for the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The message ends too early.
    Truncated,
    /// Not the syntax of the encoding (JSON syntax, a badly encoded number or flag).
    Encoding,
    /// A text that is not valid UTF-8.
    Utf8,
    /// A variant this build does not know.
    Variant,
    /// A value that is invalid or over a limit (text length, list size, code, counter),
    /// or a field missing or unknown.
    Invalid,
}

impl Fault {
    /// The selector `sync-malformed` chooses its words by.
    pub fn code(self) -> &'static str {
        match self {
            Fault::Truncated => "truncated",
            Fault::Encoding => "encoding",
            Fault::Utf8 => "utf8",
            Fault::Variant => "variant",
            Fault::Invalid => "invalid",
        }
    }
}

fn json_error(error: &serde_json::Error) -> WireError {
    use serde_json::error::Category;
    let fault = match error.classify() {
        Category::Eof => Fault::Truncated,
        Category::Syntax | Category::Io => Fault::Encoding,
        Category::Data => Fault::Invalid,
    };
    WireError::Malformed {
        fault,
        detail: error.to_string(),
    }
}

/// Postcard drops the text of custom errors, so say at least which kind of fault it was.
fn binary_error(error: postcard::Error) -> WireError {
    use postcard::Error as P;
    let fault = match error {
        P::DeserializeUnexpectedEnd => Fault::Truncated,
        P::DeserializeBadUtf8 => Fault::Utf8,
        P::DeserializeBadEnum | P::DeserializeBadOption => Fault::Variant,
        P::SerdeDeCustom => Fault::Invalid,
        _ => Fault::Encoding,
    };
    WireError::Malformed {
        fault,
        detail: error.to_string(),
    }
}

fn check_version(version: u16) -> Result<(), WireError> {
    if version == PROTOCOL_VERSION {
        Ok(())
    } else {
        Err(WireError::UnsupportedVersion(version))
    }
}

/// A message that could not be decoded. Nothing in it was applied.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WireError {
    /// Larger than [`MAX_MESSAGE_BYTES`].
    #[error("message too large: {len} bytes, at most {max}")]
    TooLarge {
        /// Its size.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A protocol version this build does not speak.
    #[error("protocol version {0} is not supported (this one: {PROTOCOL_VERSION})")]
    UnsupportedVersion(u16),
    /// Not a valid message (bad syntax, unknown field, value out of range...).
    #[error("malformed message: {detail}")]
    Malformed {
        /// What kind of fault, for the person reading the error.
        fault: Fault,
        /// The decoder's own words, for the log.
        detail: String,
    },
    /// Bytes left over after a complete binary message.
    #[error("{0} trailing bytes at the end of the message")]
    Trailing(usize),
}

impl Localized for WireError {
    fn code(&self) -> &'static str {
        match self {
            WireError::TooLarge { .. } => "sync.too_large",
            WireError::UnsupportedVersion(_) => "sync.unsupported_version",
            WireError::Malformed { .. } => "sync.malformed",
            WireError::Trailing(_) => "sync.trailing_bytes",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            WireError::TooLarge { len, max } => {
                vec![("len", len.to_string()), ("max", max.to_string())]
            }
            WireError::UnsupportedVersion(v) => vec![
                ("version", v.to_string()),
                ("supported", PROTOCOL_VERSION.to_string()),
            ],
            WireError::Malformed { fault, .. } => vec![("fault", fault.code().to_owned())],
            WireError::Trailing(n) => vec![("n", n.to_string())],
        }
    }
}

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
            Format::Json => {
                serde_json::to_vec(message).map_err(|e| WireError::Malformed(e.to_string()))
            }
            Format::Binary => {
                postcard::to_stdvec(message).map_err(|e| WireError::Malformed(e.to_string()))
            }
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
        let malformed = |e: &dyn std::fmt::Display| WireError::Malformed(e.to_string());
        match self {
            Format::Json => {
                #[derive(Deserialize)]
                struct Probe {
                    protocol: Option<u16>,
                }
                let probe: Probe = serde_json::from_slice(bytes).map_err(|e| malformed(&e))?;
                check_version(probe.protocol.unwrap_or(0))?;
                serde_json::from_slice(bytes).map_err(|e| malformed(&e))
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

/// Postcard drops the text of custom errors, so say at least which kind of fault it was.
fn binary_error(error: postcard::Error) -> WireError {
    use postcard::Error as P;
    let what = match error {
        P::DeserializeUnexpectedEnd => "the message ends too early (truncated)",
        P::DeserializeBadVarint | P::DeserializeBadBool | P::DeserializeBadChar => {
            "a number or flag is badly encoded"
        }
        P::DeserializeBadUtf8 => "a text is not valid UTF-8",
        P::DeserializeBadEnum | P::DeserializeBadOption => "an unknown variant",
        P::SerdeDeCustom => {
            "a value is invalid or over a limit (text length, list size, code, counter)"
        }
        _ => "not a sync message",
    };
    WireError::Malformed(what.to_owned())
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
    #[error("malformed message: {0}")]
    Malformed(String),
    /// Bytes left over after a complete binary message.
    #[error("{0} trailing bytes at the end of the message")]
    Trailing(usize),
}

impl Localized for WireError {
    fn code(&self) -> &'static str {
        match self {
            WireError::TooLarge { .. } => "sync.too_large",
            WireError::UnsupportedVersion(_) => "sync.unsupported_version",
            WireError::Malformed(_) => "sync.malformed",
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
            WireError::Malformed(detail) => vec![("detail", detail.clone())],
            WireError::Trailing(n) => vec![("n", n.to_string())],
        }
    }
}

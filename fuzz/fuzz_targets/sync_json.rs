//! The server's decoder for a JSON sync request (`application/json`), and the agent's
//! for a response: any bytes give a message or a typed error, never a panic, and a
//! message read encodes back to something that reads as the same message.
#![no_main]

use antar_shared::sync::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| antar_fuzz::round_trip(Format::Json, data));

//! A sync request sent with `Content-Encoding: gzip`, as the server reads it: inflated
//! with the body limit applied to the inflated bytes (a gzip bomb stops at the limit),
//! then decoded. Broken gzip is an error, never a panic.
#![no_main]

use std::io::Read;

use antar_shared::sync::{Format, MAX_MESSAGE_BYTES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut inflated = Vec::new();
    let limit = MAX_MESSAGE_BYTES as u64 + 1;
    if flate2::read::GzDecoder::new(data)
        .take(limit)
        .read_to_end(&mut inflated)
        .is_err()
    {
        return;
    }
    for format in [Format::Binary, Format::Json] {
        antar_fuzz::round_trip(format, &inflated);
    }
});

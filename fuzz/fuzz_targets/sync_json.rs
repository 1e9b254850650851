//! The server's decoder for a JSON sync request (`application/json`), and the agent's for a
//! response: any bytes give a message or a typed error, never a panic, and a message
//! read encodes back to something that reads as the same message.
#![no_main]

use antar_shared::sync::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    antar_fuzz_common(Format::Json, data);
});

fn antar_fuzz_common(format: Format, data: &[u8]) {
    if let Ok(request) = format.decode_request(data) {
        let again = format.encode(&request).expect("a decoded request encodes");
        assert_eq!(
            format.decode_request(&again).expect("and reads back"),
            request
        );
    }
    if let Ok(response) = format.decode_response(data) {
        let again = format
            .encode(&response)
            .expect("a decoded response encodes");
        assert_eq!(
            format.decode_response(&again).expect("and reads back"),
            response
        );
    }
}

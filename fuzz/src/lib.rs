//! What the decoder targets share: a message read must re-encode to something that
//! reads as the same message.

use antar_shared::sync::Format;

/// Decodes `data` as a request and as a response in `format`; whatever decodes must
/// survive encoding and decoding again unchanged.
pub fn round_trip(format: Format, data: &[u8]) {
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

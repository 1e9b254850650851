//! QR codes as inline SVG, for what is printed (manifests, residents' slips, handover
//! receipts) by the server and the agent alike: vector, so they stay sharp on any
//! printer, and no image file to serve.

use qrcode::render::svg;

/// The QR code of `text` (error correction M, with its quiet zone), at least
/// `min_size` pixels wide, and its version (1–40); `None` when the text does not fit.
/// The encoder picks the densest mode per segment, so a receipt's base45 text is
/// written in the alphanumeric mode (5.5 bits a character).
pub fn svg(text: &str, min_size: u32) -> Option<(String, i16)> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let version = match code.version() {
        qrcode::Version::Normal(v) | qrcode::Version::Micro(v) => v,
    };
    let image = code
        .render::<svg::Color>()
        .min_dimensions(min_size, min_size)
        .quiet_zone(true)
        .build();
    // Inline in HTML: drop the XML declaration.
    let inline = match image.find("<svg") {
        Some(at) => image[at..].to_owned(),
        None => image,
    };
    Some((inline, version))
}

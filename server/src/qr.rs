//! QR codes as inline SVG, for what is printed (manifests, residents' slips): vector,
//! so they stay sharp on any printer, and no image file to serve.

use qrcode::render::svg;

/// The QR code of `text` (error correction M, with its quiet zone), or nothing when it
/// cannot be made (logged): a sheet without one QR still prints.
pub fn svg(text: &str, min_size: u32) -> String {
    match qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => {
            let image = code
                .render::<svg::Color>()
                .min_dimensions(min_size, min_size)
                .quiet_zone(true)
                .build();
            // Inline in HTML: drop the XML declaration.
            match image.find("<svg") {
                Some(at) => image[at..].to_owned(),
                None => image,
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "QR code could not be made");
            String::new()
        }
    }
}

//! QR codes as inline SVG for the server's printed pages (manifests, residents' slips):
//! [`antar_shared::web::qr`], with a failure logged rather than shown.

/// The QR code of `text`, or nothing when it cannot be made (logged): a sheet without
/// one QR still prints.
pub fn svg(text: &str, min_size: u32) -> String {
    match antar_shared::web::qr::svg(text, min_size) {
        Some((svg, _version)) => svg,
        None => {
            tracing::warn!(length = text.len(), "QR code could not be made");
            String::new()
        }
    }
}

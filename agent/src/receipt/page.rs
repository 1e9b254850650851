//! The printable receipt, the same page for the clerk's UI and the `receipt` command:
//! a 58 mm thermal slip or an A6 sheet, the QR large, the facts in Indonesian first.

use antar_shared::i18n::Tr;
use antar_shared::region;
use askama::Template;

use super::{Layout, Printed};

/// The page.
#[derive(Template, Debug)]
#[template(path = "clerk/receipt.html")]
pub struct ReceiptPage {
    tr: Tr,
    layout: &'static str,
    other_layout: &'static str,
    other_layout_label: String,
    code: String,
    desa_name: String,
    kind: String,
    at: String,
    relation: String,
    clerk: String,
    device: u32,
    qr: String,
    verify_address: String,
    /// The print button and links (the UI's page; not in a file from the CLI).
    with_tools: bool,
    /// The stylesheet inside the page (a file from the CLI), not linked (the UI, whose
    /// content security policy refuses inline styles).
    css: &'static str,
}

/// The receipt's stylesheet.
pub const CSS: &str = include_str!("../../assets/receipt.css");

impl ReceiptPage {
    /// The page for `printed`; `server` is the Dukcapil server's address, where
    /// `/verifikasi` checks it.
    pub fn new(
        tr: Tr,
        printed: &Printed,
        layout: Layout,
        server: &str,
        with_tools: bool,
    ) -> ReceiptPage {
        let s = &printed.statement;
        let other = match layout {
            Layout::Thermal58 => Layout::A6,
            Layout::A6 => Layout::Thermal58,
        };
        ReceiptPage {
            tr,
            layout: layout.code(),
            other_layout: other.code(),
            other_layout_label: other.code().to_uppercase(),
            code: s.code.to_string(),
            desa_name: region::lookup(s.desa)
                .map(|r| r.name.to_owned())
                .unwrap_or_else(|| s.desa.to_string()),
            kind: tr.kind(s.kind),
            at: format!("{} WITA", s.at.wita()),
            relation: tr.relation(s.relation),
            clerk: s.clerk.as_str().to_owned(),
            device: s.device.0,
            qr: printed.qr.clone(),
            verify_address: format!("{}/verifikasi", server.trim_end_matches('/')),
            with_tools,
            css: if with_tools { "" } else { CSS },
        }
    }
}

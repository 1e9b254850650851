//! The resident's handover receipt, made at the desa office: the handover as the
//! replica holds it, signed with this device's receipt key and carrying the server's
//! certificate of that key (`antar_shared::receipt` has the format). Printed from the
//! clerk's UI or the `receipt` command on a 58 mm thermal printer or A6 paper; the same
//! handover always gives the same receipt.
//!
//! [`upload`] sends each receipt of this device's handovers to the server before a
//! sync, so the resident gets it by WhatsApp with the handed-over notice.

pub mod page;
pub mod upload;

use antar_shared::doc::{DesaDoc, Outcome};
use antar_shared::receipt::Statement;
use antar_shared::tracking::TrackingCode;

use crate::clerk::{self, ClerkError};
use crate::replica::{Enrollment, Replica};

/// A receipt ready to print.
#[derive(Clone, Debug)]
pub struct Printed {
    /// Its text (`AR1:…`), which the QR holds.
    pub text: String,
    /// What it says.
    pub statement: Statement,
    /// The QR as inline SVG.
    pub qr: String,
    /// The QR's version (its size: 17 + 4 × version modules a side).
    pub qr_version: i16,
}

/// Paper sizes the clerk can print on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Layout {
    /// A 58 mm thermal roll (48 mm printable), the common desa office printer.
    #[default]
    Thermal58,
    /// A6 paper (105 × 148 mm), a quarter of an A4 sheet.
    A6,
}

impl Layout {
    /// From the form or the command line (`58mm`, `a6`).
    pub fn parse(text: &str) -> Option<Layout> {
        match text.trim().to_ascii_lowercase().as_str() {
            "58" | "58mm" | "thermal" => Some(Layout::Thermal58),
            "a6" => Some(Layout::A6),
            _ => None,
        }
    }

    /// Its name in forms and addresses.
    pub fn code(self) -> &'static str {
        match self {
            Layout::Thermal58 => "58mm",
            Layout::A6 => "a6",
        }
    }
}

/// The handover of `code` as this device states it.
pub fn statement(
    doc: &DesaDoc,
    me: &Enrollment,
    code: TrackingCode,
) -> Result<Statement, ClerkError> {
    let dispatch = clerk::find(doc, code)?;
    let outcomes = dispatch.outcomes();
    let handovers: Vec<_> = outcomes
        .iter()
        .filter_map(|entry| match &entry.value {
            Outcome::HandedOver(handover) => Some((entry.at, handover)),
            _ => None,
        })
        .collect();
    let args = vec![("code", code.to_string())];
    match (handovers.as_slice(), outcomes.len()) {
        ([(at, handover)], 1) => Ok(of_handover(me, code, dispatch.issue.kind, *at, handover)),
        ([], _) => Err(ClerkError::Invalid {
            code: "receipt.not_handed_over",
            args,
        }),
        _ => Err(ClerkError::Invalid {
            code: "receipt.conflict",
            args,
        }),
    }
}

/// What this device states of one handover.
pub fn of_handover(
    me: &Enrollment,
    code: TrackingCode,
    kind: antar_shared::kind::DocumentKind,
    at: antar_shared::time::UnixTime,
    handover: &antar_shared::doc::Handover,
) -> Statement {
    Statement {
        code,
        kind,
        desa: me.desa,
        at,
        relation: handover.relation,
        clerk: handover.clerk.clone(),
        device: me.actor,
    }
}

/// Makes the receipt of `code`'s handover.
pub async fn make(
    replica: &Replica,
    me: &Enrollment,
    code: TrackingCode,
) -> Result<Printed, ClerkError> {
    let doc = replica.current(me.desa).await?;
    let statement = statement(&doc, me, code)?;
    let certificate = replica
        .receipt_certificate()
        .await?
        .ok_or(ClerkError::Invalid {
            code: "receipt.no_certificate",
            args: Vec::new(),
        })?;
    let key = replica.receipt_key().await?;
    let text = key
        .sign(&statement, &certificate)
        .map_err(|e| ClerkError::Invalid {
            code: antar_shared::lang::Localized::code(&e),
            args: Vec::new(),
        })?;
    let (qr, qr_version) = antar_shared::web::qr::svg(&text, 180).unwrap_or_default();
    Ok(Printed {
        text,
        statement,
        qr,
        qr_version,
    })
}

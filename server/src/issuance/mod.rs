//! Issuance: turning finished documents into dispatch records, one at a time or from a
//! CSV batch, and publishing each record's Issue op into its desa document.
//!
//! Issuing is fast (a row per document); publishing computes the slow Argon2id NIK
//! check value (tens of milliseconds, by design) and runs in the background, so a
//! 100,000-row import is acknowledged in seconds and reaches the desa documents as the
//! checks are computed.
//!
//! The dashboard's checked imports wait for the operator's confirmation in [`staging`].

pub mod checker;
pub mod import;
pub mod phone;
pub mod publish;
pub mod spool;
pub mod staging;

use antar_shared::kind::DocumentKind;
use antar_shared::lang::Localized;
use antar_shared::nik::Nik;
use antar_shared::region::{self, VillageCode};
use antar_shared::text::{DocNumber, PersonName, Reason};
use antar_shared::tracking::TrackingCode;

use crate::error::{AppError, ErrorKind, LineError};
use crate::store::dispatches::{Earlier, NewDispatch};

/// The fields of one dispatch as typed (a form, an API call or a CSV row).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchInput {
    /// Kind: a short code (`kk`, `ktp-el`, `akta-kelahiran`…) or the official name.
    pub kind: String,
    /// Document number.
    pub number: String,
    /// Holder's name.
    pub holder_name: String,
    /// Holder's NIK (16 digits).
    pub nik: String,
    /// Destination desa code, dotted or not.
    pub desa_code: String,
    /// Applicant's WhatsApp number (`08…` or `628…`), optional.
    #[serde(default)]
    pub applicant_phone: Option<String>,
    /// The tracking code of an open dispatch of this document that this one replaces
    /// (a misprint): that one is recalled with `replace_reason`. Without it, a document
    /// that already has an open dispatch is refused.
    #[serde(default)]
    pub replaces: Option<String>,
    /// Why the replaced dispatch is recalled (required with `replaces`).
    #[serde(default)]
    pub replace_reason: Option<String>,
}

fn field_error(line: u64, field: &str, error: &impl Localized) -> LineError {
    LineError::from_localized(line, field, error)
}

impl DispatchInput {
    /// Validates every field, collecting all problems (not just the first).
    pub fn validate(&self, line: u64) -> Result<NewDispatch, Vec<LineError>> {
        let mut errors = Vec::new();
        let kind = DocumentKind::parse(&self.kind)
            .map_err(|e| errors.push(field_error(line, "kind", &e)))
            .ok();
        let number = DocNumber::parse(&self.number)
            .map(|n| kind.map_or(n.clone(), |k| k.canonical_number(n)))
            .map_err(|e| errors.push(field_error(line, "number", &e)))
            .ok();
        let holder = PersonName::parse(&self.holder_name)
            .map_err(|e| errors.push(field_error(line, "holder_name", &e)))
            .ok();
        let nik = Nik::parse(&self.nik)
            .map_err(|e| errors.push(field_error(line, "nik", &e)))
            .ok();
        let desa = VillageCode::parse(&self.desa_code)
            .and_then(|code| region::require(code).map(|_| code))
            .map_err(|e| errors.push(field_error(line, "desa_code", &e)))
            .ok();
        let phone = match self
            .applicant_phone
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            None => Some(None),
            Some(p) => phone::normalise(p)
                .map(Some)
                .map_err(|e| errors.push(field_error(line, "applicant_phone", &e)))
                .ok(),
        };
        match (kind, number, holder, nik, desa, phone) {
            (Some(kind), Some(number), Some(holder), Some(nik), Some(desa), Some(phone))
                if errors.is_empty() =>
            {
                Ok(NewDispatch {
                    kind,
                    number,
                    holder,
                    nik,
                    desa,
                    phone,
                })
            }
            _ => Err(errors),
        }
    }
}

impl DispatchInput {
    /// The replacement asked for, if any: the replaced dispatch's code and the reason
    /// for recalling it. Both or neither must be given.
    pub fn replacement(&self, line: u64) -> Result<Option<(TrackingCode, Reason)>, Vec<LineError>> {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        // One code; the message says what is missing by `field`.
        let missing = |field: &str| LineError {
            line,
            field: field.to_owned(),
            code: "dispatch.replace_incomplete",
            args: vec![("field", field.to_owned())],
        };
        match (given(&self.replaces), given(&self.replace_reason)) {
            (None, None) => Ok(None),
            (Some(_), None) => Err(vec![missing("replace_reason")]),
            (None, Some(_)) => Err(vec![missing("replaces")]),
            (Some(code), Some(reason)) => {
                let mut errors = Vec::new();
                let code = TrackingCode::parse(&code)
                    .map_err(|e| errors.push(field_error(line, "replaces", &e)))
                    .ok();
                let reason = Reason::parse(&reason)
                    .map_err(|e| errors.push(field_error(line, "replace_reason", &e)))
                    .ok();
                match (code, reason) {
                    (Some(code), Some(reason)) => Ok(Some((code, reason))),
                    _ => Err(errors),
                }
            }
        }
    }
}

/// The error for input with bad fields.
pub fn invalid_input(details: Vec<LineError>) -> AppError {
    let mut error = AppError::new(ErrorKind::Unprocessable, "dispatch.invalid");
    error.details = details;
    error
}

/// The error for a document that already has an open dispatch (nothing issued), naming
/// the first such dispatch and its status; the details name each (a document issued
/// twice before duplicates were refused has two).
pub fn already_open(dispatch: &NewDispatch, open: &[Earlier]) -> AppError {
    let (code, status) = open
        .first()
        .map(|e| (e.tracking_code.to_string(), e.status.code()))
        .unwrap_or_default();
    let mut error = AppError::new(ErrorKind::Conflict, "dispatch.exists")
        .arg("at", "document")
        .arg("kind", dispatch.kind.code())
        .arg(
            "number",
            dispatch.kind.shown_number(dispatch.number.as_str()),
        )
        .arg("code", code)
        .arg("status", status)
        // The command line spells out the option that would replace it (`cli`).
        .arg("hint", "none");
    error.details = open.iter().map(|e| import::existing_line(0, e)).collect();
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(replaces: Option<&str>, reason: Option<&str>) -> DispatchInput {
        DispatchInput {
            replaces: replaces.map(str::to_owned),
            replace_reason: reason.map(str::to_owned),
            ..Default::default()
        }
    }

    #[test]
    fn a_replacement_needs_both_the_code_and_the_reason() {
        let code = TrackingCode::generate().unwrap();
        assert_eq!(with(None, None).replacement(0).unwrap(), None);
        assert_eq!(with(Some(" "), Some("")).replacement(0).unwrap(), None);
        let (got, reason) = with(Some(&code.to_string()), Some("  Salah  cetak "))
            .replacement(0)
            .unwrap()
            .unwrap();
        assert_eq!((got, reason.as_str()), (code, "Salah cetak"));
        let fields = |input: DispatchInput| -> Vec<String> {
            input
                .replacement(0)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(
            fields(with(Some(&code.to_string()), None)),
            ["replace_reason"]
        );
        assert_eq!(fields(with(None, Some("Salah cetak"))), ["replaces"]);
        assert_eq!(
            fields(with(Some("XXXX-1"), Some("Salah cetak"))),
            ["replaces"]
        );
        let long = "x".repeat(300);
        assert_eq!(
            fields(with(Some(&code.to_string()), Some(&long))),
            ["replace_reason"]
        );
    }
}

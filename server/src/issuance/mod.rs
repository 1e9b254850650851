//! Issuance: turning finished documents into dispatch records, one at a time or from a
//! CSV batch, and publishing each record's Issue op into its desa document.
//!
//! Issuing is fast (a row per document); publishing computes the slow Argon2id NIK
//! check value (tens of milliseconds, by design) and runs in the background, so a
//! 100,000-row import is acknowledged in seconds and reaches the desa documents as the
//! checks are computed.

pub mod import;
pub mod phone;
pub mod publish;

use antar_shared::kind::DocumentKind;
use antar_shared::lang::Localized;
use antar_shared::nik::Nik;
use antar_shared::region::{self, VillageCode};
use antar_shared::text::{DocNumber, PersonName};

use crate::error::{AppError, ErrorKind, LineError};
use crate::store::dispatches::NewDispatch;

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
}

fn field_error(line: u64, field: &str, error: &impl Localized) -> LineError {
    LineError {
        line,
        field: field.to_owned(),
        code: error.code().to_owned(),
        message: error.message(antar_shared::Lang::Id),
        message_en: error.message(antar_shared::Lang::En),
    }
}

impl DispatchInput {
    /// Validates every field, collecting all problems (not just the first).
    pub fn validate(&self, line: u64) -> Result<NewDispatch, Vec<LineError>> {
        let mut errors = Vec::new();
        let kind = DocumentKind::parse(&self.kind)
            .map_err(|e| errors.push(field_error(line, "kind", &e)))
            .ok();
        let number = DocNumber::parse(&self.number)
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

/// The error for input with bad fields.
pub fn invalid_input(details: Vec<LineError>) -> AppError {
    let mut error = AppError::new(
        ErrorKind::Unprocessable,
        "dispatch.invalid",
        "Data kiriman tidak sah; lihat rincian per kolom",
        "Invalid dispatch data; see the details per field",
    );
    error.details = details;
    error
}

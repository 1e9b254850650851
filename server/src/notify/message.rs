//! What a notice says: the tracking code, the kind of document and the desa office,
//! never a NIK or a full name. The Indonesian words are Fluent's (`notice-*`); a
//! WhatsApp template carries the same values as named parameters.

use antar_shared::i18n::Tr;
use antar_shared::region;
use antar_shared::time::{DAY, UnixTime};

use crate::store::dispatches::DispatchRecord;

/// One notice, ready for any provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The event (`issued`, `at_desa`, `reminder`, …).
    pub event: String,
    /// The tracking code as printed.
    pub code: String,
    /// The kind in words (`Kartu Keluarga (KK)`).
    pub kind: String,
    /// The desa office's desa.
    pub desa: String,
    /// The resident's status page.
    pub link: String,
    /// The last day it is kept at the desa, while it waits there.
    pub until: String,
    /// The whole text, in Indonesian (for SMS and the log).
    pub text: String,
    /// The resident wrote to us within 24 hours: WhatsApp takes plain text.
    pub window_open: bool,
    /// WhatsApp said the number has none: by SMS only.
    pub sms_only: bool,
}

impl Notice {
    /// The notice of `event` for this dispatch; `base` is the public address.
    pub fn new(event: &str, record: &DispatchRecord, base: &str, tr: Tr) -> Notice {
        let code = record.tracking_code.to_string();
        let kind = tr.kind(record.kind);
        let desa = region::lookup(record.desa_code)
            .map(|d| d.name.to_owned())
            .unwrap_or_else(|| record.desa_code.to_string());
        let link = format!("{base}/cek/{code}");
        let until = record
            .arrived_at
            .map(|t| {
                UnixTime(t.saturating_add(crate::lookup::keep_days().saturating_mul(DAY)))
                    .wita_date()
            })
            .unwrap_or_default();
        let text = tr.with(
            &format!("notice-{event}"),
            &[
                ("code", code.clone()),
                ("kind", kind.clone()),
                ("desa", desa.clone()),
                ("link", link.clone()),
                ("until", until.clone()),
            ],
        );
        Notice {
            event: event.to_owned(),
            code,
            kind,
            desa,
            link,
            until,
            text,
            window_open: false,
            sms_only: false,
        }
    }

    /// The handed-over notice with the resident's signed receipt: its link opens
    /// `/verifikasi` with the receipt in it (checked, with its QR to keep).
    pub fn with_receipt(mut self, receipt: &str, base: &str, tr: Tr) -> Notice {
        self.link = format!(
            "{base}/verifikasi?r={}",
            antar_shared::web::urlencode(receipt)
        );
        self.text = tr.with(
            "notice-handed_over_receipt",
            &[
                ("code", self.code.clone()),
                ("kind", self.kind.clone()),
                ("desa", self.desa.clone()),
                ("link", self.link.clone()),
            ],
        );
        self
    }

    /// A test message from the dashboard: no dispatch, the words say what it is.
    pub fn test(tr: Tr) -> Notice {
        Notice {
            event: "test".into(),
            code: String::new(),
            kind: String::new(),
            desa: String::new(),
            link: String::new(),
            until: String::new(),
            text: tr.t("notice-test"),
            window_open: false,
            sms_only: false,
        }
    }

    /// The template's named parameters, exactly those its template declares (the Cloud
    /// API refuses any other count, and an empty value): `kode`, `jenis`, `desa`, and
    /// `sampai` for the two that say until when the desa keeps the document, `tautan`
    /// (the receipt's link, else the status page) for the handover.
    pub fn parameters(&self) -> Vec<(&'static str, &str)> {
        if self.event == "test" {
            return Vec::new();
        }
        let mut all = vec![
            ("kode", self.code.as_str()),
            ("jenis", self.kind.as_str()),
            ("desa", self.desa.as_str()),
        ];
        if matches!(self.event.as_str(), "at_desa" | "reminder") {
            all.push(("sampai", self.until.as_str()));
        }
        if self.event == "handed_over" {
            all.push(("tautan", self.link.as_str()));
        }
        all
    }
}

/// The WhatsApp template an event is sent with (registered with Meta under this name,
/// in Indonesian), and its language. The dashboard's test message uses `hello_world`,
/// the template every WhatsApp Business account starts with.
pub fn template_name(event: &str) -> (String, &'static str) {
    match event {
        "test" => ("hello_world".into(), "en_US"),
        _ => (format!("antar_{event}"), "id"),
    }
}

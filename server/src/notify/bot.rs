//! The status bot on the WhatsApp number: a resident writes, it answers like `/cek`.
//!
//! It understands, in any case and spacing: a bare tracking code or `CEK <kode>` (the
//! status, as `/cek` shows it), `BANTUAN` (help), `BERHENTI` / `MULAI` (no more notices
//! to this number / notices again); anything else gets a short help. No answer carries
//! a name or a NIK.

use antar_shared::i18n::Tr;
use antar_shared::tracking::TrackingCode;

use crate::error::AppError;
use crate::store::{Store, now};

/// What a resident asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// A status, by tracking code.
    Check(TrackingCode),
    /// `CEK` with something that is not a code.
    BadCode,
    /// `BANTUAN`.
    Help,
    /// `BERHENTI`.
    Stop,
    /// `MULAI`.
    Start,
    /// Anything else.
    Unknown,
}

/// Reads a message: case and spacing do not matter.
pub fn understand(text: &str) -> Request {
    let words: Vec<String> = text.split_whitespace().map(str::to_uppercase).collect();
    let Some(first) = words.first() else {
        return Request::Unknown;
    };
    match first.as_str() {
        "BANTUAN" | "HELP" | "INFO" => Request::Help,
        "BERHENTI" | "STOP" => Request::Stop,
        "MULAI" | "START" => Request::Start,
        "CEK" => TrackingCode::parse(&words[1..].concat())
            .map(Request::Check)
            .unwrap_or(Request::BadCode),
        _ => TrackingCode::parse(&words.concat())
            .map(Request::Check)
            .unwrap_or(Request::Unknown),
    }
}

/// The answer to `text` from `phone` (`62…`), in Indonesian; a `BERHENTI` or `MULAI`
/// takes effect here.
pub async fn answer(store: &Store, phone: &str, text: &str, tr: Tr) -> Result<String, AppError> {
    Ok(match understand(text) {
        Request::Check(code) => {
            let found = crate::lookup::lookup(store, code, tr).await?;
            if !found.found {
                tr.t1("bot-not-found", "code", code)
            } else {
                let status = found.status.as_deref().unwrap_or_default();
                let mut lines = vec![
                    tr.t2(
                        "bot-status",
                        "code",
                        code,
                        "status",
                        found.status_label.unwrap_or_default(),
                    ),
                    found.kind_label.unwrap_or_default(),
                    tr.t(&format!("cek-advice-{status}")),
                ];
                if matches!(status, "issued" | "in_transit" | "at_desa") {
                    lines.push(tr.t2(
                        "cek-office",
                        "desa",
                        found.pickup_desa.unwrap_or_default(),
                        "kecamatan",
                        found.pickup_kecamatan.unwrap_or_default(),
                    ));
                }
                if let (Some(arrived), Some(until)) = (found.arrived_on, found.kept_until) {
                    lines.push(tr.t2("cek-waiting", "arrived", arrived, "until", until));
                }
                lines.retain(|l| !l.is_empty());
                lines.join("\n")
            }
        }
        Request::BadCode => tr.t("bot-bad-code"),
        Request::Help | Request::Unknown => tr.t("bot-help"),
        Request::Stop => {
            store.set_opt_out(phone, true, now()).await?;
            tr.t("bot-stopped")
        }
        Request::Start => {
            store.set_opt_out(phone, false, now()).await?;
            tr.t("bot-started")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{Request, understand};

    #[test]
    fn reads_codes_and_words_in_any_case_and_spacing() {
        let code = antar_shared::tracking::TrackingCode::from_bits(0x1234_5678_9ABC).unwrap();
        let typed = code.to_string();
        assert_eq!(understand(&typed), Request::Check(code));
        assert_eq!(
            understand(&format!("  cek   {}", typed.to_lowercase())),
            Request::Check(code)
        );
        assert_eq!(
            understand(&format!("CEK {}", typed.replace('-', " "))),
            Request::Check(code)
        );
        assert_eq!(understand("cek 1234"), Request::BadCode);
        assert_eq!(understand(" Bantuan "), Request::Help);
        assert_eq!(understand("berhenti"), Request::Stop);
        assert_eq!(understand("MULAI"), Request::Start);
        assert_eq!(understand("halo pak"), Request::Unknown);
        assert_eq!(understand(""), Request::Unknown);
    }
}

/// What the webhook needs: the tokens Meta was given, and the client that answers.
#[derive(Clone)]
pub struct Hook {
    /// The `hub.verify_token` set in Meta's webhook settings.
    pub verify_token: String,
    /// The app secret that signs every delivery (`X-Hub-Signature-256`).
    pub app_secret: String,
    /// Where answers go; `None` notes messages without answering (a dry run).
    pub replies: Option<super::WhatsApp>,
}

impl std::fmt::Debug for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hook")
            .field("replies", &self.replies)
            .finish_non_exhaustive()
    }
}

impl Hook {
    /// Whether `signature` (`sha256=<hex>`) is the app secret's HMAC-SHA256 of `body`,
    /// compared in constant time.
    pub fn signed(&self, body: &[u8], signature: &str) -> bool {
        let Some(hex) = signature.trim().strip_prefix("sha256=") else {
            return false;
        };
        let Some(tag) = antar_shared::sync::seal::unhex(hex) else {
            return false;
        };
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, self.app_secret.as_bytes());
        ring::hmac::verify(&key, body, &tag).is_ok()
    }
}

#[cfg(test)]
mod signature_tests {
    use super::Hook;

    #[test]
    fn the_fixture_signature_verifies_and_a_changed_byte_does_not() {
        // ../shared/data/whatsapp-cloud-api-fixtures.json, `hmac_check`.
        let hook = Hook {
            verify_token: String::new(),
            app_secret: "secret".into(),
            replies: None,
        };
        let good = "sha256=dc46983557fea127b43af721467eb9b3fde2338fe3e14f51952aa8478c13d355";
        assert!(hook.signed(b"body", good));
        assert!(!hook.signed(b"bodY", good));
        assert!(!hook.signed(b"body", "sha256=00"));
        assert!(!hook.signed(
            b"body",
            "dc46983557fea127b43af721467eb9b3fde2338fe3e14f51952aa8478c13d355"
        ));
    }
}

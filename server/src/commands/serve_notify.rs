//! `serve`'s options for notices to residents: which provider, WhatsApp's and the SMS
//! gateway's settings (secrets from files or the environment, never the command line),
//! reminders and erasing phones.

use std::path::PathBuf;
use std::sync::Arc;

use antar_shared::i18n::io_why;

use crate::error::{AppError, ErrorKind};
use crate::notify::bot::Hook;
use crate::notify::{Config, Fallback, LogProvider, Provider, SmsGateway, WhatsApp};

/// Where notices to residents go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NotifyVia {
    /// Nowhere.
    Off,
    /// The log (a dry run).
    Log,
    /// WhatsApp (Cloud API), with SMS where WhatsApp cannot deliver if --sms-url is set.
    Whatsapp,
    /// SMS only, through --sms-url.
    Sms,
}

/// The options.
#[derive(Debug, clap::Args)]
pub struct NotifyArgs {
    /// Kabar ke warga (nomor WhatsApp pemohon): `log` hanya menulis ke log (uji coba
    /// sebelum ada akun WhatsApp Business), `whatsapp`, `sms`, atau `off`. Bawaan: `log`
    /// dengan --demo, selain itu `off` / notices to residents (the applicant's number):
    /// `log` only writes them to the log (a dry run before there is a WhatsApp Business
    /// account), `whatsapp`, `sms`, or `off`. Default: `log` with --demo, else `off`.
    #[arg(long, env = "ANTAR_NOTIFY", value_enum)]
    pub notify: Option<NotifyVia>,
    /// Kirim pengingat bila dokumen menunggu di desa sekian hari / remind a resident
    /// whose document has waited at the desa this many days.
    #[arg(long, env = "ANTAR_REMIND_AFTER_DAYS", default_value_t = 7,
          value_parser = clap::value_parser!(i64).range(1..=365))]
    pub remind_after_days: i64,
    /// Hapus nomor telepon pemohon sekian hari setelah dokumen diserahkan, dikembalikan
    /// atau ditarik / erase applicants' phone numbers this many days after the document
    /// was handed over, returned or recalled.
    #[arg(long, env = "ANTAR_ERASE_PHONES_AFTER_DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub erase_phones_after_days: i64,
    /// Berapa detik sebuah server memegang kabar yang sedang dikirimnya; bila server itu
    /// mati, server lain mengirimnya setelah itu / how many seconds a server holds the
    /// notices it is sending; if it dies, another sends them after this.
    #[arg(long, env = "ANTAR_NOTIFY_CLAIM_SECS", default_value_t = 120,
          value_parser = clap::value_parser!(i64).range(5..=3600))]
    pub notify_claim_secs: i64,
    /// Alamat WhatsApp Cloud API / the Cloud API's address.
    #[arg(
        long,
        env = "ANTAR_WA_API_URL",
        default_value = "https://graph.facebook.com/v21.0"
    )]
    pub wa_api_url: String,
    /// ID nomor pengirim di Meta / the sending number's id at Meta.
    #[arg(long, env = "ANTAR_WA_PHONE_NUMBER_ID")]
    pub wa_phone_number_id: Option<String>,
    /// Berkas berisi token akses (atau ANTAR_WA_TOKEN) / a file holding the access token
    /// (or ANTAR_WA_TOKEN).
    #[arg(long, env = "ANTAR_WA_TOKEN_FILE")]
    pub wa_token_file: Option<PathBuf>,
    /// Berkas berisi app secret untuk memeriksa tanda tangan webhook (atau
    /// ANTAR_WA_APP_SECRET) / a file holding the app secret that signs the webhook (or
    /// ANTAR_WA_APP_SECRET).
    #[arg(long, env = "ANTAR_WA_APP_SECRET_FILE")]
    pub wa_app_secret_file: Option<PathBuf>,
    /// Nama template WhatsApp bila berbeda dari antar_<peristiwa>, per peristiwa (boleh
    /// diulang): issued, at_desa, reminder, handed_over, returned, recalled / a WhatsApp
    /// template's name where it differs from antar_<event>, per event (repeatable).
    #[arg(
        long,
        value_name = "PERISTIWA=NAMA",
        env = "ANTAR_WA_TEMPLATES",
        value_delimiter = ','
    )]
    pub wa_template: Vec<String>,
    /// Verify token yang diisi di pengaturan webhook Meta / the verify token set in
    /// Meta's webhook settings.
    #[arg(long, env = "ANTAR_WA_VERIFY_TOKEN", hide_env_values = true)]
    pub wa_verify_token: Option<String>,
    /// URL gateway SMS dengan {to} dan {text} / the SMS gateway's URL with {to} and
    /// {text}, e.g. https://sms.example.id/send?to={to}&pesan={text}
    #[arg(long, env = "ANTAR_SMS_URL")]
    pub sms_url: Option<String>,
    /// Kirim SMS dengan GET, bukan POST / send SMS with GET instead of POST.
    #[arg(long, env = "ANTAR_SMS_GET")]
    pub sms_get: bool,
    /// Berkas berisi satu header untuk gateway SMS, "Nama: nilai" (atau ANTAR_SMS_HEADER)
    /// / a file holding one header for the SMS gateway, "Name: value" (or
    /// ANTAR_SMS_HEADER).
    #[arg(long, env = "ANTAR_SMS_HEADER_FILE")]
    pub sms_header_file: Option<PathBuf>,
}

/// A secret from its file, else from an environment variable.
fn secret(file: Option<&PathBuf>, env: &str) -> Result<Option<String>, AppError> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file).map_err(|e| {
            AppError::new(ErrorKind::BadRequest, "notify.secret_file")
                .arg("file", file.display())
                .arg("why", io_why(&e))
                .caused_by(e)
        })?;
        // An empty secret would sign anything: refused, not taken.
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::new(ErrorKind::BadRequest, "notify.secret_empty")
                .arg("file", file.display()));
        }
        return Ok(Some(text.to_owned()));
    }
    Ok(std::env::var(env)
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty()))
}

fn missing(what: &str) -> AppError {
    AppError::new(ErrorKind::BadRequest, "notify.missing").arg("option", what)
}

impl NotifyArgs {
    /// The notifier's settings and the webhook's, checked.
    pub fn build(&self, demo: bool, base_url: String) -> Result<(Config, Option<Hook>), AppError> {
        let via = self
            .notify
            .unwrap_or(if demo { NotifyVia::Log } else { NotifyVia::Off });
        let whatsapp = match via {
            NotifyVia::Whatsapp => {
                let id = self
                    .wa_phone_number_id
                    .as_deref()
                    .ok_or_else(|| missing("--wa-phone-number-id"))?;
                let token = secret(self.wa_token_file.as_ref(), "ANTAR_WA_TOKEN")?
                    .ok_or_else(|| missing("--wa-token-file"))?;
                let mut client =
                    WhatsApp::new(&self.wa_api_url, id, &token).map_err(AppError::internal)?;
                for pair in &self.wa_template {
                    let (event, name) = pair
                        .split_once('=')
                        .map(|(e, n)| (e.trim(), n.trim()))
                        .filter(|(e, n)| crate::store::outbox::EVENTS.contains(e) && !n.is_empty())
                        .ok_or_else(|| {
                            AppError::new(ErrorKind::BadRequest, "notify.bad_template")
                                .arg("typed", format!("{pair:?}"))
                                .arg("events", crate::store::outbox::EVENTS.join(", "))
                        })?;
                    client = client.with_template(event, name);
                }
                Some(client)
            }
            _ => None,
        };
        let sms = match &self.sms_url {
            Some(url) => {
                let header = secret(self.sms_header_file.as_ref(), "ANTAR_SMS_HEADER")?;
                Some(
                    SmsGateway::new(url, !self.sms_get, header.as_deref())
                        .map_err(AppError::internal)?,
                )
            }
            None if via == NotifyVia::Sms => return Err(missing("--sms-url")),
            None => None,
        };
        let provider: Option<Arc<dyn Provider>> = match (via, whatsapp.clone(), sms) {
            (NotifyVia::Off, _, _) => None,
            (NotifyVia::Log, _, _) => Some(Arc::new(LogProvider)),
            (NotifyVia::Whatsapp, Some(wa), Some(sms)) => Some(Arc::new(Fallback {
                first: Box::new(wa),
                then: Box::new(sms),
            })),
            (NotifyVia::Whatsapp, Some(wa), None) => Some(Arc::new(wa)),
            (NotifyVia::Sms, _, Some(sms)) => Some(Arc::new(sms)),
            (NotifyVia::Whatsapp | NotifyVia::Sms, _, _) => None,
        };
        let app_secret = secret(self.wa_app_secret_file.as_ref(), "ANTAR_WA_APP_SECRET")?;
        let verify_token = self
            .wa_verify_token
            .as_ref()
            .filter(|t| !t.trim().is_empty());
        let hook = match (app_secret, verify_token) {
            (Some(app_secret), Some(verify_token)) => Some(Hook {
                verify_token: verify_token.clone(),
                app_secret,
                replies: whatsapp,
            }),
            _ => None,
        };
        let config = Config {
            provider,
            base_url,
            remind_after_days: self.remind_after_days,
            erase_after_days: self.erase_phones_after_days,
            claim_secs: self.notify_claim_secs,
        };
        Ok((config, hook))
    }
}

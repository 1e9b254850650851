//! `office-hours`: a desa office's opening hours, shown to residents whose document
//! waits there.

use antar_shared::Lang;
use antar_shared::i18n::Tr;
use antar_shared::region::VillageCode;

use super::bad_code;
use crate::error::AppError;
use crate::store::Store;

/// Options of `office-hours`.
#[derive(Debug, clap::Args)]
pub struct OfficeHoursArgs {
    /// Kode desa / desa code, e.g. 52.06.03.2012.
    pub desa_code: String,
    /// Jam layanan / opening hours, one line, at most 120 characters.
    pub hours: String,
}

/// Saves the hours and echoes what was saved.
pub async fn run(store: &Store, args: OfficeHoursArgs, lang: Lang) -> Result<(), AppError> {
    let desa = VillageCode::parse(&args.desa_code).map_err(bad_code)?;
    let saved =
        crate::offices::set_hours(store, &crate::audit::Who::command(), desa, &args.hours).await?;
    eprintln!(
        "{}",
        Tr::new(lang).t2("srv-office-hours-saved", "desa", desa, "saved", saved)
    );
    Ok(())
}

//! `device list` and `device revoke`: enrolled desa devices.

use antar_shared::Lang;
use antar_shared::i18n::Tr;
use antar_shared::region::{self, VillageCode};

use super::{bad_code, print_json};
use crate::error::{AppError, ErrorKind};
use crate::store::Store;

/// Options of `device list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Hanya desa ini / only this desa.
    #[arg(long)]
    pub desa: Option<String>,
    /// Keluaran JSON / JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Options of `device revoke`.
#[derive(Debug, clap::Args)]
pub struct RevokeArgs {
    /// Nomor perangkat / device id (see `device list`).
    pub id: i64,
}

/// Options of `device rename`.
#[derive(Debug, clap::Args)]
pub struct RenameArgs {
    /// Nomor perangkat / device id (see `device list`).
    pub id: i64,
    /// Nama baru, mis. "Laptop Pak Sekdes" / the new name.
    pub name: String,
}

/// `device rename`: the name histories and lists show.
pub async fn rename(store: &Store, args: RenameArgs, lang: Lang) -> Result<(), AppError> {
    let who = crate::audit::Who::command();
    let name = crate::enrollment::rename_device(store, &who, args.id, &args.name).await?;
    eprintln!(
        "{}",
        Tr::new(lang).t2("srv-device-renamed", "id", args.id, "name", &name)
    );
    Ok(())
}

/// `device list`: one tab-separated line per device, with its last sync.
pub async fn list(store: &Store, args: ListArgs, lang: Lang) -> Result<(), AppError> {
    let desa = args
        .desa
        .as_deref()
        .map(|d| {
            let code = VillageCode::parse(d).map_err(bad_code)?;
            region::require(code)
                .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
            Ok::<_, AppError>(code)
        })
        .transpose()?;
    let devices = store.list_devices(desa).await?;
    if args.json {
        return print_json(&devices);
    }
    let time = |t: Option<i64>| {
        t.map(|t| antar_shared::time::UnixTime(t).wita())
            .unwrap_or_else(|| "-".to_owned())
    };
    for d in &devices {
        let state = if d.revoked_at.is_some() {
            Tr::new(lang).t("srv-device-revoked-state")
        } else {
            Tr::new(lang).t("srv-device-active-state")
        };
        let name = region::lookup(d.desa).map(|r| r.name).unwrap_or("?");
        println!(
            "{}\t{}\t{name}\t{}\t{state}\t{}\t{}",
            d.id,
            d.desa,
            d.name,
            time(Some(d.enrolled_at)),
            time(d.last_sync_at)
        );
    }
    eprintln!(
        "{}",
        Tr::new(lang).t1("srv-device-list-summary", "n", devices.len())
    );
    Ok(())
}

/// `device revoke`: the device's token stops working at once.
pub async fn revoke(store: &Store, args: RevokeArgs, lang: Lang) -> Result<(), AppError> {
    let id = args.id;
    let device = crate::enrollment::revoke_device(store, &crate::audit::Who::command(), id).await?;
    eprintln!(
        "{}",
        Tr::new(lang).t2("srv-device-revoked", "id", id, "name", &device.name)
    );
    Ok(())
}

//! `manifest create` and `manifest show`: couriers' trips to one desa.

use antar_shared::Lang;
use antar_shared::i18n::Tr;
use antar_shared::region::VillageCode;
use antar_shared::tracking::TrackingCode;

use super::{bad_code, print_json};
use crate::error::AppError;
use crate::manifest::{self, Selection};
use crate::store::Store;

/// Options of `manifest create`.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// Nama kurir / courier's name.
    #[arg(long)]
    pub courier: String,
    /// Kode desa / desa code.
    #[arg(long)]
    pub desa: String,
    /// Semua kiriman desa ini yang masih di Dukcapil / every dispatch of the desa still at Dukcapil.
    #[arg(long, conflicts_with = "tracking_codes")]
    pub all_issued: bool,
    /// Kode lacak / tracking codes.
    #[arg(required_unless_present = "all_issued")]
    pub tracking_codes: Vec<String>,
}

/// Options of `manifest show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Nomor manifes / manifest number.
    pub id: i64,
    /// Keluaran JSON / JSON output.
    #[arg(long)]
    pub json: bool,
}

/// `manifest create`: the new manifest's number on stdout.
pub async fn create(store: &Store, args: CreateArgs, lang: Lang) -> Result<(), AppError> {
    let desa = VillageCode::parse(&args.desa).map_err(bad_code)?;
    let selection = if args.all_issued {
        Selection::AllIssued
    } else {
        Selection::Codes(
            args.tracking_codes
                .iter()
                .map(|c| TrackingCode::parse(c).map_err(bad_code))
                .collect::<Result<_, _>>()?,
        )
    };
    let (id, n) = manifest::create(
        store,
        &crate::audit::Who::command(),
        &args.courier,
        desa,
        selection,
    )
    .await?;
    eprintln!(
        "{}",
        Tr::new(lang).t2("srv-manifest-created", "id", id, "n", n)
    );
    println!("{id}");
    Ok(())
}

/// `manifest show`: the courier, how many arrived, and one line per dispatch.
pub async fn show(store: &Store, args: ShowArgs, lang: Lang) -> Result<(), AppError> {
    let id = args.id;
    let manifest = store
        .manifest(id)
        .await?
        .ok_or_else(|| AppError::not_found("manifest.not_found").arg("id", id))?;
    if args.json {
        return print_json(&manifest);
    }
    println!(
        "{}",
        Tr::new(lang).t2(
            "srv-manifest-heading",
            "id",
            manifest.id,
            "courier",
            &manifest.courier
        )
    );
    println!(
        "{}",
        Tr::new(lang).t2(
            "srv-manifest-received",
            "received",
            manifest.received,
            "items",
            manifest.items.len()
        )
    );
    for item in &manifest.items {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            item.tracking_code, item.desa_code, item.kind, item.status, item.holder_name
        );
    }
    Ok(())
}

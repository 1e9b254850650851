//! `enroll-code`: a one-time enrollment code for a desa device (valid three days).

use antar_shared::Lang;
use antar_shared::i18n::Tr;
use antar_shared::region::VillageCode;

use super::bad_code;
use crate::enrollment;
use crate::error::AppError;
use crate::store::Store;

/// Options of `enroll-code`.
#[derive(Debug, clap::Args)]
pub struct EnrollCodeArgs {
    /// Kode desa / desa code, e.g. 52.06.03.2012.
    pub desa_code: String,
}

/// Makes the code and prints it on stdout.
pub async fn run(store: &Store, args: EnrollCodeArgs, lang: Lang) -> Result<(), AppError> {
    let desa = VillageCode::parse(&args.desa_code).map_err(bad_code)?;
    let code = enrollment::create_code(store, &crate::audit::Who::command(), desa).await?;
    eprintln!(
        "{}",
        Tr::new(lang).t2(
            "srv-enroll-code",
            "desa",
            code.desa_code,
            "name",
            &code.desa_name
        )
    );
    println!("{}", code.code);
    Ok(())
}

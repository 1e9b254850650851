//! `dispatch receive | handover | return | resolve`: Dukcapil recording what a desa did
//! when its PC cannot, and settling conflicts (see `crate::custody`).

use antar_shared::Lang;
use antar_shared::doc::{Condition, IdDocument, Relation};
use antar_shared::tracking::TrackingCode;

use crate::cli::DispatchCommand;
use crate::custody::{self, HandoverInput, Receipt, Settle};
use crate::error::{AppError, ErrorKind};
use crate::store::Store;

fn say(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_owned(),
        Lang::En => en.to_owned(),
    }
}

fn code(typed: &str) -> Result<TrackingCode, AppError> {
    TrackingCode::parse(typed).map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))
}

fn choice_error(field: &str, typed: &str, allowed: &str) -> AppError {
    AppError::new(
        ErrorKind::BadRequest,
        "cli.bad_choice",
        format!("--{field} {typed:?} tidak dikenal; pilih salah satu: {allowed}"),
        format!("--{field} {typed:?} is not known; choose one of: {allowed}"),
    )
}

fn relation(typed: &str) -> Result<Relation, AppError> {
    match typed.trim().to_ascii_lowercase().as_str() {
        "holder" => Ok(Relation::Holder),
        "family" => Ok(Relation::Family),
        "proxy" => Ok(Relation::Proxy),
        _ => Err(choice_error("relation", typed, "holder, family, proxy")),
    }
}

fn id_shown(typed: &str) -> Result<IdDocument, AppError> {
    match typed.trim().to_ascii_lowercase().as_str() {
        "ktp-el" => Ok(IdDocument::KtpEl),
        "kk" => Ok(IdDocument::Kk),
        "kia" => Ok(IdDocument::Kia),
        "surat-kuasa" => Ok(IdDocument::SuratKuasa),
        "lainnya" => Ok(IdDocument::Lainnya),
        _ => Err(choice_error(
            "id-shown",
            typed,
            "ktp-el, kk, kia, surat-kuasa, lainnya",
        )),
    }
}

fn condition(typed: &str) -> Result<Condition, AppError> {
    match typed.trim().to_ascii_lowercase().as_str() {
        "ok" => Ok(Condition::Ok),
        "damaged" => Ok(Condition::Damaged),
        "missing" => Ok(Condition::Missing),
        _ => Err(choice_error("condition", typed, "ok, damaged, missing")),
    }
}

/// Runs one of the commands; prints the new status (stdout) and what was done.
pub async fn run(store: &Store, cmd: DispatchCommand, lang: Lang) -> Result<(), AppError> {
    let record = match cmd {
        DispatchCommand::Receive(args) => {
            let receipt = Receipt {
                condition: if args.damaged {
                    Condition::Damaged
                } else if args.missing {
                    Condition::Missing
                } else {
                    Condition::Ok
                },
                found: args.found,
            };
            custody::receive(store, code(&args.tracking_code)?, &receipt).await?
        }
        DispatchCommand::Handover(args) => {
            let input = HandoverInput {
                recipient: args.recipient,
                relation: relation(&args.relation)?,
                id_shown: id_shown(&args.id_shown)?,
                nik: args.nik,
                clerk: args.clerk,
                receive_first: args.receive,
                correction: args.correction,
            };
            custody::handover(store, code(&args.tracking_code)?, &input).await?
        }
        DispatchCommand::Return {
            tracking_code,
            reason,
        } => custody::send_back(store, code(&tracking_code)?, &reason).await?,
        DispatchCommand::Resolve {
            tracking_code,
            keep,
            clear,
            condition: chosen,
        } => {
            let code = code(&tracking_code)?;
            let settle = match (keep, clear, chosen) {
                (Some(n), _, _) => Settle::Keep(n),
                (None, true, _) => Settle::Clear,
                (None, false, Some(c)) => Settle::Arrival(condition(&c)?),
                (None, false, None) => {
                    let detail = crate::dispatch::show(store, code).await?;
                    for (i, version) in detail.outcomes.iter().enumerate() {
                        println!("{}. {version}", i + 1);
                    }
                    eprintln!(
                        "{}",
                        say(
                            lang,
                            "Pilih dengan --keep N, --clear, atau --condition.",
                            "Choose with --keep N, --clear, or --condition."
                        )
                    );
                    return Ok(());
                }
            };
            custody::resolve(store, code, &settle).await?
        }
        DispatchCommand::Issue(_)
        | DispatchCommand::Show { .. }
        | DispatchCommand::List { .. }
        | DispatchCommand::Recall { .. } => {
            return Err(AppError::internal("not a custody command"));
        }
    };
    eprintln!(
        "{}",
        say(
            lang,
            "Tersimpan atas nama desa (riwayat menandainya \"Dukcapil atas nama desa\").",
            "Saved on the desa's behalf (histories mark it \"Dukcapil on the desa's behalf\")."
        )
    );
    println!("{} {}", record.tracking_code, record.status.code());
    Ok(())
}

//! What each CLI command does. Output for people goes to stderr in the chosen
//! language; data (CSV, JSON, codes) goes to stdout so it can be piped.

use std::io::{IsTerminal, Read, Write};

use antar_shared::Lang;
use antar_shared::region::{self, VillageCode};
use antar_shared::tracking::TrackingCode;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{
    Cli, Command, DispatchCommand, ImportArgs, ManifestCommand, ServeArgs, TokenCommand,
    UserCommand,
};
use crate::error::{AppError, ErrorKind};
use crate::http::RouterOptions;
use crate::http::operator::ListQuery;
use crate::issuance::{import, publish};
use crate::manifest::{self, Selection};
use crate::store::{Store, now};
use crate::{dispatch, enrollment, secret, serve, users};

/// Picks the text for the chosen language.
fn say(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// Opens the store named by the global options.
pub async fn open_store(cli: &Cli) -> Result<Store, AppError> {
    let store = match &cli.database_url {
        Some(url) => Store::connect(url).await,
        None => Store::open_data_dir(&cli.data_dir).await,
    };
    store.map_err(|e| {
        AppError::new(
            ErrorKind::Internal,
            "store.open",
            format!("Basis data tidak bisa dibuka: {e}"),
            format!("Cannot open the database: {e}"),
        )
    })
}

fn bad_code(e: impl antar_shared::Localized) -> AppError {
    AppError::from_localized(ErrorKind::BadRequest, &e)
}

fn print_json(value: &impl serde::Serialize) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(value).map_err(AppError::internal)?;
    println!("{text}");
    Ok(())
}

/// Runs one command.
pub async fn run(cli: Cli, lang: Lang) -> Result<(), AppError> {
    let store = open_store(&cli).await?;
    match cli.command {
        Command::Serve(args) => serve_command(store, args, lang).await,
        Command::User(UserCommand::Add {
            name,
            role,
            password_stdin,
        }) => {
            let (password, generated) = if password_stdin {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(AppError::internal)?;
                (text.trim_end_matches(['\n', '\r']).to_owned(), false)
            } else {
                (secret::new_password().map_err(AppError::internal)?, true)
            };
            let user = users::add(&store, &name, role, &password).await?;
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("Akun {} ({}) dibuat.", user.name, role.as_str()),
                    &format!("Account {} ({}) created.", user.name, role.as_str())
                )
            );
            if generated {
                eprintln!(
                    "{}",
                    say(
                        lang,
                        "Kata sandi (hanya ditampilkan sekali):",
                        "Password (shown only once):"
                    )
                );
                println!("{password}");
            }
            Ok(())
        }
        Command::User(UserCommand::List) => {
            for user in store.list_users().await? {
                println!("{}\t{}", user.name, user.role.as_str());
            }
            Ok(())
        }
        Command::Token(TokenCommand::Create { user, label }) => {
            let account = store.user_by_name(&user).await?.ok_or_else(|| {
                AppError::not_found(
                    "user.not_found",
                    format!("Akun {user:?} tidak ada"),
                    format!("No account {user:?}"),
                )
            })?;
            let token = secret::new_token().map_err(AppError::internal)?;
            store
                .add_session(
                    &secret::hash_token(&token),
                    account.user.id,
                    &label,
                    now(),
                    None,
                )
                .await?;
            eprintln!(
                "{}",
                say(
                    lang,
                    "Token API (hanya ditampilkan sekali):",
                    "API token (shown only once):"
                )
            );
            println!("{token}");
            Ok(())
        }
        Command::Import(args) => import_command(&store, args, lang).await,
        Command::EnrollCode { desa_code } => {
            let desa = VillageCode::parse(&desa_code).map_err(bad_code)?;
            let code = enrollment::create_code(&store, desa).await?;
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!(
                        "Kode pendaftaran untuk {} {} (sekali pakai, berlaku 3 hari):",
                        code.desa_code, code.desa_name
                    ),
                    &format!(
                        "Enrollment code for {} {} (single use, valid 3 days):",
                        code.desa_code, code.desa_name
                    ),
                )
            );
            println!("{}", code.code);
            Ok(())
        }
        Command::OfficeHours { desa_code, hours } => {
            let desa = VillageCode::parse(&desa_code).map_err(bad_code)?;
            let saved = crate::offices::set_hours(&store, desa, &hours).await?;
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("Jam layanan kantor desa {desa}: {saved}"),
                    &format!("Opening hours of the desa office {desa}: {saved}"),
                )
            );
            Ok(())
        }
        Command::Dispatch(DispatchCommand::Show {
            tracking_code,
            json,
        }) => {
            let code = TrackingCode::parse(&tracking_code).map_err(bad_code)?;
            let detail = dispatch::show(&store, code).await?;
            if json {
                return print_json(&detail);
            }
            let r = &detail.record;
            let desa = region::lookup(r.desa_code).map(|x| x.name).unwrap_or("?");
            println!("{}  {}", r.tracking_code, r.status.label(lang));
            println!(
                "  {} {} — {} ({})",
                r.kind.name(lang),
                r.number,
                r.holder_name,
                r.nik_masked
            );
            println!("  {} {desa} ({})", say(lang, "Desa:", "Desa:"), r.desa_code);
            let flags: Vec<&str> = [
                (r.conflict, "KONFLIK/CONFLICT"),
                (r.missing, "HILANG/MISSING"),
                (r.aging, "LAMA/AGING"),
                (r.damaged, "RUSAK/DAMAGED"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| *name)
            .collect();
            if !flags.is_empty() {
                println!("  {} {}", say(lang, "Tanda:", "Flags:"), flags.join(", "));
            }
            for outcome in detail.outcomes.iter().filter(|_| r.conflict) {
                println!("  ! {outcome}");
            }
            for event in &detail.history {
                println!(
                    "  - [{}] {} ({}, device {}, server {})",
                    event.kind, event.summary, event.by, event.device_time, event.received_at
                );
            }
            if !r.published {
                println!(
                    "  {}",
                    say(
                        lang,
                        "(belum terkirim ke dokumen desa)",
                        "(not yet published to the desa document)"
                    )
                );
            }
            Ok(())
        }
        Command::Dispatch(DispatchCommand::List {
            desa,
            kecamatan,
            status,
            kind,
            conflict,
            limit,
            json,
        }) => {
            let query = ListQuery {
                desa,
                kecamatan,
                status,
                kind,
                min_age_days: None,
                conflict,
                limit: Some(limit),
                offset: None,
            };
            let records = store.list_dispatches(&query.filter()?, now()).await?;
            if json {
                return print_json(&records);
            }
            for r in &records {
                let mark = if r.conflict { " !" } else { "" };
                println!(
                    "{}\t{}\t{}\t{}\t{}{mark}",
                    r.tracking_code,
                    r.desa_code,
                    r.kind,
                    r.status.code(),
                    r.holder_name
                );
            }
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("{} kiriman", records.len()),
                    &format!("{} dispatches", records.len())
                )
            );
            Ok(())
        }
        Command::Dispatch(DispatchCommand::Recall {
            tracking_code,
            reason,
        }) => {
            let code = TrackingCode::parse(&tracking_code).map_err(bad_code)?;
            let record = dispatch::recall(&store, code, &reason).await?;
            eprintln!("{}", say(lang, "Kiriman ditarik.", "Dispatch recalled."));
            println!("{} {}", record.tracking_code, record.status.code());
            Ok(())
        }
        Command::Manifest(ManifestCommand::Create {
            courier,
            desa,
            all_issued,
            tracking_codes,
        }) => {
            let desa = VillageCode::parse(&desa).map_err(bad_code)?;
            let selection = if all_issued {
                Selection::AllIssued
            } else {
                Selection::Codes(
                    tracking_codes
                        .iter()
                        .map(|c| TrackingCode::parse(c).map_err(bad_code))
                        .collect::<Result<_, _>>()?,
                )
            };
            let (id, n) = manifest::create(&store, &courier, desa, selection).await?;
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("Manifes {id} dibuat: {n} kiriman."),
                    &format!("Manifest {id} created: {n} dispatches.")
                )
            );
            println!("{id}");
            Ok(())
        }
        Command::Manifest(ManifestCommand::Show { id, json }) => {
            let manifest = store.manifest(id).await?.ok_or_else(|| {
                AppError::not_found(
                    "manifest.not_found",
                    format!("Manifes {id} tidak ditemukan"),
                    format!("Manifest {id} not found"),
                )
            })?;
            if json {
                return print_json(&manifest);
            }
            println!(
                "{} {} — {}",
                say(lang, "Manifes", "Manifest"),
                manifest.id,
                manifest.courier
            );
            for item in &manifest.items {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    item.tracking_code, item.desa_code, item.kind, item.status, item.holder_name
                );
            }
            Ok(())
        }
        Command::Publish => {
            let bar = spinner(say(lang, "menerbitkan", "publishing"));
            let n = publish::publish_all(&store, None, |n| bar.set_position(n as u64)).await?;
            bar.finish_and_clear();
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("{n} kiriman diterbitkan ke dokumen desa."),
                    &format!("{n} dispatches published to desa documents.")
                )
            );
            Ok(())
        }
    }
}

fn spinner(message: String) -> ProgressBar {
    let bar = ProgressBar::new_spinner().with_message(message);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

async fn serve_command(store: Store, args: ServeArgs, lang: Lang) -> Result<(), AppError> {
    if let Some(password) = serve::first_admin(&store).await? {
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Akun admin dibuat. Nama: admin  Kata sandi: {password}\nSimpan sekarang: kata sandi ini tidak akan ditampilkan lagi."
                ),
                &format!(
                    "Admin account created. Name: admin  Password: {password}\nSave it now: it will not be shown again."
                ),
            )
        );
    }
    if args.demo
        && let Some(lines) = serve::demo(&store).await?
    {
        eprintln!(
            "{}",
            say(lang, "Data contoh diterbitkan:", "Sample data issued:")
        );
        for line in lines {
            eprintln!("  {line}");
        }
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| {
            AppError::new(
                ErrorKind::Internal,
                "serve.bind",
                format!("Tidak bisa mendengar di {}: {e}", args.listen),
                format!("Cannot listen on {}: {e}", args.listen),
            )
        })?;
    let running = serve::start(
        store,
        listener,
        RouterOptions {
            public_per_minute: args.public_per_minute,
            office_hours: args.office_hours.clone(),
            public_url: args.public_url.clone(),
            trust_proxy: args.trust_proxy,
        },
    )
    .await
    .map_err(AppError::internal)?;
    eprintln!(
        "{}",
        say(
            lang,
            &format!("Antar siap di http://{}", running.addr),
            &format!("Antar is listening on http://{}", running.addr)
        )
    );
    shutdown_signal().await;
    eprintln!("{}", say(lang, "Berhenti…", "Stopping…"));
    running.stop().await.map_err(AppError::internal)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

async fn import_command(store: &Store, args: ImportArgs, lang: Lang) -> Result<(), AppError> {
    let file = std::fs::File::open(&args.file).map_err(|e| {
        AppError::new(
            ErrorKind::BadRequest,
            "import.open",
            format!("Berkas {} tidak bisa dibuka: {e}", args.file.display()),
            format!("Cannot open {}: {e}", args.file.display()),
        )
    })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(size)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(say(lang, "memeriksa", "checking"));
    let reader = bar.wrap_read(file);
    let checked = import::check(reader, |_| {})?;
    bar.finish_and_clear();
    for e in &checked.errors {
        let message = if lang == Lang::En {
            &e.message_en
        } else {
            &e.message
        };
        eprintln!(
            "{} {}, {} {}: {message}",
            say(lang, "baris", "line"),
            e.line,
            say(lang, "kolom", "column"),
            e.field
        );
    }
    if !checked.errors.is_empty() && !args.skip_invalid && !args.dry_run {
        return Err(import::bad_rows(&checked));
    }
    if args.dry_run {
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Pemeriksaan selesai: {} baris, {} benar, {} salah. Tidak ada yang disimpan.",
                    checked.rows,
                    checked.valid.len(),
                    checked.rows - checked.valid.len()
                ),
                &format!(
                    "Check done: {} rows, {} valid, {} invalid. Nothing stored.",
                    checked.rows,
                    checked.valid.len(),
                    checked.rows - checked.valid.len()
                ),
            )
        );
        return Ok(());
    }
    let items: Vec<_> = checked.valid.iter().map(|(_, d)| d.clone()).collect();
    let saving = spinner(say(lang, "menyimpan", "saving"));
    let codes = store.insert_dispatches(&items, now()).await?;
    saving.finish_and_clear();
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(AppError::internal)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut csv = csv::Writer::from_writer(&mut out);
    csv.write_record([
        "line",
        "tracking_code",
        "kind",
        "number",
        "holder_name",
        "desa_code",
    ])
    .map_err(AppError::internal)?;
    for ((line, d), code) in checked.valid.iter().zip(&codes) {
        csv.write_record([
            line.to_string(),
            code.to_string(),
            d.kind.code().to_owned(),
            d.number.to_string(),
            d.holder.to_string(),
            d.desa.to_string(),
        ])
        .map_err(AppError::internal)?;
    }
    csv.flush().map_err(AppError::internal)?;
    eprintln!(
        "{}",
        say(
            lang,
            &format!(
                "{} kiriman diimpor ({} baris dilewati). Kiriman masuk ke dokumen desa saat server berjalan (atau jalankan `antar-server publish`).",
                codes.len(),
                checked.rows - codes.len()
            ),
            &format!(
                "{} dispatches imported ({} rows skipped). They reach the desa documents while the server runs (or run `antar-server publish`).",
                codes.len(),
                checked.rows - codes.len()
            ),
        )
    );
    Ok(())
}

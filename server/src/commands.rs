//! What each CLI command does. Output for people goes to stderr in the chosen
//! language; data (CSV, JSON, codes) goes to stdout so it can be piped.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use antar_shared::Lang;
use antar_shared::region::{self, VillageCode};
use antar_shared::tracking::TrackingCode;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{
    Cli, Command, DeviceCommand, DispatchCommand, ImportArgs, IssueArgs, ManifestCommand,
    ServeArgs, TokenCommand, UserCommand,
};
use crate::error::{AppError, ErrorKind};
use crate::http::RouterOptions;
use crate::http::operator::ListQuery;
use crate::issuance::{DispatchInput, import, publish};
use crate::manifest::{self, Selection};
use crate::store::dispatches::{Earlier, OnExisting};
use crate::store::{Backend, Store, StoreError, now};
use crate::{dispatch, enrollment, secret, serve, users};

mod custody;

/// Picks the text for the chosen language.
fn say(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// The database file of a data directory.
fn database_file(cli: &Cli) -> PathBuf {
    cli.data_dir.join("antar.db")
}

/// A path as people should read it: absolute, so a command run from the wrong folder
/// shows where it looked.
fn shown(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}

/// Opens the store named by the global options. Only `serve` and `init` may `create`
/// the SQLite database; every other command refuses a folder without one, naming it.
pub async fn open_store(cli: &Cli, create: bool) -> Result<Store, AppError> {
    let store = match (&cli.database_url, create) {
        (Some(url), _) => Store::connect(url).await,
        (None, true) => Store::open_data_dir(&cli.data_dir).await,
        (None, false) => Store::open_existing_data_dir(&cli.data_dir).await,
    };
    store.map_err(|e| match e {
        StoreError::NoDatabase(file) => no_database(&file, &cli.data_dir),
        e => AppError::new(
            ErrorKind::Internal,
            "store.open",
            format!("Basis data tidak bisa dibuka: {e}"),
            format!("Cannot open the database: {e}"),
        ),
    })
}

/// A command (not `serve` or `init`) found no database where it looked.
fn no_database(file: &Path, dir: &Path) -> AppError {
    let (file, dir) = (shown(file), shown(dir));
    AppError::new(
        ErrorKind::NotFound,
        "store.no_database",
        format!(
            "Tidak ada basis data Antar di {file}; perintah ini tidak membuat basis data baru. \
             Jika server memang dipasang di sana, jalankan `antar-server --data-dir {dir} init` dulu; \
             jika tidak, tunjuk basis data server dengan --data-dir (atau ANTAR_DATA_DIR) atau --database-url."
        ),
        format!(
            "No Antar database at {file}; this command does not create a new one. \
             If the server belongs there, run `antar-server --data-dir {dir} init` first; \
             otherwise point to the server's database with --data-dir (or ANTAR_DATA_DIR) or --database-url."
        ),
    )
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
    match &cli.command {
        Command::Init => return init_command(&cli, lang).await,
        Command::Restore { file } => return restore_command(&cli, file, lang).await,
        Command::Backup { .. } if cli.database_url.is_some() => {
            return Err(AppError::new(
                ErrorKind::Unprocessable,
                "backup.postgres",
                "Perintah backup untuk SQLite. Cadangkan PostgreSQL dengan pg_dump (mis. `pg_dump -Fc -f antar.dump antar`) dan pulihkan dengan pg_restore.",
                "The backup command is for SQLite. Back up PostgreSQL with pg_dump (e.g. `pg_dump -Fc -f antar.dump antar`) and restore it with pg_restore.",
            ));
        }
        _ => {}
    }
    let create = matches!(cli.command, Command::Serve(_));
    let store = open_store(&cli, create).await?;
    match cli.command {
        Command::Init | Command::Restore { .. } => Ok(()),
        Command::Backup { file } => backup_command(&store, &file, lang).await,
        Command::Device(command) => device_command(&store, command, lang).await,
        Command::Dispatch(DispatchCommand::Issue(args)) => issue_command(&store, args, lang).await,
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
            if let Some(earlier) = r.reprint_of {
                println!(
                    "  {}",
                    say(
                        lang,
                        &format!("Cetak ulang dari {earlier} (kiriman sebelumnya sudah selesai)"),
                        &format!("Reprint of {earlier} (the earlier dispatch had closed)")
                    )
                );
            }
            if let Some(earlier) = r.replaces {
                println!(
                    "  {}",
                    say(
                        lang,
                        &format!("Menggantikan {earlier} (ditarik)"),
                        &format!("Replaces {earlier} (recalled)")
                    )
                );
            }
            if let Some(later) = r.reissued_as {
                println!(
                    "  {}",
                    say(
                        lang,
                        &format!("Diterbitkan lagi sebagai {later}"),
                        &format!("Issued again as {later}")
                    )
                );
            }
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
        Command::Dispatch(
            cmd @ (DispatchCommand::Receive(_)
            | DispatchCommand::Handover(_)
            | DispatchCommand::Return { .. }
            | DispatchCommand::Resolve { .. }),
        ) => custody::run(&store, cmd, lang).await,
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
            println!(
                "{}",
                say(
                    lang,
                    &format!(
                        "Diterima desa: {} dari {}",
                        manifest.received,
                        manifest.items.len()
                    ),
                    &format!(
                        "Received at the desa: {} of {}",
                        manifest.received,
                        manifest.items.len()
                    )
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
    let items: Vec<_> = checked.valid.iter().map(|(_, d)| d.clone()).collect();
    let lines: Vec<u64> = checked.valid.iter().map(|(line, _)| *line).collect();
    if args.dry_run {
        let precedents = store.precedents(&items).await?;
        let mut existing = 0;
        let mut reprints = 0;
        for (line, precedent) in lines.iter().zip(&precedents) {
            if let Some(earlier) = precedent.open.first() {
                existing += 1;
                eprintln!("{}", existing_line(lang, *line, earlier, false));
            } else if let Some(earlier) = &precedent.closed {
                reprints += 1;
                eprintln!("{}", reprint_line(lang, *line, earlier));
            }
        }
        let invalid = checked.rows - checked.valid.len();
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Pemeriksaan selesai: {} baris, {} benar, {invalid} salah; {existing} sudah punya kiriman yang masih berjalan, {reprints} cetak ulang. Tidak ada yang disimpan.",
                    checked.rows,
                    checked.valid.len(),
                ),
                &format!(
                    "Check done: {} rows, {} valid, {invalid} invalid; {existing} already have an open dispatch, {reprints} reprints. Nothing stored.",
                    checked.rows,
                    checked.valid.len(),
                ),
            )
        );
        return Ok(());
    }
    let on_existing = if args.skip_existing {
        OnExisting::Skip
    } else {
        OnExisting::Refuse
    };
    let saving = spinner(say(lang, "menyimpan", "saving"));
    let report = store.issue_dispatches(&items, on_existing, now()).await?;
    saving.finish_and_clear();
    let existing: Vec<(u64, Earlier)> = report
        .existing()
        .map(|(i, earlier)| (lines[i], earlier))
        .collect();
    for (line, earlier) in &existing {
        eprintln!(
            "{}",
            existing_line(lang, *line, earlier, args.skip_existing)
        );
    }
    if !args.skip_existing && !existing.is_empty() {
        // Nothing was stored. Every line is named above; the error says what to do.
        let mut error = import::existing_rows(
            &existing,
            (
                "Jalankan lagi dengan --skip-existing untuk mengimpor sisanya.",
                "Run it again with --skip-existing to import the rest.",
            ),
        );
        error.details.clear();
        return Err(error);
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| {
            AppError::new(
                ErrorKind::BadRequest,
                "import.output",
                format!(
                    "Berkas keluaran {} tidak bisa ditulis: {e}. Kiriman sudah tersimpan; lihat `antar-server dispatch list`.",
                    path.display()
                ),
                format!(
                    "Cannot write the output file {}: {e}. The dispatches are stored; see `antar-server dispatch list`.",
                    path.display()
                ),
            )
        })?),
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
        "reprint_of",
    ])
    .map_err(AppError::internal)?;
    let mut imported = 0;
    let mut reprinted = 0;
    for (((line, d), code), precedent) in checked
        .valid
        .iter()
        .zip(&report.codes)
        .zip(&report.precedents)
    {
        let Some(code) = code else { continue };
        imported += 1;
        let reprint_of = precedent.reprint_of();
        if let (Some(_), Some(earlier)) = (reprint_of, &precedent.closed) {
            reprinted += 1;
            eprintln!("{}", reprint_line(lang, *line, earlier));
        }
        csv.write_record([
            line.to_string(),
            code.to_string(),
            d.kind.code().to_owned(),
            d.number.to_string(),
            d.holder.to_string(),
            d.desa.to_string(),
            reprint_of.map(|c| c.to_string()).unwrap_or_default(),
        ])
        .map_err(AppError::internal)?;
    }
    csv.flush().map_err(AppError::internal)?;
    let invalid = checked.rows - checked.valid.len();
    let existing = existing.len();
    let mut id = format!("{imported} kiriman diimpor");
    let mut en = format!("{imported} dispatches imported");
    for (n, part_id, part_en) in [
        (invalid, "baris salah dilewati", "invalid rows skipped"),
        (
            existing,
            "baris dilewati karena dokumennya sudah punya kiriman",
            "rows skipped as their documents already have a dispatch",
        ),
        (reprinted, "di antaranya cetak ulang", "of them reprints"),
    ] {
        if n > 0 {
            id.push_str(&format!("; {n} {part_id}"));
            en.push_str(&format!("; {n} {part_en}"));
        }
    }
    eprintln!(
        "{}",
        say(
            lang,
            &format!(
                "{id}. Kiriman masuk ke dokumen desa saat server berjalan (atau jalankan `antar-server publish`)."
            ),
            &format!(
                "{en}. They reach the desa documents while the server runs (or run `antar-server publish`)."
            ),
        )
    );
    Ok(())
}

/// A row whose document already has an open dispatch, for stderr.
fn existing_line(lang: Lang, line: u64, earlier: &Earlier, skipped: bool) -> String {
    let code = earlier.tracking_code;
    let status = earlier.status.label(lang);
    match (lang, skipped) {
        (Lang::Id, true) => {
            format!("baris {line}: dilewati, dokumen ini sudah punya kiriman {code} ({status})")
        }
        (Lang::Id, false) => format!(
            "baris {line}: dokumen ini sudah punya kiriman yang masih berjalan: {code} ({status})"
        ),
        (Lang::En, true) => {
            format!("line {line}: skipped, this document already has dispatch {code} ({status})")
        }
        (Lang::En, false) => {
            format!("line {line}: this document already has an open dispatch: {code} ({status})")
        }
    }
}

/// A row that reprints a document whose earlier dispatch is closed, for stderr.
fn reprint_line(lang: Lang, line: u64, earlier: &Earlier) -> String {
    let code = earlier.tracking_code;
    let status = earlier.status.label(lang);
    match lang {
        Lang::Id => format!("baris {line}: cetak ulang dari {code} ({status})"),
        Lang::En => format!("line {line}: reprint of {code} ({status})"),
    }
}

/// `init`: creates the database (SQLite in --data-dir) or prepares PostgreSQL's tables.
async fn init_command(cli: &Cli, lang: Lang) -> Result<(), AppError> {
    if let Some(url) = &cli.database_url {
        open_store(cli, true).await?;
        // Where, without the user, password or options.
        let host = url
            .split('?')
            .next()
            .and_then(|u| u.rsplit('@').next())
            .unwrap_or_default();
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Basis data PostgreSQL {host} siap (tabel dibuat atau diperbarui). Akun admin dibuat saat `serve` pertama."
                ),
                &format!(
                    "PostgreSQL database {host} is ready (tables created or updated). The admin account is made at the first `serve`."
                ),
            )
        );
        return Ok(());
    }
    let file = database_file(cli);
    let existed = std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.len() > 0);
    open_store(cli, true).await?;
    let (where_, dir) = (shown(&file), shown(&cli.data_dir));
    if existed {
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Basis data sudah ada di {where_}; isinya tidak diubah (skemanya diperbarui bila perlu)."
                ),
                &format!(
                    "The database already exists at {where_}; its data is unchanged (its schema updated if needed)."
                ),
            )
        );
    } else {
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Basis data dibuat di {where_}. Jalankan `antar-server --data-dir {dir} serve`: start pertama membuat akun admin."
                ),
                &format!(
                    "Database created at {where_}. Run `antar-server --data-dir {dir} serve`: the first start makes the admin account."
                ),
            )
        );
    }
    println!("{where_}");
    Ok(())
}

/// `dispatch issue`: one dispatch; its tracking code on stdout.
async fn issue_command(store: &Store, args: IssueArgs, lang: Lang) -> Result<(), AppError> {
    let input = DispatchInput {
        kind: args.kind,
        number: args.number,
        holder_name: args.holder_name,
        nik: args.nik,
        desa_code: args.desa,
        applicant_phone: args.phone,
        replaces: args.replaces,
        replace_reason: args.reason,
    };
    let issued = match dispatch::issue(store, &input).await {
        Ok(issued) => issued,
        Err(mut e) => {
            // Name the options, not the API's fields.
            for d in &mut e.details {
                d.field = match d.field.as_str() {
                    "holder_name" => "--holder-name",
                    "desa_code" => "--desa",
                    "applicant_phone" => "--phone",
                    "replace_reason" => "--reason",
                    "replaces" => "--replaces",
                    "kind" => "--kind",
                    "number" => "--number",
                    "nik" => "--nik",
                    other => other,
                }
                .to_owned();
            }
            if e.code == "dispatch.exists" {
                // The existing code, to spell out the option.
                let open = match input.validate(0) {
                    Ok(d) => store.precedents(std::slice::from_ref(&d)).await.ok(),
                    Err(_) => None,
                };
                if let Some(first) = open
                    .and_then(|p| p.into_iter().next())
                    .and_then(|p| p.open.first().copied())
                {
                    let code = first.tracking_code;
                    e.message
                        .push_str(&format!(" Caranya: --replaces {code} --reason \"…\"."));
                    e.message_en
                        .push_str(&format!(" Like this: --replaces {code} --reason \"…\"."));
                }
                e.details.clear();
            }
            return Err(e);
        }
    };
    let code = issued.tracking_code;
    let note = match issued.reissue {
        Some(antar_shared::doc::Reissue::Reprint(earlier)) => say(
            lang,
            &format!(
                "Kiriman diterbitkan sebagai cetak ulang dari {earlier} (kiriman sebelumnya sudah selesai)."
            ),
            &format!(
                "Dispatch issued as a reprint of {earlier} (the earlier dispatch had closed)."
            ),
        ),
        Some(antar_shared::doc::Reissue::Replaces(earlier)) => say(
            lang,
            &format!("Kiriman {earlier} ditarik; kiriman baru menggantikannya."),
            &format!("Dispatch {earlier} recalled; the new dispatch replaces it."),
        ),
        None => say(lang, "Kiriman diterbitkan.", "Dispatch issued."),
    };
    eprintln!("{note}");
    println!("{code}");
    Ok(())
}

/// `device list` and `device revoke`.
async fn device_command(store: &Store, command: DeviceCommand, lang: Lang) -> Result<(), AppError> {
    match command {
        DeviceCommand::List { desa, json } => {
            let desa = desa
                .as_deref()
                .map(|d| {
                    let code = VillageCode::parse(d).map_err(bad_code)?;
                    region::require(code)
                        .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))?;
                    Ok::<_, AppError>(code)
                })
                .transpose()?;
            let devices = store.list_devices(desa).await?;
            if json {
                return print_json(&devices);
            }
            let time = |t: Option<i64>| {
                t.map(|t| antar_shared::time::UnixTime(t).wita())
                    .unwrap_or_else(|| "-".to_owned())
            };
            for d in &devices {
                let state = if d.revoked_at.is_some() {
                    say(lang, "dicabut", "revoked")
                } else {
                    say(lang, "aktif", "active")
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
                say(
                    lang,
                    &format!(
                        "{} perangkat (nomor, desa, nama, terdaftar, keadaan, sinkron terakhir)",
                        devices.len()
                    ),
                    &format!(
                        "{} devices (id, desa, name, enrolled, state, last sync)",
                        devices.len()
                    )
                )
            );
            Ok(())
        }
        DeviceCommand::Revoke { id } => {
            if !store.revoke_device(id, now()).await? {
                return Err(AppError::not_found(
                    "device.not_found",
                    format!("Perangkat {id} tidak ada (lihat `antar-server device list`)"),
                    format!("No device {id} (see `antar-server device list`)"),
                ));
            }
            tracing::info!(device = id, "device revoked from the command line");
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("Perangkat {id} dicabut: tokennya tidak berlaku lagi."),
                    &format!("Device {id} revoked: its token no longer works.")
                )
            );
            Ok(())
        }
    }
}

/// `backup FILE`: a consistent copy of the live SQLite database (`VACUUM INTO`).
async fn backup_command(store: &Store, file: &Path, lang: Lang) -> Result<(), AppError> {
    if store.backend() != Backend::Sqlite {
        return Err(AppError::internal("backup on a non-SQLite store"));
    }
    let target = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "backup.exists",
            format!(
                "{} sudah ada; cadangan tidak menimpa berkas. Pilih nama baru.",
                target.display()
            ),
            format!(
                "{} already exists; a backup never overwrites a file. Choose a new name.",
                target.display()
            ),
        ));
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(AppError::new(
            ErrorKind::BadRequest,
            "backup.folder",
            format!("Folder {} tidak ada", folder.display()),
            format!("The folder {} does not exist", folder.display()),
        ));
    }
    let Some(text) = target.to_str() else {
        return Err(AppError::new(
            ErrorKind::BadRequest,
            "backup.path",
            "Nama berkas cadangan harus teks UTF-8",
            "The backup file name must be UTF-8 text",
        ));
    };
    let done = sqlx::query("VACUUM INTO $1")
        .bind(text.to_owned())
        .execute(store.pool())
        .await;
    if let Err(e) = done {
        // Leave no half-written copy behind.
        let _ = std::fs::remove_file(&target);
        return Err(AppError::new(
            ErrorKind::Internal,
            "backup.failed",
            format!("Cadangan gagal: {e}"),
            format!("The backup failed: {e}"),
        ));
    }
    let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "{}",
        say(
            lang,
            &format!(
                "Cadangan tersimpan: {} ({size} bita). Pulihkan dengan `antar-server restore {}` (server dihentikan dulu).",
                target.display(),
                target.display()
            ),
            &format!(
                "Backup saved: {} ({size} bytes). Restore it with `antar-server restore {}` (stop the server first).",
                target.display(),
                target.display()
            ),
        )
    );
    Ok(())
}

/// Tables every Antar database has.
const ANTAR_TABLES: [&str; 8] = [
    "_sqlx_migrations",
    "users",
    "devices",
    "documents",
    "ops",
    "dispatches",
    "manifests",
    "regions",
];

fn restore_error(code: &'static str, id: String, en: String) -> AppError {
    AppError::new(ErrorKind::Unprocessable, code, id, en)
}

/// Checks that `file` is an intact Antar database this version can open.
async fn check_backup(file: &Path, shown_as: &Path) -> Result<(), AppError> {
    use sqlx::Connection;
    let not_antar = |why: String, why_en: String| {
        restore_error(
            "restore.not_antar",
            format!(
                "{} bukan basis data Antar yang bisa dipulihkan: {why}",
                shown_as.display()
            ),
            format!(
                "{} is not an Antar database that can be restored: {why_en}",
                shown_as.display()
            ),
        )
    };
    let unreadable = |e: sqlx::Error| {
        not_antar(
            format!("tidak terbaca ({e})"),
            format!("it cannot be read ({e})"),
        )
    };
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .create_if_missing(false);
    let mut conn = sqlx::sqlite::SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| {
            not_antar(
                format!("tidak bisa dibuka ({e})"),
                format!("it cannot be opened ({e})"),
            )
        })?;
    let checked = async {
        let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .map_err(unreadable)?;
        if integrity != ["ok"] {
            let first = integrity.first().cloned().unwrap_or_default();
            return Err(not_antar(
                format!("pemeriksaan keutuhan gagal ({first})"),
                format!("the integrity check failed ({first})"),
            ));
        }
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&mut conn)
                .await
                .map_err(unreadable)?;
        let missing: Vec<&str> = ANTAR_TABLES
            .iter()
            .copied()
            .filter(|t| !tables.iter().any(|have| have == t))
            .collect();
        if !missing.is_empty() {
            return Err(not_antar(
                format!("tabel {} tidak ada", missing.join(", ")),
                format!("tables {} are missing", missing.join(", ")),
            ));
        }
        let newest: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut conn)
                .await
                .map_err(unreadable)?;
        let known = sqlx::migrate!("./migrations/sqlite")
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0);
        if newest.unwrap_or(0) > known {
            return Err(not_antar(
                "dibuat oleh versi Antar yang lebih baru".to_owned(),
                "it was made by a newer version of Antar".to_owned(),
            ));
        }
        Ok(())
    }
    .await;
    let _ = conn.close().await;
    checked
}

/// Whether another process (a running server) has the database open: in WAL mode
/// every open connection holds a shared lock on the file, so an exclusive lock is
/// refused at once. Taking it also folds the write-ahead log into the file, so the
/// database kept aside is complete in one file. A database that cannot be opened at all
/// (the reason for a restore, perhaps) is not in use by anyone.
async fn in_use(file: &Path) -> bool {
    use sqlx::{Connection, Executor};
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(false)
        .locking_mode(sqlx::sqlite::SqliteLockingMode::Exclusive)
        .busy_timeout(std::time::Duration::ZERO);
    let Ok(mut conn) = sqlx::sqlite::SqliteConnection::connect_with(&options).await else {
        return false;
    };
    let locked = match conn.execute("BEGIN EXCLUSIVE").await {
        Ok(_) => {
            let _ = conn.execute("COMMIT").await;
            false
        }
        Err(sqlx::Error::Database(e)) => {
            e.code().is_some_and(|c| c == "5" || c == "6") || e.message().contains("locked")
        }
        Err(_) => false,
    };
    let _ = conn.close().await;
    locked
}

/// `restore FILE` (SQLite): checks the backup, keeps the current database as
/// `antar.db.before-restore-<unix time>`, and puts a copy of the backup in its place at
/// once (a temporary file in the same folder, flushed to disk, then renamed).
async fn restore_command(cli: &Cli, file: &Path, lang: Lang) -> Result<(), AppError> {
    if cli.database_url.is_some() {
        return Err(restore_error(
            "restore.postgres",
            "Perintah restore untuk SQLite. Pulihkan PostgreSQL dengan pg_restore (server dihentikan dulu).".to_owned(),
            "The restore command is for SQLite. Restore PostgreSQL with pg_restore (stop the server first).".to_owned(),
        ));
    }
    eprintln!(
        "{}",
        say(
            lang,
            "Server Antar harus dihentikan selama pemulihan (jalankan lagi sesudahnya).",
            "The Antar server must be stopped while restoring (start it again afterwards)."
        )
    );
    let source = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
    if !source.is_file() {
        return Err(restore_error(
            "restore.no_file",
            format!("Berkas cadangan {} tidak ada", source.display()),
            format!("The backup file {} does not exist", source.display()),
        ));
    }
    let dir = cli.data_dir.clone();
    let io_error = |what: &str, what_en: &str, e: std::io::Error| {
        AppError::new(
            ErrorKind::Internal,
            "restore.io",
            format!("Pemulihan gagal saat {what}: {e}"),
            format!("The restore failed while {what_en}: {e}"),
        )
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| io_error("membuat folder data", "creating the data folder", e))?;
    let current = database_file(cli);
    if let (Ok(a), Ok(b)) = (source.canonicalize(), current.canonicalize())
        && a == b
    {
        return Err(restore_error(
            "restore.same_file",
            format!(
                "{} adalah basis data yang sedang dipakai, bukan cadangan",
                source.display()
            ),
            format!("{} is the database in use, not a backup", source.display()),
        ));
    }
    if current.exists() && in_use(&current).await {
        return Err(restore_error(
            "restore.in_use",
            format!(
                "Basis data {} sedang dipakai (server Antar masih berjalan?). Hentikan server dulu, lalu pulihkan lagi; tidak ada yang diubah.",
                shown(&current)
            ),
            format!(
                "The database {} is in use (is the Antar server still running?). Stop the server first, then restore again; nothing was changed.",
                shown(&current)
            ),
        ));
    }
    // The copy that will become the database, checked as it will be used.
    let temp = dir.join(format!("antar.db.restore-{}.tmp", std::process::id()));
    let remove_temp = |temp: &Path| {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = temp.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    };
    remove_temp(&temp);
    let copied = std::fs::copy(&source, &temp)
        .and_then(|_| std::fs::File::open(&temp).and_then(|f| f.sync_all()));
    if let Err(e) = copied {
        remove_temp(&temp);
        return Err(io_error("menyalin cadangan", "copying the backup", e));
    }
    if let Err(e) = check_backup(&temp, &source).await {
        remove_temp(&temp);
        return Err(e);
    }
    // Checking may have left empty -wal/-shm files next to the copy.
    for suffix in ["-wal", "-shm"] {
        let mut name = temp.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
    let sidecar = |base: &Path, suffix: &str| {
        let mut name = base.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    // Keep the current database (with its write-ahead log, which holds its newest
    // commits) under a new name that SQLite can still open.
    let mut kept = None;
    if current.exists() {
        let keep = dir.join(format!("antar.db.before-restore-{}", now()));
        let linked = std::fs::hard_link(&current, &keep)
            .or_else(|_| std::fs::copy(&current, &keep).map(|_| ()));
        if let Err(e) = linked {
            remove_temp(&temp);
            return Err(io_error(
                "menyimpan basis data sekarang",
                "keeping the current database",
                e,
            ));
        }
        let wal = sidecar(&current, "-wal");
        if wal.exists()
            && let Err(e) = std::fs::rename(&wal, sidecar(&keep, "-wal"))
        {
            remove_temp(&temp);
            return Err(io_error(
                "menyimpan log basis data sekarang",
                "keeping the current database's log",
                e,
            ));
        }
        kept = Some(keep);
    }
    // Stale sidecars of the old database must not be applied to the restored one.
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sidecar(&current, suffix));
    }
    if let Err(e) = std::fs::rename(&temp, &current) {
        remove_temp(&temp);
        return Err(io_error(
            "mengganti basis data",
            "replacing the database",
            e,
        ));
    }
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(&dir) {
        let _ = folder.sync_all();
    }
    let (to, from) = (shown(&current), source.display().to_string());
    eprintln!(
        "{}",
        say(
            lang,
            &format!("Basis data {to} dipulihkan dari {from}."),
            &format!("Database {to} restored from {from}.")
        )
    );
    if let Some(keep) = kept {
        eprintln!(
            "{}",
            say(
                lang,
                &format!("Basis data sebelumnya disimpan sebagai {}.", shown(&keep)),
                &format!("The previous database is kept as {}.", shown(&keep))
            )
        );
    }
    eprintln!(
        "{}",
        say(
            lang,
            "Jalankan server lagi. Perangkat desa akan mengirim ulang apa yang tidak ada di cadangan pada sinkron berikutnya.",
            "Start the server again. Desa devices will hand back what the backup lacks at their next sync."
        )
    );
    Ok(())
}

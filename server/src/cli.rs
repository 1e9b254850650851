//! The command line: every operation of the server, with `--help` that teaches, and
//! which command runs ([`run`]).
//!
//! This module knows the commands (`crate::commands`, one file per command, each with
//! its own arguments); they do not know it: each takes its own arguments and what it
//! needs of the global options, so the parser and the commands are no circle.

use std::path::PathBuf;

use antar_shared::Lang;
use clap::{Parser, Subcommand};

use crate::commands::{
    Database, audit, backup, config, custody, device, dispatch, enroll_code, import, init,
    manifest, migrate_to, office_hours, open_store, publish, serve, slips, token, user, verify,
};
use crate::error::AppError;
use crate::store::Store;

/// Antar — server Dinas Dukcapil / the Dukcapil service.
///
/// Menerbitkan catatan kiriman dokumen kependudukan yang sudah dicetak, mengatur manifes
/// kurir, mendaftarkan perangkat kantor desa, menerima sinkronisasi dari agen desa, dan
/// menjawab pertanyaan status dari warga.
///
/// Issues dispatch records for finished civil-registry documents, manages courier
/// manifests, enrolls desa office devices, syncs with desa agents and answers residents'
/// status lookups.
///
/// Penyimpanan / storage: berkas SQLite di --data-dir (bawaan ./antar-data), atau
/// PostgreSQL dengan --database-url postgres://… untuk skala kabupaten/provinsi.
/// Hanya `serve` dan `init` yang membuat basis data baru; perintah lain menolak folder
/// tanpa basis data. / Only `serve` and `init` create a new database; other commands
/// refuse a folder without one.
///
/// Mulai cepat / quick start:
///   antar-server serve --demo          # jalankan dengan data contoh / run with sample data
///   antar-server init                  # atau buat basis data saja / or just create the database
///   antar-server import kiriman.csv    # impor kiriman / import dispatches
///   antar-server enroll-code 52.06.03.2012
///   antar-server backup cadangan.db    # cadangan / backup (SQLite)
#[derive(Debug, Parser)]
#[command(
    name = "antar-server",
    version,
    about,
    long_about,
    verbatim_doc_comment
)]
pub struct Cli {
    /// Where the server keeps its SQLite database / tempat basis data SQLite.
    #[arg(
        long,
        env = "ANTAR_DATA_DIR",
        default_value = "./antar-data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// PostgreSQL instead of SQLite, e.g. postgres://antar@localhost/antar.
    /// Pakai PostgreSQL alih-alih SQLite.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Language of messages: id (Bahasa Indonesia) or en / bahasa pesan.
    #[arg(long, env = "ANTAR_LANG", default_value = "id", global = true)]
    pub lang: String,

    /// Berkas pengaturan TOML / settings file (bawaan/default /etc/antar/server.toml
    /// bila ada / when present). Kuncinya nama opsi: `data_dir = "/var/lib/antar"`,
    /// `[serve] listen = "0.0.0.0:8080"`. Urutan / precedence: opsi > lingkungan >
    /// berkas > bawaan (flag > environment > file > default).
    #[arg(long, env = "ANTAR_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The settings file as read by `main` (for `config check`).
    #[arg(skip)]
    pub loaded: Option<antar_shared::config::Loaded>,

    /// What to do / perintah.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Jalankan server HTTP / run the HTTP server.
    ///
    /// Start pertama membuat basis data, memuat kode wilayah NTB, dan membuat akun admin
    /// yang kata sandinya dicetak sekali. / The first start creates the database, loads
    /// the NTB region codes, and creates an admin account whose password is printed once.
    Serve(serve::ServeArgs),
    /// Buat basis data baru di --data-dir (atau siapkan --database-url) / create the
    /// database in --data-dir (or prepare --database-url).
    ///
    /// Perintah lain tidak pernah membuat basis data: dijalankan dari folder yang salah,
    /// mereka menolak alih-alih menulis ke basis data kosong yang tidak dibaca server.
    /// Akun admin dibuat saat `serve` pertama. / Other commands never create a database:
    /// run from the wrong folder they refuse instead of writing into an empty database no
    /// server reads. The admin account is made at the first `serve`.
    Init,
    /// Kelola akun petugas / manage operator accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Buat token API untuk skrip / make an API token for scripts.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Impor kiriman dari CSV / import dispatches from a CSV file.
    ///
    /// Kolom / columns: kind,number,holder_name,nik,desa_code,applicant_phone
    /// (applicant_phone boleh kosong / may be empty). `kind`: kk, ktp-el, kia,
    /// akta-kelahiran, akta-kematian, akta-perkawinan, akta-perceraian, skpwni, lainnya,
    /// atau nama resminya / or the official name. `desa_code` bertitik atau tidak /
    /// dotted or not; telepon / phone 08… atau / or 628….
    ///
    /// Semua baris diperiksa dulu; satu baris salah = tidak ada yang diimpor (kecuali
    /// --skip-invalid). Every row is checked first; one bad row = nothing is imported
    /// (unless --skip-invalid). Kode lacak ditulis sebagai CSV ke stdout atau --output.
    /// Tracking codes are written as CSV to stdout or --output.
    ///
    /// Dokumen (jenis dan nomor) yang sudah punya kiriman yang masih berjalan tidak
    /// diterbitkan lagi: tidak ada yang diimpor, dan kode lacaknya disebut per baris
    /// (kecuali --skip-existing, yang mengimpor sisanya). Dokumen yang kiriman
    /// sebelumnya sudah selesai diimpor sebagai cetak ulang. / A document (kind and
    /// number) that already has an open dispatch is not issued again: nothing is
    /// imported and its tracking code is named per line (unless --skip-existing, which
    /// imports the rest). A document whose earlier dispatch is closed is imported as a
    /// reprint.
    Import(import::ImportArgs),
    /// Slip warga (tanda terima pengambilan) satu terbitan, untuk dicetak A4 / the
    /// residents' slips of a batch, to print on A4.
    ///
    /// Delapan per halaman dengan garis potong: jenis dokumen, kantor desa dan jam
    /// layanannya, kode lacak besar, dan kode QR ke /cek/KODE; tanpa NIK, nama pemilik
    /// berupa inisial kecuali dipilih lain. / Eight a page with cut lines: the kind,
    /// the desa office and its hours, the tracking code large, and a QR to /cek/CODE;
    /// no NIK, the holder's initials unless chosen otherwise.
    ///
    /// Contoh / example: antar-server slips 12 --output slip.html --public-url https://antar.bimakab.go.id
    Slips(slips::SlipsArgs),
    /// Buat kode pendaftaran sekali pakai untuk perangkat desa / make a one-time
    /// enrollment code for a desa device (berlaku 3 hari / valid 3 days).
    EnrollCode(enroll_code::EnrollCodeArgs),
    /// Jam layanan kantor desa untuk halaman warga / a desa office's opening hours,
    /// shown to residents whose document waits there.
    ///
    /// Contoh / example: antar-server office-hours 52.06.03.2012 "Senin–Kamis 08.00–12.00 WITA"
    OfficeHours(office_hours::OfficeHoursArgs),
    /// Terbitkan, lihat dan tarik kiriman / issue, show, list and recall dispatches.
    #[command(subcommand)]
    Dispatch(DispatchCommand),
    /// Manifes kurir / courier manifests.
    #[command(subcommand)]
    Manifest(ManifestCommand),
    /// Terbitkan sekarang kiriman yang belum masuk dokumen desa / publish pending
    /// dispatches into their desa documents now (the server also does it in the background).
    Publish,
    /// Perangkat desa yang terdaftar / enrolled desa devices.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Catatan audit: siapa melakukan apa, kapan, dari mana / the audit log: who did
    /// what, when, from where.
    ///
    /// Setiap entri membawa hash entri sebelumnya; `audit verify` memeriksa rantainya.
    /// / Each entry carries the previous entry's hash; `audit verify` checks the chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Cadangkan basis data SQLite ke berkas baru, saat server berjalan pun / back up the
    /// SQLite database into a new file, even while the server runs.
    ///
    /// Salinan utuh dan konsisten (VACUUM INTO); berkas yang sudah ada tidak ditimpa.
    /// Untuk PostgreSQL pakai pg_dump. / A complete, consistent copy (VACUUM INTO); an
    /// existing file is never overwritten. On PostgreSQL use pg_dump.
    Backup(backup::BackupArgs),
    /// Pulihkan basis data SQLite dari cadangan / restore the SQLite database from a backup.
    ///
    /// Hentikan server dulu. Berkas diperiksa (PRAGMA integrity_check, tabel Antar);
    /// basis data sekarang disimpan sebagai antar.db.before-restore-<waktu>, lalu diganti
    /// sekaligus. Perangkat desa mengirim ulang yang tidak ada di cadangan pada sinkron
    /// berikutnya. / Stop the server first. The file is checked (PRAGMA integrity_check,
    /// Antar's tables); the current database is kept as antar.db.before-restore-<time>,
    /// then replaced at once. Desa devices hand back what the backup lacks at their next
    /// sync.
    Restore(backup::RestoreArgs),
    /// Pindahkan basis data SQLite ke PostgreSQL / move the SQLite database to PostgreSQL.
    ///
    /// Semua tabel disalin (kunci tanda tangan server juga) dalam satu transaksi ke basis
    /// data PostgreSQL yang masih kosong, lalu jumlah baris tiap tabel dicocokkan sebelum
    /// disimpan. Hentikan server dulu; sesudahnya jalankan server dengan --database-url.
    /// / Every table (the server's signing key too) is copied in one transaction into an
    /// empty PostgreSQL database, and each table's row count is compared before it
    /// commits. Stop the server first; afterwards run it with --database-url.
    ///
    /// Contoh / example: antar-server migrate-to postgres://antar@127.0.0.1/antar
    MigrateTo(migrate_to::MigrateToArgs),
    /// Periksa tanda terima penyerahan warga / check a resident's handover receipt.
    ///
    /// Dengan --key KUNCI (kunci publik yang diumumkan) pemeriksaan berjalan tanpa basis
    /// data dan tanpa internet; tanpa itu kunci server ini dipakai. Tanda terima yang
    /// diubah atau dari perangkat yang tidak disahkan ditolak dengan alasannya (status
    /// keluar 1). / With --key KEY (the published public key) the check runs without a
    /// database and offline; without it this server's key is used. A changed receipt,
    /// or one from a device not certified, is refused with the reason (exit status 1).
    ///
    /// Contoh / example: antar-server verify --key 3b6a…da29 'AR1:6BFA…'
    Verify(verify::VerifyArgs),
    /// Pengaturan / settings: `config check` mencetak pengaturan `serve` yang berlaku
    /// dan asalnya / prints the settings `serve` would run with and where each came from.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Cetak kunci publik server untuk diumumkan: dengannya siapa pun memeriksa tanda
    /// terima tanpa internet / print the server's public key to publish: with it anyone
    /// checks receipts offline.
    PublicKey,
}

/// `config` commands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Cetak pengaturan yang berlaku (rahasia disamarkan) dan periksa nilainya /
    /// print the effective settings (secrets hidden) and check their values.
    Check,
}

/// `user` commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Tambah akun / add an account. Kata sandi dari stdin, atau dibuat dan dicetak sekali.
    /// The password is read from stdin, or generated and printed once.
    Add(user::AddArgs),
    /// Daftar akun: peran, keadaan, masuk terakhir / list accounts: role, state, last
    /// login.
    List(user::ListArgs),
    /// Ganti kata sandi: kata sandi sekarang lalu yang baru dibaca dari stdin, satu per
    /// baris / change a password: the current one, then the new one, read from stdin,
    /// one per line.
    Password(user::NameArgs),
    /// Atur ulang kata sandi yang terlupa: kata sandi sekali pakai dicetak, sesi masuk
    /// akun itu berakhir / reset a forgotten password: a one-time password is printed,
    /// the account's login sessions end.
    Reset(user::NameArgs),
    /// Nonaktifkan akun: semua sesi dan token API-nya langsung berakhir / disable an
    /// account: all its sessions and API tokens end at once.
    Disable(user::NameArgs),
    /// Aktifkan lagi akun yang dinonaktifkan / enable a disabled account again.
    Enable(user::NameArgs),
    /// Batasi akun ke kecamatan tertentu (operator kecamatan), atau semua lagi /
    /// limit an account to some kecamatan (a kecamatan operator), or all again.
    Scope(user::ScopeArgs),
}

/// `token` commands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Buat token API (tidak kedaluwarsa) untuk akun / make a non-expiring API token.
    Create(token::CreateArgs),
}

/// `dispatch` commands.
#[derive(Debug, Subcommand)]
pub enum DispatchCommand {
    /// Terbitkan satu kiriman; kode lacak dicetak ke stdout / issue one dispatch; its
    /// tracking code is printed on stdout.
    ///
    /// Dokumen (jenis dan nomor) yang masih punya kiriman berjalan ditolak, kecuali
    /// --replaces KODE --reason "…": kiriman lama ditarik dan yang baru menggantikannya.
    /// Dokumen yang kiriman sebelumnya sudah selesai diterbitkan sebagai cetak ulang.
    /// / A document (kind and number) with an open dispatch is refused, unless
    /// --replaces CODE --reason "…": the old one is recalled and the new one replaces it.
    /// A document whose earlier dispatch is closed is issued as a reprint.
    ///
    /// Contoh / example: antar-server dispatch issue --kind kk --number 5206031203240001
    ///   --holder-name "Siti Aminah" --nik 5206034507900001 --desa 52.06.03.2012
    #[command(verbatim_doc_comment)]
    Issue(dispatch::IssueArgs),
    /// Status, tanda dan riwayat satu kiriman / status, flags and history of one dispatch.
    Show(dispatch::ShowArgs),
    /// Daftar kiriman / list dispatches.
    List(dispatch::ListArgs),
    /// Tarik kiriman (mis. salah cetak) / recall a dispatch (e.g. a misprint).
    Recall(dispatch::RecallArgs),
    /// Catat penerimaan atas nama desa (komputer desa rusak) / record a receipt on the
    /// desa's behalf (its PC is broken).
    Receive(custody::ReceiveArgs),
    /// Catat penyerahan atas nama desa; NIK dicocokkan dengan data Dukcapil / record a
    /// handover on the desa's behalf; a NIK is checked against Dukcapil's record.
    ///
    /// Contoh / example: antar-server dispatch handover 7KQM-2XWP-8RD0 --recipient
    ///   "Siti Aminah" --relation holder --clerk "Nurul Hamzah" --nik 5206034507900001
    #[command(verbatim_doc_comment)]
    Handover(custody::HandoverArgs),
    /// Catat pengembalian atas nama desa / record a return on the desa's behalf.
    Return(custody::ReturnArgs),
    /// Selesaikan konflik; tanpa pilihan: tampilkan versinya / settle a conflict;
    /// without a choice: list the versions.
    Resolve(custody::ResolveArgs),
}

/// `device` commands.
#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Daftar perangkat dengan sinkron terakhir / list devices with their last sync.
    List(device::ListArgs),
    /// Cabut perangkat: tokennya langsung tidak berlaku / revoke a device: its token
    /// stops working at once.
    Revoke(device::RevokeArgs),
    /// Ganti nama perangkat (tampil di riwayat) / rename a device (as histories show it).
    Rename(device::RenameArgs),
}

/// `audit` commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Tampilkan entri, terbaru dulu / list entries, newest first.
    List(audit::ListArgs),
    /// Periksa rantai hash: gagal bila ada entri yang diubah, dihapus atau dipotong /
    /// check the hash chain: fails when an entry was changed, removed or cut off.
    Verify,
}

/// `manifest` commands.
#[derive(Debug, Subcommand)]
pub enum ManifestCommand {
    /// Buat manifes untuk satu desa / create a manifest for one desa.
    Create(manifest::CreateArgs),
    /// Tampilkan manifes / show a manifest.
    Show(manifest::ShowArgs),
}

impl Cli {
    /// Where the database is, from the global options.
    pub fn database(&self) -> Database {
        Database {
            data_dir: self.data_dir.clone(),
            url: self.database_url.clone(),
        }
    }
}

/// Runs one command: opens the store the way the command needs it (only `serve` and
/// `init` may create the database; `backup` and `restore` check the backend first)
/// and hands it to the command.
pub async fn run(cli: Cli, lang: Lang) -> Result<(), AppError> {
    let db = cli.database();
    match &cli.command {
        Command::Init => return init::run(&db, lang).await,
        Command::Restore(args) => return backup::restore(&db, args, lang).await,
        Command::Backup(_) if db.url.is_some() => return Err(backup::not_sqlite()),
        Command::MigrateTo(_) if db.url.is_some() => {
            return Err(AppError::new(
                crate::error::ErrorKind::BadRequest,
                "migrate_to.not_sqlite",
            ));
        }
        Command::Config(ConfigCommand::Check) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            return config::check(&cmd, cli.loaded.as_ref(), lang);
        }
        Command::Verify(_) => {
            let Command::Verify(args) = cli.command else {
                return Ok(());
            };
            return verify::run(&db, args, lang).await;
        }
        _ => {}
    }
    let create = matches!(cli.command, Command::Serve(_));
    let store = open_store(&db, create).await?;
    match cli.command {
        Command::Init | Command::Restore(_) | Command::Verify(_) | Command::Config(_) => Ok(()),
        Command::Serve(args) => serve::run(store, args, &db.data_dir, lang).await,
        Command::User(command) => command.run(&store, lang).await,
        Command::Token(command) => command.run(&store, lang).await,
        Command::Import(args) => import::run(&store, args, lang).await,
        Command::Slips(args) => slips::run(&store, args, lang).await,
        Command::EnrollCode(args) => enroll_code::run(&store, args, lang).await,
        Command::OfficeHours(args) => office_hours::run(&store, args, lang).await,
        Command::Dispatch(command) => command.run(&store, lang).await,
        Command::Manifest(command) => command.run(&store, lang).await,
        Command::Publish => publish::run(&store, lang).await,
        Command::Device(command) => command.run(&store, lang).await,
        Command::Audit(AuditCommand::List(args)) => audit::list(&store, args, lang).await,
        Command::Audit(AuditCommand::Verify) => audit::verify(&store, lang).await,
        Command::Backup(args) => backup::run(&store, &args, lang).await,
        Command::MigrateTo(args) => migrate_to::run(&store, &args, lang).await,
        Command::PublicKey => verify::public_key(&store, lang).await,
    }
}

impl UserCommand {
    /// Runs a `user` subcommand.
    async fn run(self, store: &Store, lang: Lang) -> Result<(), AppError> {
        match self {
            UserCommand::Add(args) => user::add(store, args, lang).await,
            UserCommand::List(args) => user::list(store, args, lang).await,
            UserCommand::Password(args) => user::password(store, args, lang).await,
            UserCommand::Reset(args) => user::reset(store, args, lang).await,
            UserCommand::Disable(args) => user::set_enabled(store, args, false, lang).await,
            UserCommand::Enable(args) => user::set_enabled(store, args, true, lang).await,
            UserCommand::Scope(args) => user::scope(store, args, lang).await,
        }
    }
}

impl TokenCommand {
    /// Runs a `token` subcommand.
    async fn run(self, store: &Store, lang: Lang) -> Result<(), AppError> {
        match self {
            TokenCommand::Create(args) => token::create(store, args, lang).await,
        }
    }
}

impl DispatchCommand {
    /// Runs a `dispatch` subcommand: Dukcapil's own, or one recorded for a desa.
    async fn run(self, store: &Store, lang: Lang) -> Result<(), AppError> {
        match self {
            DispatchCommand::Issue(args) => dispatch::issue(store, args, lang).await,
            DispatchCommand::Show(args) => dispatch::show(store, args, lang).await,
            DispatchCommand::List(args) => dispatch::list(store, args, lang).await,
            DispatchCommand::Recall(args) => dispatch::recall(store, args, lang).await,
            DispatchCommand::Receive(args) => custody::receive(store, args, lang).await,
            DispatchCommand::Handover(args) => custody::handover(store, args, lang).await,
            DispatchCommand::Return(args) => custody::send_back(store, args, lang).await,
            DispatchCommand::Resolve(args) => custody::resolve(store, args, lang).await,
        }
    }
}

impl ManifestCommand {
    /// Runs a `manifest` subcommand.
    async fn run(self, store: &Store, lang: Lang) -> Result<(), AppError> {
        match self {
            ManifestCommand::Create(args) => manifest::create(store, args, lang).await,
            ManifestCommand::Show(args) => manifest::show(store, args, lang).await,
        }
    }
}

impl DeviceCommand {
    /// Runs a `device` subcommand.
    async fn run(self, store: &Store, lang: Lang) -> Result<(), AppError> {
        match self {
            DeviceCommand::List(args) => device::list(store, args, lang).await,
            DeviceCommand::Revoke(args) => device::revoke(store, args, lang).await,
            DeviceCommand::Rename(args) => device::rename(store, args, lang).await,
        }
    }
}

//! The command line: every operation of the server, with `--help` that teaches.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::store::users::Role;

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
///
/// Mulai cepat / quick start:
///   antar-server serve --demo          # jalankan dengan data contoh / run with sample data
///   antar-server import kiriman.csv    # impor kiriman / import dispatches
///   antar-server enroll-code 52.06.03.2012
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
    Serve(ServeArgs),
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
    Import(ImportArgs),
    /// Buat kode pendaftaran sekali pakai untuk perangkat desa / make a one-time
    /// enrollment code for a desa device (berlaku 3 hari / valid 3 days).
    EnrollCode {
        /// Kode desa / desa code, e.g. 52.06.03.2012.
        desa_code: String,
    },
    /// Jam layanan kantor desa untuk halaman warga / a desa office's opening hours,
    /// shown to residents whose document waits there.
    ///
    /// Contoh / example: antar-server office-hours 52.06.03.2012 "Senin–Kamis 08.00–12.00 WITA"
    OfficeHours {
        /// Kode desa / desa code, e.g. 52.06.03.2012.
        desa_code: String,
        /// Jam layanan / opening hours, one line, at most 120 characters.
        hours: String,
    },
    /// Lihat dan tarik kiriman / show, list and recall dispatches.
    #[command(subcommand)]
    Dispatch(DispatchCommand),
    /// Manifes kurir / courier manifests.
    #[command(subcommand)]
    Manifest(ManifestCommand),
    /// Terbitkan sekarang kiriman yang belum masuk dokumen desa / publish pending
    /// dispatches into their desa documents now (the server also does it in the background).
    Publish,
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Alamat dengar / address to listen on.
    #[arg(long, env = "ANTAR_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Terbitkan contoh kiriman ke beberapa desa di Kabupaten Bima (sekali) / issue sample
    /// dispatches to a few Kabupaten Bima desa (once).
    #[arg(long)]
    pub demo: bool,
    /// Batas cek status & pendaftaran per alamat per menit / public lookups and
    /// enrollments per client address per minute.
    #[arg(long, env = "ANTAR_PUBLIC_PER_MINUTE", default_value_t = 60)]
    pub public_per_minute: u32,
    /// Jam layanan kantor desa di halaman warga / the desa offices' opening hours on the
    /// residents' page, e.g. "Senin–Jumat 08.00–14.00 WITA" (bawaan / default: that).
    #[arg(long, env = "ANTAR_OFFICE_HOURS")]
    pub office_hours: Option<String>,
    /// Alamat publik server di balik proxy HTTPS / the server's public address behind an
    /// HTTPS proxy, e.g. https://antar.bimakab.go.id: used in the QR codes printed on
    /// manifests, to recognise the dashboard's own forms, and to mark the login cookie
    /// Secure. Bawaan / default: the address the browser used.
    #[arg(long, env = "ANTAR_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Di balik reverse proxy: batasi per alamat klien dari X-Forwarded-For / behind a
    /// reverse proxy: rate-limit by the client address in X-Forwarded-For or Forwarded
    /// (only when the proxy sets them; otherwise clients could pick their own address).
    #[arg(long, env = "ANTAR_TRUST_PROXY")]
    pub trust_proxy: bool,
}

/// `user` commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Tambah akun / add an account. Kata sandi dari stdin, atau dibuat dan dicetak sekali.
    /// The password is read from stdin, or generated and printed once.
    Add {
        /// Nama masuk / login name.
        name: String,
        /// Peran / role.
        #[arg(long, value_enum)]
        role: Role,
        /// Baca kata sandi dari stdin / read the password from stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Daftar akun / list accounts.
    List,
}

/// `token` commands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Buat token API (tidak kedaluwarsa) untuk akun / make a non-expiring API token.
    Create {
        /// Nama akun / account name.
        user: String,
        /// Label untuk mengenali token / a label to recognise the token.
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

/// Options of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Berkas CSV / the CSV file.
    pub file: PathBuf,
    /// Hanya periksa, jangan simpan / check only, store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Impor baris yang benar walau ada yang salah / import the good rows anyway.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Tulis kode lacak ke berkas ini / write tracking codes to this file.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// `dispatch` commands.
#[derive(Debug, Subcommand)]
pub enum DispatchCommand {
    /// Status, tanda dan riwayat satu kiriman / status, flags and history of one dispatch.
    Show {
        /// Kode lacak / tracking code.
        tracking_code: String,
        /// Keluaran JSON / JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Daftar kiriman / list dispatches.
    List {
        /// Kode desa / desa code.
        #[arg(long)]
        desa: Option<String>,
        /// Kode kecamatan / district code (52.06.03).
        #[arg(long)]
        kecamatan: Option<String>,
        /// Status: issued, in_transit, at_desa, handed_over, returned, recalled.
        #[arg(long)]
        status: Option<String>,
        /// Jenis / kind (kk, ktp-el…).
        #[arg(long)]
        kind: Option<String>,
        /// Hanya yang konflik / only conflicts.
        #[arg(long)]
        conflict: bool,
        /// Paling banyak / at most.
        #[arg(long, default_value_t = 100)]
        limit: i64,
        /// Keluaran JSON / JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Tarik kiriman (mis. salah cetak) / recall a dispatch (e.g. a misprint).
    Recall {
        /// Kode lacak / tracking code.
        tracking_code: String,
        /// Alasan / reason.
        #[arg(long)]
        reason: String,
    },
}

/// `manifest` commands.
#[derive(Debug, Subcommand)]
pub enum ManifestCommand {
    /// Buat manifes untuk satu desa / create a manifest for one desa.
    Create {
        /// Nama kurir / courier's name.
        #[arg(long)]
        courier: String,
        /// Kode desa / desa code.
        #[arg(long)]
        desa: String,
        /// Semua kiriman desa ini yang masih di Dukcapil / every dispatch of the desa still at Dukcapil.
        #[arg(long, conflicts_with = "tracking_codes")]
        all_issued: bool,
        /// Kode lacak / tracking codes.
        #[arg(required_unless_present = "all_issued")]
        tracking_codes: Vec<String>,
    },
    /// Tampilkan manifes / show a manifest.
    Show {
        /// Nomor manifes / manifest number.
        id: i64,
        /// Keluaran JSON / JSON output.
        #[arg(long)]
        json: bool,
    },
}

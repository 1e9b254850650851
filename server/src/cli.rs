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
    /// Cadangkan basis data SQLite ke berkas baru, saat server berjalan pun / back up the
    /// SQLite database into a new file, even while the server runs.
    ///
    /// Salinan utuh dan konsisten (VACUUM INTO); berkas yang sudah ada tidak ditimpa.
    /// Untuk PostgreSQL pakai pg_dump. / A complete, consistent copy (VACUUM INTO); an
    /// existing file is never overwritten. On PostgreSQL use pg_dump.
    Backup {
        /// Berkas cadangan baru / the new backup file, e.g. antar-2026-03-12.db.
        file: PathBuf,
    },
    /// Pulihkan basis data SQLite dari cadangan / restore the SQLite database from a backup.
    ///
    /// Hentikan server dulu. Berkas diperiksa (PRAGMA integrity_check, tabel Antar);
    /// basis data sekarang disimpan sebagai antar.db.before-restore-<waktu>, lalu diganti
    /// sekaligus. Perangkat desa mengirim ulang yang tidak ada di cadangan pada sinkron
    /// berikutnya. / Stop the server first. The file is checked (PRAGMA integrity_check,
    /// Antar's tables); the current database is kept as antar.db.before-restore-<time>,
    /// then replaced at once. Desa devices hand back what the backup lacks at their next
    /// sync.
    Restore {
        /// Berkas cadangan / the backup file.
        file: PathBuf,
    },
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
    /// Lewati baris yang dokumennya (jenis dan nomor) sudah punya kiriman yang masih
    /// berjalan; kode lacaknya dicetak ke stderr / skip rows whose document (kind and
    /// number) already has an open dispatch; their codes are printed on stderr.
    #[arg(long)]
    pub skip_existing: bool,
    /// Tulis kode lacak ke berkas ini / write tracking codes to this file.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
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
    Issue(IssueArgs),
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
    /// Catat penerimaan atas nama desa (komputer desa rusak) / record a receipt on the
    /// desa's behalf (its PC is broken).
    Receive(ForDesaReceive),
    /// Catat penyerahan atas nama desa; NIK dicocokkan dengan data Dukcapil / record a
    /// handover on the desa's behalf; a NIK is checked against Dukcapil's record.
    ///
    /// Contoh / example: antar-server dispatch handover 7KQM-2XWP-8RD0 --recipient
    ///   "Siti Aminah" --relation holder --clerk "Nurul Hamzah" --nik 5206034507900001
    #[command(verbatim_doc_comment)]
    Handover(ForDesaHandover),
    /// Catat pengembalian atas nama desa / record a return on the desa's behalf.
    Return {
        /// Kode lacak / tracking code.
        tracking_code: String,
        /// Alasan / reason.
        #[arg(long)]
        reason: String,
    },
    /// Selesaikan konflik; tanpa pilihan: tampilkan versinya / settle a conflict;
    /// without a choice: list the versions.
    Resolve {
        /// Kode lacak / tracking code.
        tracking_code: String,
        /// Pertahankan versi ke-N / keep version N.
        #[arg(long, conflicts_with_all = ["clear", "condition"])]
        keep: Option<usize>,
        /// Tidak ada yang terjadi (juga membatalkan penarikan) / none happened (also sets
        /// aside a recall).
        #[arg(long, conflicts_with = "condition")]
        clear: bool,
        /// Kondisi sebenarnya saat tiba: ok, damaged, missing / the real condition on
        /// arrival.
        #[arg(long)]
        condition: Option<String>,
    },
}

/// Options of `dispatch issue`.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// Jenis / kind: kk, ktp-el, kia, akta-kelahiran… (atau nama resmi / or the official name).
    #[arg(long)]
    pub kind: String,
    /// Nomor dokumen / document number.
    #[arg(long)]
    pub number: String,
    /// Nama pemilik / holder's name.
    #[arg(long)]
    pub holder_name: String,
    /// NIK pemilik (16 angka) / holder's NIK (16 digits).
    #[arg(long)]
    pub nik: String,
    /// Kode desa tujuan / destination desa code, e.g. 52.06.03.2012.
    #[arg(long)]
    pub desa: String,
    /// WhatsApp pemohon / applicant's WhatsApp number (08… or 628…).
    #[arg(long)]
    pub phone: Option<String>,
    /// Kode lacak kiriman yang masih berjalan yang diganti (ditarik) / tracking code of
    /// the open dispatch this one replaces (it is recalled).
    #[arg(long, requires = "reason")]
    pub replaces: Option<String>,
    /// Alasan penggantian / why the replaced dispatch is recalled.
    #[arg(long, requires = "replaces")]
    pub reason: Option<String>,
}

/// `device` commands.
#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Daftar perangkat dengan sinkron terakhir / list devices with their last sync.
    List {
        /// Hanya desa ini / only this desa.
        #[arg(long)]
        desa: Option<String>,
        /// Keluaran JSON / JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Cabut perangkat: tokennya langsung tidak berlaku / revoke a device: its token
    /// stops working at once.
    Revoke {
        /// Nomor perangkat / device id (see `device list`).
        id: i64,
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

/// A receipt recorded for a desa.
#[derive(Debug, Args)]
pub struct ForDesaReceive {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Diterima rusak / received damaged.
    #[arg(long, conflicts_with = "missing")]
    pub damaged: bool,
    /// Tidak ada dalam kiriman / missing from the delivery.
    #[arg(long)]
    pub missing: bool,
    /// Ditemukan setelah dilaporkan tidak ada / found after being reported missing.
    #[arg(long, conflicts_with = "missing")]
    pub found: bool,
}

/// A handover recorded for a desa.
#[derive(Debug, Args)]
pub struct ForDesaHandover {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Nama penerima / recipient's name.
    #[arg(long)]
    pub recipient: String,
    /// Hubungan: holder, family, proxy / relation to the holder.
    #[arg(long)]
    pub relation: String,
    /// Identitas yang diperiksa: ktp-el, kk, kia, surat-kuasa, lainnya / ID checked.
    #[arg(long, default_value = "ktp-el")]
    pub id_shown: String,
    /// NIK pemilik untuk dicocokkan / the holder's NIK to check.
    #[arg(long)]
    pub nik: Option<String>,
    /// Petugas desa yang menyerahkan (wajib) / the desa clerk who handed it over.
    #[arg(long)]
    pub clerk: String,
    /// Terima dan serahkan sekaligus / receive and hand over at once.
    #[arg(long)]
    pub receive: bool,
    /// Membetulkan catatan yang salah, dengan alasan (NIK wajib) / corrects a wrong
    /// record, with the reason (NIK required).
    #[arg(long, value_name = "ALASAN")]
    pub correction: Option<String>,
}

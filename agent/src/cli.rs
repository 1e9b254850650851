//! The command line of the desa agent: the global options and the list of commands.
//! Each command's own arguments live beside what it does, in [`crate::commands`].

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands::backup::{BackupArgs, RestoreArgs};
use crate::commands::clerks::ClerkCommand;
use crate::commands::doctor::DoctorArgs;
use crate::commands::enroll::EnrollArgs;
use crate::commands::handover::HandoverArgs;
use crate::commands::list::ListArgs;
use crate::commands::receipt::ReceiptArgs;
use crate::commands::receive::ReceiveArgs;
use crate::commands::resolve::ResolveArgs;
use crate::commands::send_back::ReturnArgs;
use crate::commands::serve::RunArgs;
use crate::commands::status::StatusArgs;

/// Antar — agen kantor desa / Antar — the desa office agent.
///
/// Menyimpan salinan data kiriman desa ini di komputer kantor desa sehingga petugas bisa
/// mengonfirmasi penerimaan dan penyerahan dokumen tanpa internet, lalu menyinkronkan
/// dengan server Dukcapil saat sambungan kembali. Setiap perubahan disimpan di komputer
/// ini sebelum ditampilkan "tersimpan".
///
/// Keeps a replica of this desa's dispatches on the office PC so the clerk can confirm
/// receipt and handover offline, and syncs with the Dukcapil server when the link
/// returns. Every change is stored on this PC before it is reported saved.
///
/// Mulai / getting started:
///   antar-agent enroll --server https://antar.example.go.id --code ABCDE-FGHJK
///   antar-agent sync
///   antar-agent list --status in_transit
///   antar-agent receive 7KQM-2XWP-8RD0
///   antar-agent handover 7KQM-2XWP-8RD0 --recipient "Siti Aminah" --relation holder --nik 5206034507900001 --clerk "Nurul"
///
/// Aturan serah-terima / custody rules: serahkan atau kembalikan hanya dokumen yang sudah
/// diterima di desa (atau pakai --receive: terima dan serahkan sekaligus); catatan yang
/// salah dibetulkan dengan --correction "alasan"; dokumen yang ditarik Dukcapil tidak
/// boleh diserahkan. Hand over or return only what was received at the desa (or use
/// --receive); fix a wrong record with --correction "reason"; never hand over a recall.
#[derive(Debug, Parser)]
#[command(name = "antar-agent", version, about, long_about, verbatim_doc_comment)]
pub struct Cli {
    /// Folder data agen / the agent's data folder.
    #[arg(long, env = "ANTAR_AGENT_DIR", global = true, default_value_os_t = default_data_dir())]
    pub data_dir: PathBuf,

    /// Bahasa pesan: id atau en / language of messages: id or en.
    #[arg(long, env = "ANTAR_LANG", default_value = "id", global = true)]
    pub lang: String,

    /// Berkas pengaturan TOML / settings file (bawaan/default /etc/antar/agent.toml
    /// bila ada / when present). Kuncinya nama opsi: `data_dir = "/var/lib/antar-agent"`,
    /// `[run] ui = "0.0.0.0:7420"`. Urutan / precedence: opsi > lingkungan > berkas >
    /// bawaan (flag > environment > file > default).
    #[arg(long, env = "ANTAR_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The settings file as read by `main` (for `config check`).
    #[arg(skip)]
    pub loaded: Option<antar_shared::config::Loaded>,

    /// Perintah / command.
    #[command(subcommand)]
    pub command: Command,
}

/// The per-user data folder of the OS, shown in `--help` and used without
/// `--data-dir` or `ANTAR_AGENT_DIR`: on Linux `$XDG_DATA_HOME/antar-agent`, by default
/// `~/.local/share/antar-agent`; on Windows `%APPDATA%\antar-agent\data`; on macOS
/// `~/Library/Application Support/antar-agent`. With no home folder known, `antar-agent`
/// in the current folder.
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "antar-agent").map_or_else(
        || PathBuf::from("antar-agent"),
        |dirs| dirs.data_dir().to_path_buf(),
    )
}

/// The commands. Each one's help is said here, its arguments beside what it does.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Daftarkan perangkat ini (sekali) / enroll this device (once).
    Enroll(EnrollArgs),
    /// UI petugas dan sinkron terus-menerus / the clerk's UI and background sync.
    ///
    /// Membuka UI petugas di peramban (http://127.0.0.1:7420, tanpa internet) dan sinkron
    /// tiap --interval detik, segera setelah ada perubahan, saat tombol "Sinkron sekarang"
    /// ditekan, dan mundur bertahap saat server tidak terjangkau. Perangkat yang belum
    /// terdaftar menampilkan halaman pendaftaran. Di 127.0.0.1 (bawaan) UI tanpa login,
    /// hanya untuk PC ini; dengan --ui 0.0.0.0:7420 (mode LAN) ponsel dan PC kantor
    /// membukanya dan setiap petugas masuk dengan nama dan PIN (buat dulu dengan
    /// `antar-agent clerk add`).
    ///
    /// Serves the clerk's UI in a browser (http://127.0.0.1:7420, no internet needed) and
    /// syncs every --interval seconds, soon after each change, when "Sync now" is pressed,
    /// and backs off while the server is unreachable. A device that is not enrolled shows
    /// the enrollment page. On 127.0.0.1 (the default) the UI has no login and serves
    /// this PC only; with --ui 0.0.0.0:7420 (LAN mode) the office's phones and PCs open
    /// it and each clerk logs in with a name and PIN (make them first with
    /// `antar-agent clerk add`).
    Run(RunArgs),
    /// Akun petugas untuk mode LAN (nama dan PIN) / clerk accounts for LAN mode (name
    /// and PIN).
    ///
    /// Dikelola kepala urusan di komputer agen ini / managed by the head clerk on this
    /// box:
    ///   antar-agent clerk add "Nurul Hamzah" --head    (PIN acak dicetak sekali / a
    ///                                                   random PIN, printed once)
    ///   echo 482913 | antar-agent clerk add "Siti Aminah" --pin-stdin
    ///   antar-agent clerk pin "Siti Aminah"            (PIN baru, buka kunci / new PIN,
    ///                                                   unlocks)
    ///   antar-agent clerk list
    ///   antar-agent clerk remove "Siti Aminah"
    ///
    /// Lima PIN salah berturut-turut mengunci akun 15 menit / five wrong PINs in a row
    /// lock the account for 15 minutes.
    #[command(subcommand, verbatim_doc_comment)]
    Clerk(ClerkCommand),
    /// Sinkron sekarang / sync now.
    Sync,
    /// Daftar kiriman desa ini / this desa's dispatches.
    List(ListArgs),
    /// Konfirmasi penerimaan / confirm receipt (ketik atau pindai kode / type or scan codes).
    Receive(ReceiveArgs),
    /// Catat penyerahan ke warga / record a handover to a resident.
    Handover(HandoverArgs),
    /// Cetak tanda terima penyerahan untuk warga (58 mm atau A6) / print the resident's
    /// handover receipt (58 mm or A6).
    ///
    /// Ditandatangani kunci perangkat ini yang disahkan Dukcapil; kode QR-nya dapat
    /// diperiksa siapa pun di /verifikasi atau tanpa internet dengan kunci publik
    /// Dukcapil. Teksnya (AR1:…) dicetak ke stdout. / Signed with this device's key,
    /// certified by Dukcapil; anyone can check its QR on /verifikasi or offline with
    /// Dukcapil's public key. Its text (AR1:…) is printed on stdout.
    ///
    /// Contoh / example: antar-agent receipt 7KQM-2XWP-8RD0 --layout a6
    Receipt(ReceiptArgs),
    /// Kembalikan ke Dukcapil / return to Dukcapil.
    Return(ReturnArgs),
    /// Selesaikan konflik / resolve a conflict (tanpa pilihan: tampilkan versi / without a choice: show the versions).
    Resolve(ResolveArgs),
    /// Keadaan agen: desa, sinkron terakhir, perubahan menunggu, konflik, selisih jam /
    /// the agent's state: desa, last sync, changes waiting, conflicts, clock skew.
    Status(StatusArgs),
    /// Periksa dan perbaiki file data / check and repair the data file.
    ///
    /// Memeriksa file data; perubahan yang tidak terbaca dipindahkan ke karantina (tidak
    /// dihapus), perubahan yang bergantung padanya disisihkan, lalu sinkron mengambil
    /// lagi semuanya dari server. File yang rusak parah diselamatkan ke file baru (yang
    /// lama disimpan sebagai replica.db.damaged-WAKTU). Laporan menyebut apa yang hilang,
    /// terutama perubahan perangkat ini yang belum pernah diterima server.
    ///
    /// Checks the data file; unreadable changes go to quarantine (never deleted), changes
    /// that depend on them are set aside, then a sync fetches them all again from the
    /// server. A badly damaged file is salvaged into a new one (the old one is kept as
    /// replica.db.damaged-TIME). The report says what is lost, above all this device's
    /// changes the server never received.
    Doctor(DoctorArgs),
    /// Simpan salinan cadangan file data / save a backup of the data file.
    ///
    /// Aman saat agen berjalan. File hanya bisa dibaca pemiliknya (berisi token
    /// perangkat). `antar-agent run` juga membuat salinan harian di
    /// FOLDER_DATA/backups (7 terakhir disimpan).
    ///
    /// Safe while the agent runs. The file is readable by its owner only (it holds the
    /// device token). `antar-agent run` also makes a daily backup in DATA_DIR/backups
    /// (the newest 7 are kept).
    Backup(BackupArgs),
    /// Pulihkan file data dari salinan cadangan / restore the data file from a backup.
    ///
    /// Hentikan `antar-agent run` dulu. Salinan diperiksa sebelum dipasang; file data
    /// sekarang disimpan sebagai replica.db.before-restore-WAKTU. Sesudahnya, sinkronkan
    /// (antar-agent sync) sebelum mencatat yang baru: perubahan perangkat ini sesudah
    /// salinan dibuat diambil lagi dari server.
    ///
    /// Stop `antar-agent run` first. The backup is checked before it is put in place;
    /// the current data file is kept as replica.db.before-restore-TIME. Afterwards, sync
    /// (antar-agent sync) before recording anything new: this device's changes made
    /// after the backup are fetched again from the server.
    Restore(RestoreArgs),
    /// Pengaturan / settings: `config check` mencetak pengaturan `run` yang berlaku dan
    /// asalnya / prints the settings `run` would run with and where each came from.
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// `config` commands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Cetak pengaturan yang berlaku dan periksa nilainya / print the effective
    /// settings and check their values.
    Check,
}

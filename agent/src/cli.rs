//! The command line of the desa agent.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
    #[arg(long, env = "ANTAR_AGENT_DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Bahasa pesan: id atau en / language of messages: id or en.
    #[arg(long, env = "ANTAR_LANG", default_value = "id", global = true)]
    pub lang: String,

    /// Perintah / command.
    #[command(subcommand)]
    pub command: Command,
}

/// Relation of the recipient to the holder.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RelationArg {
    /// Pemilik dokumen sendiri / the holder.
    Holder,
    /// Anggota keluarga satu KK / family on the same KK.
    Family,
    /// Kuasa dengan surat kuasa / proxy with written authorisation.
    Proxy,
}

/// Which ID document was checked.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum IdArg {
    /// KTP-el.
    KtpEl,
    /// Kartu Keluarga.
    Kk,
    /// Kartu Identitas Anak.
    Kia,
    /// Surat kuasa.
    SuratKuasa,
    /// Lainnya / other.
    Lainnya,
}

/// Condition on arrival.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ConditionArg {
    /// Baik / intact.
    Ok,
    /// Rusak / damaged.
    Damaged,
    /// Tidak ada dalam kiriman / missing from the delivery.
    Missing,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Daftarkan perangkat ini (sekali) / enroll this device (once).
    Enroll {
        /// Alamat server Dukcapil / the Dukcapil server URL.
        #[arg(long)]
        server: String,
        /// Kode pendaftaran dari Dukcapil / the enrollment code from Dukcapil.
        #[arg(long)]
        code: String,
        /// Nama perangkat / a name for this device.
        #[arg(long, default_value = "Komputer kantor desa")]
        name: String,
    },
    /// UI petugas dan sinkron terus-menerus / the clerk's UI and background sync.
    ///
    /// Membuka UI petugas di peramban (http://127.0.0.1:7420, tanpa internet) dan sinkron
    /// tiap --interval detik, segera setelah ada perubahan, saat tombol "Sinkron sekarang"
    /// ditekan, dan mundur bertahap saat server tidak terjangkau. Perangkat yang belum
    /// terdaftar menampilkan halaman pendaftaran. UI tidak memakai kata sandi: biarkan
    /// terikat ke 127.0.0.1 (bawaan) kecuali jaringan kantor tepercaya.
    ///
    /// Serves the clerk's UI in a browser (http://127.0.0.1:7420, no internet needed) and
    /// syncs every --interval seconds, soon after each change, when "Sync now" is pressed,
    /// and backs off while the server is unreachable. A device that is not enrolled shows
    /// the enrollment page. The UI has no password: keep it bound to 127.0.0.1 (the
    /// default) unless the office network is trusted.
    Run {
        /// Detik antar sinkron / seconds between syncs.
        #[arg(long, default_value_t = 300)]
        interval: u64,
        /// Alamat UI petugas, atau off / the clerk's UI address, or off.
        #[arg(long, env = "ANTAR_AGENT_UI", default_value = "127.0.0.1:7420")]
        ui: String,
        /// Tanpa UI, hanya sinkron / no UI, only sync.
        #[arg(long)]
        no_ui: bool,
    },
    /// Sinkron sekarang / sync now.
    Sync,
    /// Daftar kiriman desa ini / this desa's dispatches.
    List {
        /// Status: issued, in_transit, at_desa, handed_over, returned, recalled.
        #[arg(long)]
        status: Option<String>,
        /// Keluaran JSON / JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Konfirmasi penerimaan / confirm receipt (ketik atau pindai kode / type or scan codes).
    Receive {
        /// Kode lacak / tracking codes.
        #[arg(required = true)]
        tracking_codes: Vec<String>,
        /// Diterima rusak / received damaged.
        #[arg(long, conflicts_with = "missing")]
        damaged: bool,
        /// Tidak ada dalam kiriman / missing from the delivery.
        #[arg(long)]
        missing: bool,
        /// Ditemukan: dulu dilaporkan tidak ada, sekarang ada / found: reported missing
        /// before, here now.
        #[arg(long, conflicts_with = "missing")]
        found: bool,
        /// Membetulkan catatan penerimaan yang salah, dengan alasan / corrects a wrong
        /// record of the arrival, with the reason.
        #[arg(long, value_name = "ALASAN")]
        correction: Option<String>,
    },
    /// Catat penyerahan ke warga / record a handover to a resident.
    Handover {
        /// Kode lacak / tracking code.
        tracking_code: String,
        /// Nama penerima / recipient's name.
        #[arg(long)]
        recipient: String,
        /// Hubungan dengan pemilik / relation to the holder.
        #[arg(long, value_enum)]
        relation: RelationArg,
        /// NIK pemilik untuk diperiksa (tidak disimpan) / the holder's NIK to check (not stored).
        #[arg(long)]
        nik: Option<String>,
        /// Identitas yang diperiksa / ID document checked.
        #[arg(long, value_enum, default_value = "ktp-el")]
        id_shown: IdArg,
        /// Nama petugas yang menyerahkan (wajib) / the clerk handing it over (required).
        #[arg(long, env = "ANTAR_CLERK")]
        clerk: String,
        /// Terima dan serahkan sekaligus: dokumen diserahkan saat tiba / receive and hand
        /// over at once, for a document handed over as it arrives.
        #[arg(long)]
        receive: bool,
        /// Membetulkan penyerahan atau pengembalian yang salah dicatat, dengan alasan (NIK
        /// wajib) / corrects a wrongly recorded handover or return, with the reason (NIK
        /// required).
        #[arg(long, value_name = "ALASAN")]
        correction: Option<String>,
    },
    /// Kembalikan ke Dukcapil / return to Dukcapil.
    Return {
        /// Kode lacak / tracking code.
        tracking_code: String,
        /// Alasan / reason.
        #[arg(long)]
        reason: String,
        /// Membetulkan penyerahan yang salah dicatat, dengan alasan / corrects a wrongly
        /// recorded handover, with the reason.
        #[arg(long, value_name = "ALASAN")]
        correction: Option<String>,
    },
    /// Selesaikan konflik / resolve a conflict (tanpa pilihan: tampilkan versi / without a choice: show the versions).
    Resolve {
        /// Kode lacak / tracking code.
        tracking_code: String,
        /// Pertahankan versi ke-N / keep version N.
        #[arg(long, conflicts_with_all = ["neither", "condition"])]
        keep: Option<usize>,
        /// Tidak ada yang terjadi; dokumen masih di desa / none happened; still at the desa.
        #[arg(long, conflicts_with = "condition")]
        neither: bool,
        /// Kondisi sebenarnya saat tiba / the real condition on arrival.
        #[arg(long, value_enum)]
        condition: Option<ConditionArg>,
    },
    /// Keadaan agen: desa, sinkron terakhir, perubahan menunggu, konflik, selisih jam /
    /// the agent's state: desa, last sync, changes waiting, conflicts, clock skew.
    Status {
        /// Keluaran JSON / JSON output.
        #[arg(long)]
        json: bool,
    },
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
    Doctor {
        /// Tanpa sinkron / without syncing.
        #[arg(long)]
        offline: bool,
        /// Keluaran JSON / JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Simpan salinan cadangan file data / save a backup of the data file.
    ///
    /// Aman saat agen berjalan. File hanya bisa dibaca pemiliknya (berisi token
    /// perangkat). `antar-agent run` juga membuat salinan harian di
    /// FOLDER_DATA/backups (7 terakhir disimpan).
    ///
    /// Safe while the agent runs. The file is readable by its owner only (it holds the
    /// device token). `antar-agent run` also makes a daily backup in DATA_DIR/backups
    /// (the newest 7 are kept).
    Backup {
        /// File tujuan / the backup file.
        file: PathBuf,
    },
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
    Restore {
        /// File salinan cadangan / the backup file.
        file: PathBuf,
    },
}

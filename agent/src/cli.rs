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
        /// Nama petugas / clerk's name.
        #[arg(long, env = "ANTAR_CLERK", default_value = "Petugas desa")]
        clerk: String,
    },
    /// Kembalikan ke Dukcapil / return to Dukcapil.
    Return {
        /// Kode lacak / tracking code.
        tracking_code: String,
        /// Alasan / reason.
        #[arg(long)]
        reason: String,
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
}

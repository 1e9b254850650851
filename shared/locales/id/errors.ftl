### Error messages, one per stable code: the key is the code with its dots as dashes
### (`rule.not_received` → `rule-not_received`). Arguments come from the error itself.


## Texts
text-empty = { $field ->
        [name] Nama
        [document_number] Nomor dokumen
        [reason] Alasan
        [note] Catatan
        [opening_hours] Jam layanan
       *[other] Isian
    } kosong
text-too_long = { $field ->
        [name] Nama
        [document_number] Nomor dokumen
        [reason] Alasan
        [note] Catatan
        [opening_hours] Jam layanan
       *[other] Isian
    } terlalu panjang: { $len } karakter, paling banyak { $max }
text-control_character = { $field ->
        [name] Nama
        [document_number] Nomor dokumen
        [reason] Alasan
        [note] Catatan
        [opening_hours] Jam layanan
       *[other] Isian
    } berisi karakter yang tidak boleh (baris baru, tab)
text-not_normalised = { $field ->
        [name] Nama
        [document_number] Nomor dokumen
        [reason] Alasan
        [note] Catatan
        [opening_hours] Jam layanan
       *[other] Isian
    } tidak dalam bentuk baku (spasi berlebih)

text-nik_shaped = { $field ->
        [name] Nama
        [document_number] Nomor dokumen
        [reason] Alasan
        [note] Catatan
        [opening_hours] Jam layanan
       *[other] Isian
    } berisi 16 angka berturut-turut seperti NIK. NIK hanya boleh diketik di kolom NIK; hapus angka itu

## NIK
nik-length = NIK harus 16 angka, yang diketik { $n } angka
nik-not_digit = NIK hanya boleh berisi angka, bukan { $character }
nik-region = Enam angka pertama NIK ({ $digits }) bukan kode kecamatan yang dikenal
nik-month = Angka ke-9 dan ke-10 NIK adalah bulan lahir; { $month } bukan bulan
nik-day = Angka ke-7 dan ke-8 NIK adalah tanggal lahir (perempuan +40); { $day } tidak mungkin
nik-serial = Empat angka terakhir NIK (nomor urut) tidak boleh 0000

## Tracking codes
tracking_code-length = Kode lacak terdiri dari 12 huruf/angka (contoh 7KQM-2XWP-8RD0), yang diketik { $n }
tracking_code-bad_character = Karakter { $character } tidak ada dalam kode lacak; periksa kembali tanda terima
tracking_code-checksum = Kode lacak tidak valid: mungkin ada huruf yang salah ketik atau tertukar
tracking_code-out_of_range = Nilai kode lacak di luar jangkauan

## Document kinds
document_kind-unknown = Jenis dokumen { $kind } tidak dikenal; gunakan salah satu: { $kinds }

## Region codes
region-empty = Kode wilayah kosong
region-bad_character = Kode wilayah hanya boleh berisi angka dan titik, bukan { $character }
region-shape = Format kode wilayah salah: { $code } (contoh: 52.06.03.2011 atau 5206032011)
region-unknown_province = { $province } bukan kode provinsi
region-zero_segment = Segmen kabupaten atau kecamatan tidak boleh 00
region-village_segment = Segmen desa { $segment } harus diawali 1 (kelurahan) atau 2 (desa)
region-wrong_level = Kode { $code } adalah kode { $found ->
        [province] provinsi
        [regency] kabupaten/kota
        [district] kecamatan
       *[village] desa/kelurahan
    }, padahal yang diminta kode { $expected ->
        [province] provinsi
        [regency] kabupaten/kota
        [district] kecamatan
       *[village] desa/kelurahan
    }
region-unknown = Kode wilayah { $code } tidak terdaftar di data Kemendagri yang dimuat Antar

## Sync messages
sync-too_large = Pesan sinkron terlalu besar ({ $len } byte, paling banyak { $max })
sync-unsupported_version = Versi protokol { $version } tidak didukung; perbarui aplikasi agen (server memakai versi { $supported })
sync-malformed = Pesan sinkron tidak sah: { $fault ->
        [truncated] pesannya terpotong
        [encoding] susunannya rusak
        [utf8] ada teks yang bukan UTF-8
        [variant] ada jenis isian yang tidak dikenal versi ini
       *[invalid] ada nilai yang tidak sah atau melewati batas
    }
sync-trailing_bytes = Pesan sinkron memiliki { $n } byte berlebih

## Ops that do not fit a document
op-wrong_desa = Perubahan dikirim untuk desa { $given }, padahal dokumen ini milik desa { $document }
op-zero_counter = Perubahan { $op } tidak sah: penghitung dimulai dari 1
op-gap = Perubahan { $actor }.{ $got } datang sebelum { $actor }.{ $expected }; kirim ulang dari situ
op-dot_reused = Perubahan { $op } sudah ada dengan isi berbeda; perangkat ini perlu diperiksa
op-unknown_dispatch = Kiriman { $dispatch } belum dikenal di desa ini
op-tracking_taken = Kode lacak { $code } sudah dipakai kiriman lain
op-nik_in_number = Kiriman { $code } membawa NIK sebagai nomor dokumen; NIK tidak boleh keluar dari server
op-unknown_tracking = Kode lacak { $code } tidak ada di data desa ini (mungkin belum sinkron)
op-seen_too_new = Perubahan { $op } tidak sah: konteksnya memuat dirinya sendiri
op-seen_unknown = Perubahan { $op } merujuk { $seen } yang belum ada di dokumen ini
op-bad_manifest = Daftar kiriman pada manifes kosong, terlalu panjang, atau berulang

## Stored ops
op-stored_empty = isi perubahan tersimpan kosong
op-stored_other_format = perubahan tersimpan dalam format { $format } dari versi Antar lain (versi ini membaca format { $supported })
op-stored_malformed = isi perubahan tersimpan rusak
op-stored_bad_id = nomor perubahan tersimpan di luar jangkauan

## Custody rules
rule-server_only = Perubahan jenis { $kind ->
        [issue] penerbitan
        [dispatch] pengiriman dengan manifes
        [receive] penerimaan
        [handover] penyerahan
        [return] pengembalian
        [recall] penarikan
        [resolve] penyelesaian konflik
       *[note] catatan
    } hanya boleh dibuat Dukcapil
rule-not_received = Dokumen belum diterima di desa (status: { $status ->
        [issued] Diterbitkan
        [in_transit] Dalam pengiriman
        [at_desa] Tiba di kantor desa
        [handed_over] Sudah diserahkan
        [returned] Dikembalikan ke Dukcapil
       *[recalled] Ditarik Dukcapil
    }). Catat penerimaannya dulu, atau pakai "terima dan serahkan" bila diserahkan saat tiba.
rule-already_decided = { $returned ->
    [yes] Dokumen sudah dikembalikan ke Dukcapil. Jika catatan itu salah, catat koreksi dengan alasan.
   *[no] Dokumen sudah diserahkan kepada { $recipient }. Jika catatan itu salah, catat koreksi dengan alasan (NIK diperiksa lagi).
}
rule-recalled = Dokumen ini ditarik Dukcapil: jangan diserahkan atau dicatat kembali; simpan untuk diambil Dukcapil. Jika sudah terlanjur diserahkan, hubungi Dukcapil.
rule-already_recalled = Dokumen ini sudah ditarik
rule-conflict = Ada catatan yang saling bertentangan untuk dokumen ini; selesaikan konfliknya dulu (pilih versi yang benar).
rule-already_received = Dokumen sudah diterima di desa. Jika kondisinya salah dicatat, catat koreksi dengan alasan.
rule-already_missing = Dokumen sudah dilaporkan tidak ada dalam kiriman
rule-reported_missing = Dokumen ini dilaporkan tidak ada dalam kiriman. Jika sekarang ada, catat sebagai "ditemukan".
rule-not_missing = Dokumen ini tidak pernah dilaporkan hilang; catat penerimaan biasa
rule-nothing_to_correct = Belum ada catatan yang bisa dikoreksi untuk dokumen ini
rule-correction_needs_nik = Koreksi penyerahan harus memeriksa NIK pemilik lagi
rule-no_conflict = Tidak ada konflik untuk diselesaikan; untuk membetulkan catatan, pakai koreksi
rule-not_a_version = Pilihan itu bukan salah satu versi yang bertentangan
rule-recall_needs_dukcapil = Konflik dengan penarikan Dukcapil hanya bisa dibatalkan oleh Dukcapil; pilih salah satu versi, atau hubungi Dukcapil.

### antar-server
# Errors only the server raises (server/src): requests, sign-in, imports, backups.
# Add server messages below this line.
## Requests
store-full = Penyimpanan server penuh; tidak ada yang tersimpan. Coba lagi nanti; admin Dukcapil perlu mengosongkan ruang disk
internal = Terjadi kesalahan di server; coba lagi nanti
request-too_large = Isi permintaan terlalu besar
request-content_type = Kirim data sebagai JSON (Content-Type: application/json)
request-malformed = Isi permintaan tidak sah: { $detail }
request-bad_query = Parameter tidak sah: { $detail }
request-too_many = Terlalu banyak permintaan dari alamat ini; coba lagi dalam { $wait } detik.
request-bad_form = Isian formulir tidak bisa dibaca; muat ulang halaman, isi, lalu kirim lagi
request-bad_address = Alamat tidak bisa dibaca; periksa tautannya lalu buka lagi
request-bad_number = Alamat ini perlu angka di bagian ini, bukan { $typed }

## Sign-in and roles
auth-cross_site = Permintaan dari situs lain ditolak
auth-required = Perlu masuk (token tidak ada atau tidak berlaku)
auth-device_revoked = Perangkat ini sudah dicabut; daftarkan ulang dengan kode baru dari Dukcapil
user-bad_name = Nama pengguna 3–40 karakter: huruf, angka, titik, garis bawah atau tanda hubung
user-exists = Pengguna { $name } sudah ada
auth-login_failed = Nama atau kata sandi salah
user-not_found = Akun { $user } tidak ada
auth-role = Perlu peran { $role } untuk ini
user-weak_password = Kata sandi paling sedikit { $min } karakter

## Enrollment and devices
enroll-bad_token = Token perangkat harus 64 digit heksadesimal
enroll-previous_incomplete = Pendaftaran ulang perlu token lama dan nomor aktor perangkat
enroll-unknown_code = Kode pendaftaran tidak dikenal; periksa ketikan atau minta kode baru ke Dukcapil
enroll-code_used = Kode pendaftaran ini sudah dipakai; setiap kode hanya untuk satu perangkat
enroll-code_expired = Kode pendaftaran sudah kedaluwarsa; minta kode baru ke Dukcapil
enroll-wrong_desa = Kode ini untuk desa lain; data di perangkat ini milik desanya sendiri. Minta kode untuk desa perangkat ini.
enroll-not_this_device = Perangkat ini tidak bisa membuktikan identitas lamanya; daftarkan sebagai perangkat baru di folder data baru
enroll-token_in_use = Token perangkat ini sudah dipakai perangkat lain; folder data salinan tidak bisa didaftarkan sebagai perangkat kedua. Daftarkan di folder data baru
device-not_found = Perangkat { $id } tidak ada (lihat daftar perangkat: `antar-server device list` atau /dasbor/perangkat)
office-desa = Desa { $typed } tidak ditemukan (ketik kode desa, atau nama desa yang tidak kembar)
enroll-desa = Desa { $typed } tidak ditemukan (ketik kode desa, atau nama desa yang tidak kembar)

## Sync
sync-bad_seal = Perubahan { $actor } yang dikirim ulang tidak cocok dengan segel server; ditolak. Jalankan `antar-agent doctor` di perangkat ini.
sync-content_type = Kirim { $media_type } atau application/json
sync-wrong_desa = Perangkat ini terdaftar untuk desa { $enrolled }, bukan { $asked }
sync-server_only_op = Perubahan jenis { $kind ->
        [issue] penerbitan
        [dispatch] pengiriman dengan manifes
        [receive] penerimaan
        [handover] penyerahan
        [return] pengembalian
        [recall] penarikan
        [resolve] penyelesaian konflik
       *[note] catatan
    } hanya boleh dibuat Dukcapil
sync-forged_actor = Perangkat { $actor } mengirim perubahan atas nama { $as } tanpa segel server; ditolak

## Signature images
blob-not_found = Bukti { $hex } belum sampai di server (menunggu sinkron berikutnya dari desa)
blob-bad_hash = Alamat harus memuat SHA-256 gambar (64 digit heksadesimal)
blob-unreferenced = Belum ada penyerahan di desa ini yang memakai gambar ini; sinkronkan dulu, lalu kirim lagi
blob-content_type = Kirim gambar sebagai image/png atau image/jpeg
blob-not_image = Isi bukan berkas { $content_type }
blob-hash_mismatch = Isi tidak cocok dengan SHA-256 di alamat (isi: { $hash }); tidak ada yang disimpan

## Dispatches
dispatch-not_found = Kode lacak { $code } tidak ditemukan
dispatch-invalid = Data kiriman tidak sah; lihat rincian per kolom
filter-invalid = { $field ->
        [desa] Desa { $typed } tidak ditemukan (ketik kode atau nama desa)
        [status] Status tidak dikenal
        [age] Umur harus angka hari 0–3650
       *[flag] Tanda tidak dikenal
    }
dispatch-replace_incomplete = { $field ->
        [replace_reason] Tulis alasan penggantian: kiriman lama ditarik dengan alasan ini
       *[replaces] Tulis kode lacak kiriman yang diganti, atau kosongkan alasan penggantian
    }
dispatch-exists = { $at ->
        [line] Dokumen ini sudah punya kiriman yang masih berjalan: { $code } ({ $status ->
                [issued] { status-issued }
                [in_transit] { status-in_transit }
                [at_desa] { status-at_desa }
                [handed_over] { status-handed_over }
                [returned] { status-returned }
               *[recalled] { status-recalled }
            })
       *[document] { $kind ->
                [kk] Kartu Keluarga (KK)
                [ktp-el] KTP-el
                [kia] Kartu Identitas Anak (KIA)
                [akta-kelahiran] Akta Kelahiran
                [akta-kematian] Akta Kematian
                [akta-perkawinan] Akta Perkawinan
                [akta-perceraian] Akta Perceraian
                [skpwni] Surat Pindah (SKPWNI)
               *[lainnya] Dokumen lainnya
            } no. { $number } sudah punya kiriman yang masih berjalan: { $code } ({ $status ->
                [issued] { status-issued }
                [in_transit] { status-in_transit }
                [at_desa] { status-at_desa }
                [handed_over] { status-handed_over }
                [returned] { status-returned }
               *[recalled] { status-recalled }
            }). Dokumen yang sama tidak diterbitkan dua kali; untuk menggantinya (mis. salah cetak) terbitkan sebagai pengganti { $code } dengan alasannya.{ $hint ->
                [cli] { " " }Caranya: --replaces { $code } --reason "…".
               *[none] { "" }
            }
    }
phone-invalid = Nomor WhatsApp { $number } tidak sah; tulis 08… atau 628…
dispatch-bad_limit = Paling banyak { $max } baris sekali tampil, bukan { $limit }; ambil selebihnya dengan offset
dispatch-bad_status = Status { $status } tidak dikenal

## Imports
import-upload = Unggahan tidak terbaca; pilih berkasnya lalu unggah lagi
import-no_file = Pilih berkas CSV dulu
import-expired = Pratinjau ini sudah kedaluwarsa atau sudah disimpan; unggah berkasnya lagi
import-unreadable = { $at ->
        [header] Baris judul berkas CSV tidak bisa dibaca
       *[line] Baris { $line } tidak bisa dibaca
    }: { $why ->
        [utf8] bukan teks UTF-8; simpan ulang berkasnya sebagai "CSV UTF-8"
       *[other] simpan ulang berkasnya sebagai CSV (dipisah koma) lalu coba lagi
    }
import-too_many_rows = Paling banyak { $max } baris per impor; pecah berkasnya
import-empty = Berkas CSV tidak berisi baris data
import-unknown_column = Kolom { $column } tidak dikenal; kolom yang dipakai: { $columns }
import-missing_column = Kolom wajib { $column } tidak ada di baris judul
import-duplicate = Dokumen yang sama (jenis dan nomor) sudah ada di baris { $first }
import-invalid_rows = { $rows } baris tidak sah; tidak ada yang diimpor
import-existing = { $rows } baris sudah punya kiriman yang masih berjalan (dokumen yang sama tidak diterbitkan dua kali); tidak ada yang diimpor. { $from ->
        [api] Kirim lagi dengan skip_existing=true untuk mengimpor sisanya.
        [cli] Jalankan lagi dengan --skip-existing untuk mengimpor sisanya.
       *[page] Centang "lewati" untuk menyimpan sisanya.
    }
import-open = Berkas { $file } tidak bisa dibuka: { $why ->
        [not_found] berkas itu tidak ada
        [permission] izin ditolak
       *[other] rinciannya dicatat di log
    }
import-output = Berkas keluaran { $file } tidak bisa ditulis ({ $why ->
        [not_found] foldernya tidak ada
        [permission] izin ditolak
        [full] disk penuh
       *[other] rinciannya dicatat di log
    }). Kiriman sudah tersimpan; lihat `antar-server dispatch list`.

## Manifests
manifest-not_found = Manifes { $id } tidak ditemukan
manifest-empty = Tidak ada kiriman yang bisa dimasukkan ke manifes
manifest-desa = Desa { $typed } tidak ditemukan (ketik kode desa, atau nama desa yang tidak kembar)
manifest-too_many = Paling banyak { $max } kiriman per manifes
manifest-wrong_desa = Kiriman { $dispatch } untuk desa { $for }, bukan { $desa }
manifest-not_at_dukcapil = { $status ->
        [issued] Kiriman { $dispatch } sudah berstatus { status-issued }
        [in_transit] Kiriman { $dispatch } sudah berstatus { status-in_transit }
        [at_desa] Kiriman { $dispatch } sudah berstatus { status-at_desa }
        [handed_over] Kiriman { $dispatch } sudah berstatus { status-handed_over }
        [returned] Kiriman { $dispatch } sudah berstatus { status-returned }
        [recalled] Kiriman { $dispatch } sudah berstatus { status-recalled }
       *[unknown] Kiriman { $dispatch } sudah tidak di Dukcapil (sudah dikirim atau selesai)
    }

## Records on a desa's behalf
handover-choose = Pilih hubungan penerima dan identitas yang diperiksa dari daftar
handover-correction_needs_nik = Koreksi penyerahan harus memeriksa NIK pemilik: isi NIK-nya
resolve-choose_version = Pilih satu versi untuk dipertahankan
resolve-choose_one = Pilih tepat satu: keep, clear, atau condition
nik-stdin_unreadable = NIK tidak dapat dibaca dari masukan standar; rinciannya dicatat di log
nik-stdin_empty = Tidak ada NIK di masukan standar. Ketik NIK saat diminta, atau salurkan: echo NIK | … --nik-stdin
handover-nik_mismatch = NIK yang diketik bukan NIK pemilik dokumen; periksa lagi KTP-el atau KK-nya. Penyerahan tidak dicatat
resolve-no_such_value = Pilihan { $n } tidak ada; ada { $versions } versi

## The command line
cli-bad_choice = --{ $field } { $typed } tidak dikenal; pilih salah satu: { $allowed }
store-open = Basis data tidak bisa dibuka: { $why ->
        [not_found] foldernya tidak ada
        [permission] izin ditolak; periksa pemilik folder data
        [full] disk penuh
        [exists] ada berkas yang menghalangi folder data
        [in_use] program lain sedang menguncinya
        [unreachable] server basis data tidak menjawab; periksa apakah server itu berjalan, dan alamat di --database-url
        [no_postgres] antar-server ini dibuat tanpa PostgreSQL
        [url] alamatnya harus diawali sqlite: atau postgres:
        [old_format] isinya perubahan dari versi pengembangan Antar yang lama, yang tidak bisa diubah; jalankan versi ini dengan folder data atau basis data baru
        [newer] dibuat oleh versi Antar yang lebih baru; pakai versi itu
       *[other] rinciannya dicatat di log
    }
store-no_database = Tidak ada basis data Antar di { $file }; perintah ini tidak membuat basis data baru. Jika server memang dipasang di sana, jalankan `antar-server --data-dir { $dir } init` dulu; jika tidak, tunjuk basis data server dengan --data-dir (atau ANTAR_DATA_DIR) atau --database-url.
serve-bind = Tidak bisa mendengar di { $addr }: { $why ->
        [in_use] alamat itu dipakai program lain (server sudah berjalan?)
        [not_here] komputer ini tidak punya alamat itu
        [permission] izin ditolak (port di bawah 1024 perlu hak khusus; pilih port lain dengan --listen)
       *[other] rinciannya dicatat di log
    }

## Backups
backup-postgres = Perintah backup untuk SQLite. Cadangkan PostgreSQL dengan pg_dump (mis. `pg_dump -Fc -f antar.dump antar`) dan pulihkan dengan pg_restore.
backup-path = Nama berkas cadangan harus teks UTF-8
backup-failed = Cadangan gagal: { $why ->
        [permission] izin ditolak
        [full] disk penuh
        [in_use] basis data sedang sibuk; coba lagi
       *[other] rinciannya dicatat di log
    }
backup-exists = { $file } sudah ada; cadangan tidak menimpa berkas. Pilih nama baru.
backup-folder = Folder { $folder } tidak ada
restore-not_antar = { $file } bukan basis data Antar yang bisa dipulihkan: { $why ->
        [unreadable] tidak terbaca sebagai basis data (atau rusak)
        [unopenable] tidak bisa dibuka
        [integrity] pemeriksaan keutuhan gagal
        [tables] tabel { $tables } tidak ada
       *[newer] dibuat oleh versi Antar yang lebih baru
    }
restore-io = Pemulihan gagal saat { $step ->
        [data_folder] membuat folder data
        [replace] mengganti basis data
        [copy] menyalin cadangan
        [keep] menyimpan basis data sekarang
       *[keep_log] menyimpan log basis data sekarang
    }: { $why ->
        [not_found] ada berkas atau folder yang tidak ada
        [permission] izin ditolak
        [full] disk penuh
        [exists] ada berkas dengan nama itu yang menghalangi
        [in_use] berkasnya sedang dipakai program lain
       *[other] rinciannya dicatat di log
    }
restore-postgres = Perintah restore untuk SQLite. Pulihkan PostgreSQL dengan pg_restore (server dihentikan dulu).
restore-no_file = Berkas cadangan { $file } tidak ada
restore-same_file = { $file } adalah basis data yang sedang dipakai, bukan cadangan
restore-in_use = Basis data { $file } sedang dipakai (server Antar masih berjalan?). Hentikan server dulu, lalu pulihkan lagi; tidak ada yang diubah.

### antar-agent
# Errors only the desa agent raises (agent/src): the replica, sync, enrollment.
# Add agent messages below this line.
## The replica: the desa's data on this PC
replica-data_dir = tidak bisa membuat folder data { $dir } ({ $why ->
        [permission] izin ditolak
        [full] disk penuh
       *[other] rinciannya dicatat di log
    }); pilih folder lain dengan --data-dir
replica-database = basis data di komputer ini gagal (rinciannya dicatat di log)
replica-disk_full = disk komputer ini penuh, jadi tidak ada yang tersimpan; kosongkan ruang disk (hapus berkas yang tidak perlu), lalu ulangi
replica-migrate = basis data lokal tidak bisa disiapkan (rinciannya dicatat di log)
replica-damaged = file data { $file } rusak; jalankan `antar-agent doctor` untuk memperbaikinya, { $has_backup ->
        [yes] atau pulihkan salinan cadangan terbaru: `antar-agent restore { $backup }`
       *[no] atau, bila punya salinan cadangan, pulihkan dengan `antar-agent restore FILE_CADANGAN`
    }
replica-emptied = file data { $file } kosong atau hilang; salinan cadangan terakhir ada di { $backup }: pulihkan dengan `antar-agent restore { $backup }`
replica-newer_version = file data ini dibuat oleh antar-agent versi yang lebih baru; pakai versi itu
replica-file = { $action ->
        [record] tidak bisa mencatat di { $path }
        [resolve] jalur { $path } tidak sah
        [create] tidak bisa membuat { $path }
        [write] tidak bisa menulis { $path }
        [install] tidak bisa memasang { $path }
        [read] tidak bisa membaca { $path }
        [copy] tidak bisa menyalin ke { $path }
        [keep] tidak bisa menyimpan { $path } sebagai cadangan
       *[move] tidak bisa memindahkan { $path }
    } ({ $why ->
        [not_found] file atau folder tidak ada
        [permission] izin ditolak
        [full] disk penuh
        [exists] sudah ada
       *[other] rinciannya dicatat di log
    })
replica-backup_onto_itself = { $file } adalah file data itu sendiri
replica-path_unusable = jalur { $path } tidak bisa dipakai SQLite
replica-not_a_replica = { $file } bukan salinan replika Antar yang bisa dipakai: { $why ->
        [live] itu file data yang sedang dipakai
        [other_device] salinan itu milik perangkat { $device } desa { $desa }, sedangkan folder ini milik perangkat { $this_device } desa { $this_desa }
        [not_database] tidak terbaca sebagai basis data
        [check_failed] pemeriksaan file gagal
        [no_enrollment] tidak berisi pendaftaran perangkat
        [unreadable_op] perubahan { $op } tidak bisa dibaca
       *[op_does_not_fit] perubahan { $op } tidak cocok
    }
replica-unsalvageable = file data { $file } rusak parah dan tidak bisa diselamatkan; { $has_backup ->
        [yes] pulihkan salinan cadangan terbaru: `antar-agent restore { $backup }`
       *[no] tidak ada salinan cadangan yang dikenal: daftarkan ulang perangkat ini di folder data baru (`antar-agent --data-dir FOLDER_BARU enroll ...`)
    }
replica-not_enrolled = perangkat ini belum terdaftar; jalankan `antar-agent enroll --server URL --code KODE` dulu
replica-unreadable_op = perubahan tersimpan { $op } tidak bisa dibaca; jalankan `antar-agent doctor` untuk menyisihkannya dan mengambilnya lagi dari server
replica-op_does_not_fit = perubahan tersimpan { $op } tidak cocok dengan data sebelumnya; jalankan `antar-agent doctor`
replica-corrupt = data agen rusak (rinciannya dicatat di log)
replica-entropy = sumber acak sistem gagal (rinciannya dicatat di log)
replica-bad_seal = segel server tidak cocok untuk perubahan { $op }
doctor-waits_for = menunggu perubahan { $op } yang disisihkan

## The clerk's actions (the handover and resolve refusals are the server's messages above)
dispatch-not_in_replica = Kode { $code } belum ada di data desa ini (belum dikirim ke desa ini, atau belum sinkron)
device-recovering_own_ops = Perangkat ini sedang memulihkan perubahannya sendiri; sinkronkan dulu (antar-agent sync) sebelum mencatat yang baru

## The link to the server (said inside "Sinkron gagal: …" and "Pendaftaran gagal: …")
link-unreachable = server tidak terjangkau ({ $why ->
        [timeout] waktu tunggu habis
        [refused] sambungan ditolak
        [dns] nama server tidak ditemukan
        [tls] sambungan aman gagal; periksa tanggal dan jam komputer ini
       *[other] sambungan terputus
    })
link-refused = server menolak: { $reason }
link-bad_response = jawaban server tidak sah
link-http_status = server menjawab HTTP { $status }
link-bad_ops = server mengirim perubahan yang tidak cocok
link-sync_failed = Sinkron gagal: { $reason }
link-sync_offline = Sinkron gagal: { $reason }. Pekerjaan tetap tersimpan di komputer ini.

## Enrollment
enrollment-bad_address = Alamat server harus diawali http:// atau https:// (bukan { $server })
enrollment-missing = Kode pendaftaran dan nama perangkat wajib diisi
enrollment-refused = { $reason }
enrollment-failed = Pendaftaran gagal: { $reason }
enrollment-bad_key = Server mengirim kunci publik yang tidak sah
enrollment-bad_desa = Server mengirim kode desa yang tidak sah
enrollment-mismatch = Server mendaftarkan perangkat ini sebagai { $actor } di desa { $desa }, padahal datanya milik { $old_actor } di desa { $old_desa }; tidak disimpan

## The command line
command-bad_status = Status { $status } tidak dikenal
command-not_recorded = { $n } kode tidak dicatat
command-output = Keluaran tidak bisa ditulis ({ $why ->
        [full] disk penuh
        [permission] izin ditolak
       *[other] rinciannya dicatat di log
    })
command-ui_address = Alamat UI { $address } tidak sah; contoh 127.0.0.1:7420 (tanpa UI: --no-ui)
command-ui_bind = Tidak bisa membuka UI di { $address } ({ $why ->
        [in_use] alamat itu sudah dipakai program lain
        [permission] izin ditolak
       *[other] rinciannya dicatat di log
    }); pakai --ui ALAMAT lain, atau --no-ui
command-enrollment_lost = replika tidak bisa dipakai: data pendaftaran hilang
command-runtime = antar-agent tidak bisa dimulai (rinciannya dicatat di log)

## The audit log
audit-gap = Catatan audit rusak: entri { $found } langsung mengikuti entri { $after }; ada entri yang dihapus
audit-unlinked = Catatan audit rusak: entri { $entry } tidak menunjuk entri sebelumnya; ada entri yang diubah atau disisipkan
audit-altered = Catatan audit rusak: entri { $entry } diubah setelah ditulis
audit-truncated = Catatan audit rusak: catatan berakhir di entri { $last }, padahal { $head } entri pernah ditulis
audit-bad_date = Tanggal { $date } tidak dikenal; tulis TTTT-BB-HH, mis. 2026-11-29

## Accounts
user-wrong_password = Kata sandi sekarang salah; kata sandi tidak diganti
user-password_mismatch = Kata sandi baru dan ulangannya berbeda; ketik lagi
user-password_lines = Berikan dua baris di stdin: kata sandi sekarang, lalu kata sandi baru
user-disable_self = Akun sendiri tidak bisa dinonaktifkan; minta admin lain
auth-disabled = Akun ini dinonaktifkan; hubungi admin Dukcapil

## Kecamatan scope
scope-outside = Akun ini hanya untuk kecamatan { $covered }; { $kecamatan } di luar wilayahnya
scope-accounts = Akun ini hanya untuk kecamatan { $covered }, jadi tidak dapat mengelola akun petugas; minta admin kabupaten

## Searching by NIK
search-nik_in_url = NIK tidak dicari lewat alamat (URL), karena alamat tersimpan di riwayat peramban dan di log. Ketik NIK di kotak Cari di dasbor, atau kirim di badan { $route }
search-nik_in_argv = NIK tidak diketik di baris perintah, karena tersimpan di riwayat shell dan terlihat di daftar proses. Pakai --nik-stdin, lalu ketik NIK saat diminta

## Terbitan
batch-not_found = Terbitan { $id } tidak ditemukan
slip-bad_name_choice = Pilihan nama di slip tidak dikenal: pilih inisial, lengkap, atau tanpa
slip-bad_public_url = Alamat publik { $url } bukan alamat http:// atau https://; kode QR di slip harus mengarah ke halaman cek yang dapat dibuka warga
slip-write = Slip tidak dapat ditulis ke { $file }: { $why }

## Kabar ke warga
notify-missing = Untuk mengirim kabar ke warga, { $option } perlu diisi
notify-bad_template = { $typed } bukan PERISTIWA=NAMA; peristiwa: { $events }
notify-secret_file = Berkas rahasia { $file } tidak dapat dibaca: { $why }
notify-secret_empty = Berkas rahasia { $file } kosong; rahasia kosong akan menerima tanda tangan siapa saja
notice-not_found = Kabar { $id } tidak ada atau tidak dapat dikirim ulang

## Tanda terima penyerahan (bukti yang ditandatangani perangkat desa)
receipt-not_a_receipt = Ini bukan tanda terima Antar (harus diawali AR1:)
receipt-damaged = Tanda terima rusak atau tidak lengkap: periksa apakah tersalin utuh
receipt-unknown_algorithm = Tanda terima memakai algoritme tanda tangan yang tidak dikenal
receipt-foreign = Perangkat yang menandatangani tanda terima ini tidak disahkan oleh Dukcapil ini
receipt-altered = Tanda tangan tidak cocok: isi tanda terima telah diubah
receipt-mismatch = Tanda terima menyebut desa atau perangkat lain dari sertifikatnya
receipt-wrong_certificate = Sertifikat perangkat ini untuk kunci lain: sinkronkan agar Dukcapil mengesahkan kunci perangkat
receipt-encoding = Tanda terima gagal disusun
receipt-no_certificate = Kunci tanda terima perangkat ini belum disahkan Dukcapil: sinkronkan dulu saat ada sinyal
receipt-not_handed_over = Dokumen { $code } belum diserahkan, jadi belum ada tanda terimanya
receipt-conflict = Dokumen { $code } punya catatan penyerahan yang bertentangan: selesaikan dulu
receipt-bad_key = Kunci tanda terima harus kunci publik Ed25519 (64 digit heksadesimal)
receipt-too_many = Terlalu banyak tanda terima dalam satu kiriman (paling banyak { $max })
receipt-foreign_device = Tanda terima ini ditandatangani perangkat lain
receipt-bad_public_key = Kunci publik harus 64 digit heksadesimal (lihat antar-server public-key)
receipt-unreadable_file = Berkas { $file } tidak dapat dibaca: { $why }
receipt-write = Tanda terima tidak dapat ditulis ke { $file }: { $why }
request-body_unreadable = Isi permintaan tidak dapat dibaca: terputus di tengah jalan, atau bukan gzip yang sah. Kirim ulang.

## settings file
config-unreadable = berkas pengaturan { $path } tidak bisa dibaca: { $reason }
config-not_toml = berkas pengaturan { $path } bukan TOML yang benar: { $reason }
config-unknown_key = { $path }: `{ $key }` bukan pengaturan yang dikenal (yang dikenal di sini: { $known })
config-bad_value = { $path }: `{ $key }` harus teks, angka, true/false, atau daftar dari itu
config-invalid = dengan pengaturan ini `{ $command }` tidak akan berjalan: { $reason }

## migrate-to
migrate_to-not_sqlite = `migrate-to` memindahkan basis data SQLite (--data-dir); server ini sudah memakai PostgreSQL
migrate_to-not_postgres = tujuan `migrate-to` harus alamat PostgreSQL (postgres://…)
migrate_to-target = basis data PostgreSQL tujuan tidak bisa dibuka: { $why }
migrate_to-not_empty = basis data tujuan tidak kosong ({ $table }: { $n } baris); pakai basis data baru agar tidak ada yang tertimpa
migrate_to-schema = versi skema berbeda: tabel { $tables } tidak ada di tujuan; jalankan antar-server yang sama versinya untuk keduanya
migrate_to-count = jumlah baris { $table } berbeda ({ $source } di SQLite, { $target } di PostgreSQL); tidak ada yang disimpan
migrate_to-table = tabel { $table } tidak bisa disalin ({ $why }); tidak ada yang disimpan
migrate_to-database = basis data gagal saat memindahkan ({ $why }); tidak ada yang disimpan

## Clerk accounts (LAN mode)
clerk_account-bad_pin = PIN harus { $min } sampai { $max } angka
clerk_account-exists = Sudah ada petugas bernama { $name }
clerk_account-not_found = Tidak ada petugas bernama { $name }
clerk_account-login_failed = Nama atau PIN salah
clerk_account-locked = Terlalu banyak PIN salah: akun terkunci { $minutes } menit lagi, atau minta kepala urusan membuat PIN baru
clerk_account-hash_failed = PIN tidak dapat diproses di komputer ini
clerk_account-pin_unreadable = PIN tidak dapat dibaca dari stdin
clerk_account-none_for_lan = Mode LAN ({ $address }) memerlukan akun petugas, dan belum ada. Buat dulu: `antar-agent clerk add "Nama" --head`

### common
# Shared by every page. Bahasa Indonesia is the first language.
app-name = Antar
footer = Antar — pelacakan dokumen kependudukan dari Dukcapil ke kantor desa
ago-now = baru saja
ago-minutes = { $n } menit lalu
ago-hours = { $n } jam lalu
ago-days = { $n } hari lalu
status-issued = Diterbitkan
status-in_transit = Dalam pengiriman
status-at_desa = Tiba di kantor desa
status-handed_over = Sudah diserahkan
status-returned = Dikembalikan ke Dukcapil
status-recalled = Ditarik Dukcapil
flag-conflict = Konflik
flag-missing = Hilang
flag-aging = Lama tak diambil
flag-damaged = Rusak
kind-label = Jenis
code-label = Kode pelacakan
holder-label = Pemilik
desa-label = Desa
kecamatan-label = Kecamatan
status-label = Status
save = Simpan
back = Kembali
search = Cari
none-yet = Belum ada.
error-title = Ada masalah
relation-holder = Pemilik sendiri
relation-family = Keluarga (satu KK)
relation-proxy = Kuasa (dengan surat kuasa)
id-ktp-el = KTP-el
id-kk = Kartu Keluarga
id-kia = KIA
id-surat-kuasa = Surat kuasa
id-lainnya = Lainnya

### kinds
# The kinds of document Dukcapil delivers (shared/src/kind.rs codes).
kind-kk = Kartu Keluarga (KK)
kind-ktp-el = KTP-el
kind-kia = Kartu Identitas Anak (KIA)
kind-akta-kelahiran = Akta Kelahiran
kind-akta-kematian = Akta Kematian
kind-akta-perkawinan = Akta Perkawinan
kind-akta-perceraian = Akta Perceraian
kind-skpwni = Surat Pindah (SKPWNI)
kind-lainnya = Dokumen lainnya

### ops
# How ops, outcomes and authors read, the same on every page, the API and the command
# lines (shared/src/i18n/describe.rs).
condition-ok = Baik
condition-damaged = Rusak
condition-missing = Tidak ada (hilang)
outcome-handed = Diserahkan kepada { $recipient } ({ $relation })
outcome-returned = Dikembalikan ke Dukcapil: { $reason }
outcome-recalled = Ditarik Dukcapil: { $reason }
outcome-cleared = Tidak terjadi apa-apa (tetap di desa)
ev-issued = Diterbitkan: { $kind } { $number ->
        [NIK] bernomor NIK pemegang
       *[other] nomor { $number }
    }
ev-reprint = cetak ulang dari { $code }
ev-replaces = menggantikan { $code } (yang lama ditarik)
ev-dispatched = Masuk manifes { $manifest }, dibawa { $courier }
ev-received = { $condition ->
    [damaged] Diterima di kantor desa dalam keadaan rusak
    [missing] Dilaporkan tidak ada dalam kiriman
   *[ok] Diterima di kantor desa
}
ev-found = Ditemukan di kantor desa (sebelumnya dilaporkan tidak ada)
ev-returned = Dikembalikan ke Dukcapil: { $reason }
ev-recalled = Ditarik Dukcapil: { $reason }
ev-resolved = Konflik diselesaikan: { $choice }
ev-note = Catatan: { $text }
ev-correction = Koreksi ({ $reason }): { $what }
ev-id-shown = Identitas diperiksa: { $id }
ev-nik-verified = NIK cocok dengan pemilik
ev-nik-not-checked = NIK tidak diperiksa
ev-clerk = Petugas: { $clerk }
ev-signed = Ditandatangani penerima
by-server = Dukcapil
by-server-for-desa = Dukcapil atas nama desa
by-device = Perangkat lain di desa ini
by-this-device = Perangkat ini
by-server-named = Dukcapil: { $name }
by-server-for-desa-named = Dukcapil atas nama desa: { $name }
by-device-named = Perangkat { $name }

### resident
# The residents' status page (/cek): short words, read on a cheap phone.
cek-title = Cek dokumen
cek-heading = Cek status dokumen Anda
cek-intro = Ketik kode pelacakan yang tertera di tanda terima (contoh 7KQM-2XWP-8RD0).
cek-button = Cek
cek-code-for = Kode { $code }
cek-nik-not-code = Yang diketik adalah NIK, bukan kode pelacakan. NIK tidak perlu diketik di sini: kode pelacakan ada di tanda terima dari Dukcapil (contoh 7KQM-2XWP-8RD0).
cek-not-found = Kode ini belum terdaftar. Dokumen mungkin belum selesai dicetak; coba lagi besok, atau tanyakan ke Dukcapil.
cek-advice-issued = Dokumen sudah selesai dicetak di Dukcapil dan menunggu dikirim ke kantor desa.
cek-advice-in_transit = Dokumen sedang dibawa kurir ke kantor desa. Jangan datang dulu; cek lagi nanti.
cek-advice-at_desa = Dokumen sudah tiba. Silakan ambil di kantor desa dengan membawa KTP-el atau KK.
cek-advice-handed_over = Dokumen sudah diserahkan. Jika Anda belum menerimanya, hubungi kantor desa.
cek-advice-returned = Dokumen tidak ada di kantor desa. Hubungi Dukcapil untuk keterangan.
cek-waiting = Tiba di kantor desa { $arrived }. Disimpan sampai { $until }; sesudah itu dikembalikan ke Dukcapil.
cek-where = Tempat pengambilan
cek-office = Kantor Desa { $desa }, Kecamatan { $kecamatan }
cek-hours = Jam layanan
office-hours-default = Senin–Jumat, 08.00–14.00 WITA
cek-again = Cek kode lain
cek-privacy = Halaman ini tidak menampilkan nama atau NIK.

### clerk
# clerk pages: the desa clerk's UI (antar-agent run). Short words, big buttons.
clerk-brand = Kantor Desa
clerk-nav-home = Beranda
clerk-nav-receive = Terima
clerk-nav-handover = Serahkan
clerk-nav-list = Semua kiriman
clerk-home-title = Beranda
clerk-desa-name = Desa { $name } ({ $code })
clerk-device-name = Perangkat { $n }: { $name }

## Sync banner
clerk-synced-ago = Terakhir sinkron { $ago }
clerk-never-synced = Belum pernah sinkron
clerk-changes-waiting = { $n } perubahan menunggu
clerk-signatures-waiting = { $n } tanda tangan menunggu
clerk-last-error = Gagal terakhir: { $error }
clerk-skew-ahead = Jam komputer ini { $minutes } menit lebih cepat dari server. Periksa tanggal dan jam.
clerk-skew-behind = Jam komputer ini { $minutes } menit lebih lambat dari server. Periksa tanggal dan jam.
clerk-sync-now = Sinkron sekarang
clerk-sync-done = Sinkron selesai.
clerk-sync-failed = Sinkron gagal; pekerjaan tetap tersimpan di komputer ini dan dikirim nanti.
clerk-sync-running = Sinkron masih berjalan di latar belakang; muat ulang halaman sebentar lagi.
clerk-enrolled = Perangkat terdaftar. Sinkron pertama sedang berjalan.

## Home cards
clerk-action-receive-big = Terima dokumen (pindai)
clerk-action-handover-big = Serahkan ke warga
clerk-card-expected = Dalam perjalanan
clerk-card-expected-hint = Sudah dikirim Dukcapil, belum diterima di desa
clerk-card-arrived = Diterima 7 hari terakhir
clerk-card-arrived-hint = Dicatat tiba di kantor desa minggu ini
clerk-card-waiting = Menunggu diambil
clerk-card-waiting-hint = Ada di kantor desa, belum diserahkan; { $n } sudah lama menunggu
clerk-card-conflicts = Konflik
clerk-card-conflicts-hint = Dua catatan berbeda; perlu diselesaikan
clerk-card-missing = Hilang
clerk-card-missing-hint = Dilaporkan hilang atau terlalu lama di jalan

## Lists
clerk-list-title = Kiriman
clerk-list-show = Tampilkan
clerk-filter-all = Semua
clerk-search-label = Cari
clerk-search-placeholder = Kode atau nama pemilik
clerk-list-count = { $n } kiriman
clerk-list-shown = { $shown } dari { $total } kiriman ditampilkan; persempit dengan pencarian
clerk-action-receive = Terima
clerk-action-handover = Serahkan
clerk-action-return = Kembalikan
clerk-action-resolve = Selesaikan konflik
clerk-see-history = Lihat riwayat
clerk-number-label = Nomor dokumen

## Receive
clerk-receive-title = Terima dokumen
clerk-scan-label = Kode pelacakan
clerk-scan-hint = Pindai kode batang atau QR, atau ketik kode lalu tekan Enter.
clerk-scan-refused = Ditolak: { $code }. Kotak sudah kosong lagi: pindai atau ketik kode berikutnya.
clerk-damaged-label = Dokumen rusak
clerk-receive-button = Simpan penerimaan
clerk-received-one = { $code }: penerimaan tersimpan.
clerk-received-damaged = { $code }: penerimaan tersimpan (rusak).
clerk-received-already = { $code } sudah tercatat diterima; tidak ada yang diubah.
clerk-received-many = { $n } kiriman diterima dan tersimpan.
clerk-reported-missing = { $n } kiriman dilaporkan hilang.
clerk-expected-title = Kiriman yang ditunggu
clerk-expected-none = Tidak ada kiriman yang sedang ditunggu.
clerk-manifest-title = Manifes { $manifest } · kurir { $courier }
clerk-manifest-open = { $open } belum diterima · dikirim { $sent }
clerk-not-received = Belum diterima
clerk-receive-ticked = Terima yang dicentang
clerk-receive-all = Terima semua yang belum ({ $n })
clerk-receive-ticked-damaged = Terima yang dicentang (rusak)
clerk-report-missing = Laporkan yang dicentang hilang
clerk-tick-first = Centang dulu kiriman yang diterima atau hilang.
clerk-found-label = Ditemukan (dulu dilaporkan tidak ada)
clerk-receive-ticked-found = Terima yang dicentang sebagai ditemukan
clerk-reported-missing-badge = Dilaporkan tidak ada
clerk-found-first = Ditemukan — terima sekarang

## Handover
clerk-find-title = Serahkan ke warga
clerk-find-label = Kode atau nama pemilik
clerk-find-hint = Pindai kode di tanda terima warga, atau ketik nama pemilik.
clerk-find-waiting = Menunggu diambil
clerk-find-results = { $n } hasil
clerk-handed-over = { $code }: penyerahan tersimpan.
clerk-handover-title = Penyerahan dokumen
clerk-recipient-label = Nama penerima
clerk-relation-label = Hubungan dengan pemilik
clerk-id-label = Identitas yang diperiksa
clerk-nik-check-label = NIK pemilik (boleh dikosongkan)
clerk-nik-check-hint = Dicocokkan dengan data dokumen; NIK tidak disimpan.
clerk-clerk-label = Nama petugas
clerk-signature-label = Tanda tangan penerima
clerk-signature-clear = Hapus tanda tangan
clerk-handover-button = Simpan penyerahan
clerk-handover-choose = Pilih hubungan dan identitas dari daftar.
clerk-receive-first = Terima sekarang
clerk-signature-invalid = Tanda tangan tidak terbaca; hapus dan tanda tangani lagi.
clerk-signature-too-large = Gambar tanda tangan terlalu besar; hapus dan tanda tangani lagi.
clerk-signature-elsewhere = Gambar tanda tangan ini tersimpan di perangkat lain.

## Return and resolve
clerk-return-title = Kembalikan ke Dukcapil
clerk-reason-label = Alasan
clerk-reason-hint = Pilih dari daftar atau tulis sendiri.
clerk-reason-unclaimed = Tidak diambil lebih dari 30 hari
clerk-reason-wrong-desa = Salah alamat desa
clerk-reason-misprint = Rusak atau salah cetak
clerk-reason-moved = Pemilik sudah pindah
clerk-return-button = Simpan pengembalian
clerk-returned = { $code }: pengembalian tersimpan.
clerk-resolve-title = Selesaikan konflik
clerk-resolve-none = Tidak ada konflik pada kiriman ini.
clerk-resolve-outcome = Apa yang terjadi dengan dokumen ini?
clerk-resolve-explain = Dua perangkat mencatat hal berbeda. Pilih yang benar; yang lain tidak lagi ditampilkan.
clerk-resolve-arrival = Bagaimana kondisi dokumen saat tiba?
clerk-resolve-condition = Kondisi sebenarnya:
clerk-version = Versi { $n }
clerk-keep-version = Pertahankan versi { $n }
clerk-resolve-neither = Tidak terjadi apa-apa (dokumen masih di desa)
clerk-resolve-changed = Catatan berubah sejak halaman dibuka; periksa lagi lalu pilih.
clerk-resolved = { $code }: konflik diselesaikan dan tersimpan.

## History
clerk-history-title = Riwayat kiriman
clerk-history-events = Yang tercatat
clerk-history-note = Urutan menurut sebab-akibat; jam adalah jam perangkat pencatat.

## Enrollment
clerk-enroll-title = Daftarkan komputer ini
clerk-enroll-intro = Sekali saja: minta kode pendaftaran ke Dukcapil, lalu isi alamat server dan kode itu.
clerk-enroll-server = Alamat server Dukcapil
clerk-enroll-code = Kode pendaftaran
clerk-enroll-name = Nama perangkat
clerk-enroll-default-name = Komputer kantor desa
clerk-enroll-button = Daftarkan

## Errors
clerk-error-internal = Tidak ada yang disimpan: { $detail }. Coba lagi; bila berulang, hubungi Dukcapil.
clerk-error-not-found = Halaman atau kiriman ini tidak ada.
clerk-error-foreign = Permintaan ditolak: hanya halaman Antar di komputer ini yang boleh mengubah data.
clerk-error-host = Permintaan ditolak: buka Antar lewat http://127.0.0.1.
clerk-error-form-too-large = Tidak ada yang disimpan: isiannya terlalu besar (gambar tanda tangannya terlalu besar). Hapus tanda tangan, tanda tangani lagi, lalu kirim ulang.
clerk-error-form-unreadable = Isian tidak bisa dibaca. Muat ulang halaman, lalu isi dan kirim lagi.
clerk-error-address-unreadable = Alamat halaman ini tidak bisa dibaca. Buka lagi halamannya lewat menu.
clerk-number-is-nik = sama dengan NIK pemegang (tidak disimpan di desa)

### dashboard
# The Dukcapil dashboard (/dasbor).
dash-nav-dispatches = Kiriman
dash-nav-import = Impor CSV
dash-nav-manifests = Manifes
dash-nav-desa = Kesehatan desa
dash-nav-devices = Perangkat
dash-nav-reports = Laporan
dash-nav-audit = Catatan audit
dash-audit-intact = { $n ->
        [0] Belum ada entri.
       *[other] { $n } entri; rantai hash utuh.
    }
dash-audit-who = Oleh
dash-audit-action = Tindakan
dash-audit-from = Dari tanggal
dash-audit-to = Sampai tanggal
dash-audit-time = Waktu (WITA)
dash-audit-address = Alamat
dash-audit-target = Sasaran
dash-audit-detail = Rincian
dash-logout = Keluar
dash-login-title = Masuk dasbor Dukcapil
dash-login-name = Nama pengguna
dash-login-password = Kata sandi
dash-login-button = Masuk
dash-login-hint = Akun dibuat oleh admin (antar-server user add). Lupa kata sandi? Hubungi admin.
dash-home-title = Ringkasan
dash-attention = Perlu perhatian
dash-reported-missing = Hilang atau terlambat
dash-quiet-desa = { $n ->
   *[other] Desa tidak sinkron { $n } hari atau lebih
}
dash-unpublished = Belum masuk data desa
dash-issue-one = Terbitkan satu kiriman
dash-new-manifest = Buat manifes
dash-all = Semua
dash-min-age = Umur min. (hari)
dash-export-csv = Unduh CSV
dash-age = Umur
dash-days = { $n } hari
dash-days-unit = hari
dash-prev = Sebelumnya
dash-next = Berikutnya
dash-number = Nomor dokumen
dash-nik-hint = 16 angka; tidak dikirim ke desa (hanya nilai pemeriksa)
dash-desa-code = Kode desa (Kemendagri)
dash-phone = Nomor WhatsApp pemohon
dash-optional = (boleh kosong)
dash-issue-button = Terbitkan
dash-issued-notice = Kiriman diterbitkan. Kode pelacakan untuk tanda terima warga: { $code }
dash-issued-at = Diterbitkan
dash-resident-link = Halaman warga
dash-conflict-title = Konflik: dua versi kejadian
dash-conflict-help = Dua perangkat mencatat hal berbeda. Keduanya ditampilkan sampai petugas desa memilih yang benar.
dash-version = Versi { $n }
dash-history = Riwayat
dash-not-published = Belum masuk data desa (sedang diproses).
dash-event = Kejadian
dash-by = Oleh
dash-device-time = Jam perangkat
dash-server-time = Jam server
dash-skew = jam perangkat salah
dash-skew-help = Jam perangkat lebih cepat dari jam server saat diterima, atau lebih awal dari terbitnya dokumen; waktu ini tidak bisa dipercaya.
dash-times-note = Waktu dalam WITA. Jam perangkat adalah klaim komputer desa (bisa salah); jam server adalah saat server menerimanya.
dash-signature = Tanda tangan penerima
dash-recall = Tarik kiriman
dash-reason = Alasan
dash-recall-example = mis. salah cetak nama
dash-import-file = Berkas CSV
dash-import-columns = Kolom:
dash-import-check = Periksa berkas
dash-import-bad = { $bad } dari { $rows } baris bermasalah. Tidak ada yang disimpan; perbaiki berkasnya lalu unggah lagi.
dash-line = Baris
dash-column = Kolom
dash-problem = Masalah
dash-import-ok = Semua { $rows } baris di { $file } sah. Belum disimpan: periksa lalu simpan.
dash-import-per-desa = Per desa
dash-import-first-rows = Baris pertama
dash-import-save = Simpan { $n } kiriman
dash-import-cancel = Batal
dash-import-done = { $n } kiriman dari { $file } tersimpan.
dash-courier = Kurir
dash-manifest-codes = Kode pelacakan
dash-manifest-codes-hint = (kosongkan untuk semua kiriman desa itu yang masih di Dukcapil)
dash-create-manifest = Buat manifes
dash-created = Dibuat
dash-arrived-of = Tiba
dash-print = Cetak
dash-manifest-no = Manifes { $id }
dash-manifest-number = No.
dash-manifest-sheet = Lembar serah terima
dash-received = Diterima
dash-on-the-way = Dalam perjalanan
dash-items = { $n } dokumen
dash-desa-clerk = Petugas desa
dash-quiet-after = Tandai bila tidak sinkron (hari)
dash-last-sync = Sinkron terakhir
dash-ops-waiting = Perubahan menunggu desa
dash-never = belum pernah
dash-no-device = belum ada perangkat
dash-code-for = Kode pendaftaran untuk desa { $desa } ({ $code }). Ditampilkan sekali saja:
dash-code-expires = Berlaku sampai { $time } WITA, untuk satu perangkat.
dash-new-code = Buat kode pendaftaran
dash-device-name = Nama perangkat
dash-enrolled = Terdaftar
dash-skew-minutes = jam meleset { $n } menit
dash-revoked = dicabut
dash-revoke = Cabut
dash-report-weekly = Dokumen diserahkan per minggu
dash-report-weekly-total = Total 12 minggu: { $n }
dash-report-median = Median hari dari terbit sampai diserahkan, per kecamatan
dash-median-days = Median (hari)
dash-handovers = Penyerahan
dash-report-aging = Dokumen menunggu di kantor desa { $n } hari atau lebih
dash-items-count = Jumlah
dash-office-hours = Jam layanan kantor desa
dash-office-hours-example = Senin–Kamis 08.00–12.00 WITA
dash-hours-default = (bawaan)
dash-hours-saved = Jam layanan kantor desa { $desa } disimpan: { $hours }
dash-print-hint = atau tekan Ctrl+P
dash-import-more-errors = …dan { $n } masalah lain. Periksa berkas dengan `antar-server import --dry-run` untuk daftar lengkap.
dash-flag = Tanda
## Duplicates and reprints in imports; replacing an open dispatch
dash-import-existing = { $n ->
   *[other] { $n } baris sudah punya kiriman yang masih berjalan (belum diserahkan, dikembalikan, atau ditarik). Dokumen yang sama tidak diterbitkan dua kali: centang "lewati" untuk menyimpan sisanya saja.
}
dash-import-reprints = { $n ->
   *[other] { $n } baris adalah cetak ulang dokumen yang kiriman sebelumnya sudah selesai; kiriman baru ditandai sebagai cetak ulang.
}
dash-import-open-dispatch = Kiriman yang masih berjalan
dash-import-reprint-of = Cetak ulang dari
dash-import-more-rows = { $n ->
   *[other] …dan { $n } baris lain.
}
dash-import-skip-existing = { $n ->
   *[other] Lewati { $n } baris yang sudah punya kiriman; simpan sisanya
}
dash-import-skipped = { $n ->
   *[other] { $n } baris dilewati karena dokumennya sudah punya kiriman yang masih berjalan.
}
dash-import-reprinted = { $n ->
   *[other] { $n } kiriman disimpan sebagai cetak ulang.
}
dash-replace-legend = Ganti kiriman yang masih berjalan
dash-replace-hint = Hanya bila dokumen ini sudah punya kiriman yang belum selesai (mis. salah cetak): kiriman lama ditarik dengan alasan ini, dan yang baru menggantikannya.
dash-replaces = Kode lacak kiriman yang diganti
dash-replace-reason = Alasan penggantian
dash-line-code = baris { $line }: { $code }

### custody
## Custody: corrections, found items, reprints, work on a desa's behalf, recoveries
dash-keep-version = Pertahankan versi ini
dash-clear-versions = Tidak ada yang terjadi (tetap di desa)
dash-for-desa-title = Catat atas nama desa
dash-for-desa-help = Bila komputer kantor desa rusak atau hilang: catat yang dilaporkan desa (lewat telepon atau buku register). Riwayat menandainya "Dukcapil atas nama desa"; aturan serah-terima tetap berlaku.
dash-for-desa-receive = Catat penerimaan
dash-for-desa-recipient = Penerima
dash-for-desa-relation = Hubungan
dash-for-desa-id = Identitas yang diperiksa
dash-for-desa-clerk = Petugas desa yang menyerahkan
dash-for-desa-receive-first = Terima dan serahkan sekaligus
dash-for-desa-correction = Koreksi: alasan
dash-for-desa-handover = Catat penyerahan
dash-for-desa-return = Catat pengembalian
dash-recovered = Server ini dipulihkan dari cadangan lama: perangkat desa mengembalikan { $ops } perubahan yang hilang dari { $desa } desa (terakhir { $at } WITA). Tidak ada yang perlu diperbaiki manual; data NIK dan nomor WA kiriman yang dipulihkan perlu diimpor ulang.

## The audit log: what each action is called
audit-action-login = Masuk
audit-action-login_failed = Gagal masuk
audit-action-dispatch_issue = Terbitkan kiriman
audit-action-dispatch_recall = Tarik kiriman
audit-action-custody_receive = Catat terima untuk desa
audit-action-custody_handover = Catat serah untuk desa
audit-action-custody_return = Catat pengembalian untuk desa
audit-action-custody_resolve = Selesaikan konflik
audit-action-import = Impor CSV
audit-action-export = Unduh CSV
audit-action-manifest_create = Buat manifes
audit-action-enroll_code_create = Buat kode pendaftaran
audit-action-device_enroll = Perangkat mendaftar
audit-action-device_rename = Ganti nama perangkat
audit-action-device_revoke = Cabut perangkat
audit-action-token_create = Buat token API
audit-action-user_add = Tambah akun
audit-action-user_password = Ganti kata sandi
audit-action-user_reset = Atur ulang kata sandi
audit-action-user_disable = Nonaktifkan akun
audit-action-user_scope = Ubah wilayah akun
audit-action-user_enable = Aktifkan akun
audit-action-settings_office_hours = Ubah jam layanan
audit-action-search_nik = Cari dengan NIK

## Accounts
dash-nav-users = Pengguna
dash-nav-account = Akun saya
dash-account-title = Akun saya
dash-account-who = Masuk sebagai { $name }.
dash-account-changed = Kata sandi sudah diganti dan semua sesi masuk akun ini berakhir, juga yang ini: masuk lagi dengan kata sandi baru.
dash-account-current = Kata sandi sekarang
dash-account-new = Kata sandi baru (paling sedikit 10 karakter)
dash-account-repeat = Ulangi kata sandi baru
dash-account-button = Ganti kata sandi
dash-users-role = Peran
dash-users-state = Keadaan
dash-users-last-login = Masuk terakhir (WITA)
dash-users-scope = Wilayah (kecamatan)
dash-users-scope-all = semua kecamatan
dash-users-scope-save = Simpan wilayah
dash-users-active = aktif
dash-users-disabled = nonaktif
dash-users-reset = Atur ulang kata sandi
dash-users-disable = Nonaktifkan
dash-users-enable = Aktifkan
dash-users-reset-done = Kata sandi sekali pakai untuk { $name } (hanya ditampilkan sekali; serahkan langsung, minta diganti setelah masuk):
dash-users-hint = Menonaktifkan akun langsung mengakhiri semua sesi dan token API-nya. Akun baru dibuat dengan antar-server user add. Wilayah kosong berarti semua kecamatan; isi kode kecamatan (52.06.03, dipisah koma) agar akun hanya melihat dan bertindak di kecamatan itu.

## Finding dispatches
dash-search = Cari
dash-search-hint = kode, nama, nomor, atau NIK
dash-nik-search = Hasil pencarian NIK { $nik }. NIK tidak ditaruh di alamat halaman, jadi hasil ini tanpa tautan halaman berikut dan tanpa unduhan CSV.
dash-shown-of = { $shown } dari { $total } ditampilkan
dash-shown-of-more = { $shown } dari lebih dari { $total } ditampilkan
dash-region-filter = Wilayah (kode provinsi, kabupaten atau kecamatan)
dash-desa-shown-of = { $shown } dari { $total } desa ditampilkan, yang sepi lebih dulu; pilih wilayah untuk melihat sisanya
dash-devices-shown-of = { $shown } dari { $total } perangkat ditampilkan; pilih wilayah untuk melihat sisanya
dash-rename = Ganti nama

dash-batch-title = Terbitan { $id }
dash-batch-file-title = Terbitan { $id } ({ $file })
dash-batch-slips = Cetak slip warga
dash-batch-codes = Unduh kode (CSV)
dash-batch-names = Nama di slip
dash-batch-names-inisial = Inisial
dash-batch-names-lengkap = Nama lengkap
dash-batch-names-tanpa = Tanpa nama

## Slip warga (tanda terima pengambilan)
slip-heading = Tanda terima pengambilan dokumen
slip-office = Ambil di Kantor Desa { $desa }, Kecamatan { $kecamatan }
slip-how = Cek status: pindai kode QR atau buka { $link }. Saat mengambil, bawa slip ini dan KTP-el atau KK.
slip-count = { $n ->
    [one] 1 slip
   *[other] { $n } slip
}

dash-notices = Kabar ke warga
dash-nav-notices = Kabar
dash-notices-none = Belum ada kabar ke warga.
dash-notices-attention = Perlu dilihat
dash-notices-reach = Warga yang terjangkau per desa
dash-notices-reached = Terjangkau
dash-notices-hint = Terjangkau: kiriman yang pemohonnya menerima sedikitnya satu kabar (terkirim, sampai, atau dibaca). Kiriman tanpa nomor telepon tidak terjangkau.
dash-notice-tries = Percobaan
dash-notice-resend = Kirim ulang
dash-notice-provider = Cara mengirim
dash-notice-provider-is = Kabar dikirim lewat: { $via }
dash-notice-test-off = Kabar ke warga tidak dikirim (server berjalan tanpa --notify).
dash-notice-test-number = Nomor untuk pesan uji
dash-notice-test = Kirim pesan uji
dash-notice-test-sent = Pesan uji terkirim lewat { $via } { $id }
dash-notice-test-failed = Pesan uji gagal: { $why }
dash-notice-channel = Lewat
dash-notice-reason = Keterangan
notice-event-issued = Selesai dicetak
notice-event-at_desa = Siap diambil
notice-event-reminder = Pengingat
notice-event-handed_over = Sudah diserahkan
notice-event-returned = Dikembalikan
notice-event-recalled = Ditarik
notice-state-queued = Menunggu dikirim
notice-state-sending = Sedang dikirim
notice-state-sent = Terkirim
notice-state-delivered = Sampai
notice-state-read = Dibaca
notice-state-failed = Gagal
notice-state-skipped = Tidak dikirim
notice-why-opted_out = Nomor ini minta berhenti (BERHENTI)
notice-why-phone_erased = Nomor telepon sudah dihapus
notice-why-no_dispatch = Kiriman tidak ditemukan
notice-why-outdated = Sudah tidak berlaku: status dokumen sudah berubah

## Kabar untuk warga (WhatsApp, SMS); tanpa NIK, tanpa nama
notice-test = Pesan uji dari Antar, Dukcapil. Bila pesan ini sampai, kabar dokumen untuk warga dapat dikirim ke nomor ini.
notice-issued = { $kind } Anda sudah selesai dicetak di Dukcapil dan akan dikirim ke Kantor Desa { $desa }. Kode lacak: { $code }. Cek: { $link }
notice-at_desa = { $kind } Anda sudah tiba di Kantor Desa { $desa }. Silakan ambil dengan membawa KTP-el atau KK, paling lambat { $until }. Kode: { $code }
notice-reminder = Pengingat: { $kind } Anda masih menunggu di Kantor Desa { $desa } dan disimpan sampai { $until }. Kode: { $code }
notice-handed_over = { $kind } dengan kode { $code } sudah diserahkan di Kantor Desa { $desa }. Jika Anda belum menerimanya, hubungi kantor desa.
notice-handed_over_receipt = { $kind } dengan kode { $code } sudah diserahkan di Kantor Desa { $desa }. Tanda terima Anda: { $link } Jika Anda belum menerimanya, hubungi kantor desa.
notice-returned = { $kind } dengan kode { $code } dikembalikan ke Dukcapil. Hubungi Dukcapil untuk keterangan.
notice-recalled = { $kind } dengan kode { $code } ditarik oleh Dukcapil. Hubungi Dukcapil untuk keterangan.

## Bot status di WhatsApp
bot-status = Kode { $code }: { $status }
bot-not-found = Kode { $code } belum terdaftar. Dokumen mungkin belum selesai dicetak; coba lagi besok, atau tanyakan ke Dukcapil.
bot-bad-code = Kode lacak tidak terbaca. Ketik CEK diikuti kode di tanda terima, contoh: CEK 7KQM-2XWP-8RD0
bot-help = Layanan Antar Dukcapil. Ketik kode lacak dari tanda terima (contoh 7KQM-2XWP-8RD0) atau CEK kode untuk melihat status dokumen. BERHENTI: tidak menerima kabar lagi. MULAI: menerima kabar lagi. Jangan kirim NIK di sini.
bot-stopped = Baik, nomor ini tidak akan menerima kabar dokumen lagi. Ketik MULAI untuk menerimanya lagi.
bot-started = Baik, nomor ini akan menerima kabar dokumen lagi. Ketik BERHENTI untuk berhenti.

## /verifikasi: memeriksa tanda terima penyerahan
verify-title = Periksa tanda terima
verify-heading = Periksa tanda terima penyerahan
verify-intro = Tempel teks tanda terima (diawali AR1:) dari kode QR-nya, lalu tekan Periksa. Tanda terima ditandatangani perangkat kantor desa yang disahkan Dukcapil.
verify-label = Teks tanda terima
verify-button = Periksa
verify-scan = Pindai kode QR dengan kamera
verify-valid = Tanda terima sah
verify-refused = Ditolak:
verify-code = Kode
verify-kind = Dokumen
verify-desa = Kantor desa
verify-at = Diserahkan
verify-relation = Penerima
verify-clerk = Petugas
verify-device = Perangkat
verify-keep = Simpan atau tunjukkan kode QR ini sebagai bukti.
verify-status-link = Lihat status dokumen
verify-offline = Tanda terima dapat diperiksa tanpa internet dengan kunci publik Dukcapil ini:

## Tanda terima penyerahan (dicetak di kantor desa)
receipt-title = Tanda terima
receipt-heading = Tanda terima penyerahan dokumen
receipt-office = Kantor Desa { $desa }
receipt-kind = Dokumen
receipt-at = Diserahkan
receipt-relation = Penerima
receipt-clerk = Petugas
receipt-device = Perangkat
receipt-check = Periksa keaslian: pindai kode QR di { $address }, atau tanpa internet dengan kunci publik Dukcapil.
receipt-print = Cetak
receipt-other-size = Ukuran { $size }
receipt-back = Kembali
receipt-action = Cetak tanda terima
verify-status-now = Menurut catatan Dukcapil, status dokumen ini sekarang: { $status }.
verify-status-unknown = Kode ini belum ada dalam catatan Dukcapil.
verify-revoked = Perhatian: perangkat yang menandatangani sudah dicabut Dukcapil pada { $when }, sebelum waktu tanda terima ini. Tanyakan ke kantor desa.

## LAN mode: clerks log in with a name and PIN
clerk-login-title = Masuk petugas
clerk-login-name = Nama petugas
clerk-login-pin = PIN
clerk-login-button = Masuk
clerk-login-hint = Lupa PIN atau akun terkunci? Minta kepala urusan membuat PIN baru di komputer agen.
clerk-login-no-accounts = Belum ada akun petugas. Kepala urusan membuatnya di komputer agen: `antar-agent clerk add "Nama" --head`.
clerk-signed-in-as = Masuk sebagai { $name }
clerk-logout = Keluar
clerk-single-pc-mode = Mode satu PC: tanpa login, hanya komputer ini yang dapat membuka halaman ini.
clerk-history-by = dicatat oleh { $name }

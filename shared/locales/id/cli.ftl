### What the command lines print to people, besides error messages (errors.ftl).

### antar-server
# Add antar-server output below this line.
## serve, init; errors on the command line
srv-serve-stopping = Berhenti…
srv-serve-admin-created = Akun admin dibuat. Nama: admin  Kata sandi: { $password }
srv-serve-admin-save = Simpan sekarang: kata sandi ini tidak akan ditampilkan lagi.
srv-serve-demo-issued = Data contoh diterbitkan:
srv-init-postgres-ready = Basis data PostgreSQL { $host } siap (tabel dibuat atau diperbarui). Akun admin dibuat saat `serve` pertama.
srv-init-exists = Basis data sudah ada di { $file }; isinya tidak diubah (skemanya diperbarui bila perlu).
srv-init-created = Basis data dibuat di { $file }. Jalankan `antar-server --data-dir { $dir } serve`: start pertama membuat akun admin.
srv-serve-listening = Antar siap di http://{ $addr }
srv-error-line = baris { $line }, { $field }
srv-no-runtime = tidak bisa dijalankan (rinciannya dicatat di log)
srv-demo-slips = slip warga untuk dicetak: /dasbor/terbitan/{ $id }/slip (kabar ke warga ditulis di log)
srv-demo-manifest = manifes { $id }: { $n } kiriman ke { $name } ({ $desa })

## user, token, enroll-code, office-hours, device
srv-user-password = Kata sandi (hanya ditampilkan sekali):
srv-token-created = Token API (hanya ditampilkan sekali):
srv-office-hours-saved = Jam layanan kantor desa { $desa }: { $saved }
srv-user-created = Akun { $name } ({ $role }) dibuat.
srv-enroll-code = Kode pendaftaran untuk { $desa } { $name } (sekali pakai, berlaku 3 hari):
srv-device-revoked-state = dicabut
srv-device-active-state = aktif
srv-device-revoked = Perangkat { $name } ({ $id }) dicabut: tokennya tidak berlaku lagi.
srv-device-list-summary = { $n } perangkat (nomor, desa, nama, terdaftar, keadaan, sinkron terakhir)

## import, publish
srv-publish-progress = menerbitkan
srv-publish-done = { $n } kiriman diterbitkan ke dokumen desa.
srv-import-bad-field = baris { $line }, kolom { $column }: { $message }
srv-import-checking = memeriksa
srv-import-saving = menyimpan
srv-import-dry-run-done = Pemeriksaan selesai: { $rows } baris, { $valid } benar, { $invalid } salah; { $existing } sudah punya kiriman yang masih berjalan, { $reprints } cetak ulang. Tidak ada yang disimpan.
srv-import-imported = { $n } kiriman diimpor
srv-import-invalid-skipped = { $n } baris salah dilewati
srv-import-existing-skipped = { $n } baris dilewati karena dokumennya sudah punya kiriman
srv-import-reprinted = { $n } di antaranya cetak ulang
srv-import-summary = { $summary }. Kiriman masuk ke dokumen desa saat server berjalan (atau jalankan `antar-server publish`).
srv-import-existing-skipped-line = baris { $line }: dilewati, dokumen ini sudah punya kiriman { $code } ({ $status })
srv-import-existing-line = baris { $line }: dokumen ini sudah punya kiriman yang masih berjalan: { $code } ({ $status })
srv-import-reprint-line = baris { $line }: cetak ulang dari { $code } ({ $status })

## dispatch issue, show, list, recall, receive, handover, return, resolve
srv-custody-choose = Pilih dengan --keep N, --clear, atau --condition.
srv-custody-saved = Tersimpan atas nama desa (riwayat menandainya "Dukcapil atas nama desa").
srv-issued = Kiriman diterbitkan.
srv-issued-reprint = Kiriman diterbitkan sebagai cetak ulang dari { $earlier } (kiriman sebelumnya sudah selesai).
srv-issued-replaces = Kiriman { $earlier } ditarik; kiriman baru menggantikannya.
srv-detail-desa = Desa: { $name } ({ $code })
srv-detail-reprint-of = Cetak ulang dari { $earlier } (kiriman sebelumnya sudah selesai)
srv-detail-replaces = Menggantikan { $earlier } (ditarik)
srv-detail-reissued-as = Diterbitkan lagi sebagai { $later }
srv-detail-flags = Tanda: { $flags }
srv-flag-conflict = KONFLIK
srv-flag-missing = HILANG
srv-flag-aging = LAMA
srv-flag-damaged = RUSAK
srv-detail-event = { $summary } ({ $by }, waktu perangkat { $device_time }, diterima server { $received_at })
srv-detail-unpublished = (belum terkirim ke dokumen desa)
srv-list-count = { $shown } dari { $total } kiriman ditampilkan{ $more ->
        [true] ; sisanya dengan --offset
       *[false] {""}
    }
srv-recalled = Kiriman ditarik.

## manifest
srv-manifest-created = Manifes { $id } dibuat: { $n } kiriman.
srv-manifest-heading = Manifes { $id } — { $courier }
srv-manifest-received = Diterima desa: { $received } dari { $items }

## backup, restore
srv-backup-saved = Cadangan tersimpan: { $file } ({ $size } bita). Pulihkan dengan `antar-server restore { $file }` (server dihentikan dulu).
srv-restore-stop-server = Server Antar harus dihentikan selama pemulihan (jalankan lagi sesudahnya).
srv-restored = Basis data { $to } dipulihkan dari { $from }.
srv-restore-kept = Basis data sebelumnya disimpan sebagai { $file }.
srv-restore-next = Jalankan server lagi. Perangkat desa akan mengirim ulang apa yang tidak ada di cadangan pada sinkron berikutnya.

### antar-agent
# Add antar-agent output below this line.
agent-ui-open = Buka http://{ $address } di peramban
agent-ui-open-network = Peringatan: UI tidak memakai kata sandi dan kini terbuka untuk jaringan; pakai hanya di jaringan kantor yang tepercaya.
agent-enroll-in-browser = Perangkat ini belum terdaftar: daftarkan lewat halaman di peramban.
agent-running = Agen berjalan untuk desa { $desa }; Ctrl+C untuk berhenti.
agent-enroll-retry = Sambungan gagal; mencoba lagi…
agent-enrolled = Terdaftar untuk desa { $name } ({ $desa }) sebagai perangkat { $n }.
agent-skew-ahead = Peringatan: jam komputer ini lebih cepat { $minutes } menit dibanding server. Periksa tanggal dan jam.
agent-skew-behind = Peringatan: jam komputer ini lebih lambat { $minutes } menit dibanding server. Periksa tanggal dan jam.
agent-sync-done = Sinkron selesai: { $sent } dikirim, { $received } diterima, { $waiting } menunggu.
agent-signatures = Tanda tangan: { $sent } terkirim, { $failed } menunggu sinkron berikutnya.
agent-list-count = { $n } kiriman
agent-receipt-saved = { $code }: penerimaan tersimpan.
agent-missing-saved = { $code }: laporan tidak ada dalam kiriman tersimpan.
agent-correction-saved = { $code }: koreksi penerimaan tersimpan.
agent-nik-prompt = NIK pemilik (tidak disimpan):
agent-nik-matches = NIK cocok dengan pemilik dokumen.
agent-handover-saved = { $code }: penyerahan tersimpan.
agent-return-saved = { $code }: pengembalian tersimpan.
agent-resolve-saved = { $code }: konflik diselesaikan dan tersimpan.
agent-resolve-arrival = Tercatat saat tiba: { $value ->
        [ok] baik
        [damaged] rusak
       *[missing] tidak ada dalam kiriman
    } (pilih dengan --condition { $value })
agent-resolve-choose-both = Pilih versi dengan --keep N atau --neither, dan kondisi saat tiba dengan --condition.
agent-resolve-choose-version = Pilih dengan --keep N, atau --neither bila tidak ada yang terjadi.
agent-resolve-choose-condition = Pilih kondisi sebenarnya saat tiba dengan --condition.
agent-resolve-none = Tidak ada konflik yang perlu diselesaikan.
agent-status-desa = Desa { $name } ({ $code }) — perangkat { $n }
agent-status-synced-ago = Terakhir sinkron { $minutes } menit lalu
agent-status-never-synced = Belum pernah sinkron
agent-status-waiting = { $n } perubahan menunggu
agent-status-counts = { $dispatches } kiriman, { $conflicts } konflik
agent-status-last-failure = Gagal terakhir: { $error }
agent-backup-saved = Salinan cadangan tersimpan: { $file }
agent-restored = Dipulihkan dari { $file }: { $ops } perubahan, { $dispatches } kiriman (desa { $desa }, perangkat { $device }).
agent-restore-kept = File data sebelumnya disimpan sebagai { $file }.
agent-restore-sync-first = Jalankan `antar-agent sync` sebelum mencatat yang baru: perubahan perangkat ini yang dibuat sesudah salinan ini diambil lagi dari server (yang belum sempat disinkronkan tidak ada di salinan).
agent-doctor-check-ok = Pemeriksaan file: tidak ada kerusakan.
agent-doctor-salvaged = File data rusak ({ $problem ->
        [malformed] strukturnya rusak
        [not_a_database] tidak lagi terbaca sebagai basis data
       *[faults] pemeriksaan file menemukan kesalahan
    }); isinya diselamatkan ke replika baru: { $copied } baris tersalin, { $unreadable } tidak terbaca. File rusak disimpan sebagai { $file }.
agent-doctor-checked = Perubahan diperiksa: { $n }
agent-doctor-quarantined = Tidak terbaca, dikarantina: { $n }
agent-doctor-held = Disisihkan sementara (menunggu yang dikarantina): { $n }
agent-doctor-own = milik perangkat ini
agent-doctor-more = … dan { $n } lainnya
agent-doctor-sync-skipped = Sinkron dilewati (--offline): jalankan `antar-agent sync` untuk mengambil lagi yang disisihkan dari server.
agent-doctor-synced = Sinkron: { $received } perubahan diambil dari server; { $restored } yang disisihkan kembali masuk.
agent-doctor-sync-failed = { $error }. Perbaikan tetap berlaku; jalankan `antar-agent sync` nanti.
agent-doctor-still-held = { $n } perubahan masih disisihkan; sinkron berikutnya mengambilnya lagi.
agent-doctor-own-lost = PERHATIAN: { $n } perubahan milik perangkat ini tidak bisa dibaca dan belum pernah diterima server (nomor { $which }): perubahan itu hilang{ $hedge }.
agent-doctor-own-lost-hedge = menurut sinkron terakhir; jalankan `antar-agent doctor` lagi saat server terjangkau untuk memastikan
agent-doctor-own-unsendable = { $n } perubahan perangkat ini sesudahnya tersimpan tetapi tidak akan pernah diterima server.
agent-doctor-own-stuck = Nomor perubahan perangkat ini macet: perangkat ini tidak bisa mencatat perubahan baru lagi. Sinkronkan yang masih bisa (antar-agent sync), lalu daftarkan ulang perangkat ini di folder data baru (antar-agent --data-dir FOLDER_BARU enroll --server URL --code KODE) dan catat ulang pekerjaan yang hilang.
agent-doctor-own-blocked = Perangkat ini menunggu perubahannya sendiri kembali dari server: pencatatan baru ditolak sampai sinkron (antar-agent sync) berhasil.
agent-doctor-enrollment-lost-backup = Data pendaftaran perangkat ini hilang: pulihkan salinan cadangan (antar-agent restore { $backup }).
agent-doctor-enrollment-lost = Data pendaftaran perangkat ini hilang dan tidak ada salinan cadangan yang dikenal: daftarkan ulang perangkat ini di folder data baru (antar-agent --data-dir FOLDER_BARU enroll --server URL --code KODE).
agent-doctor-not-enrolled = Perangkat ini belum terdaftar.
agent-doctor-usable = Replika siap dipakai: { $n } kiriman.

srv-audit-list-summary = { $n } entri (waktu WITA, oleh, alamat, tindakan, sasaran, desa)
srv-audit-verified = Catatan audit utuh: { $n } entri, setiap hash cocok dan tersambung

## Accounts
srv-user-password-changed = Kata sandi { $name } sudah diganti; sesi masuknya berakhir.
srv-user-reset = Kata sandi sekali pakai untuk { $name } (hanya ditampilkan sekali; sesi masuknya berakhir):
srv-user-enabled = Akun { $name } aktif lagi.
srv-user-disabled = Akun { $name } dinonaktifkan; semua sesi dan token API-nya berakhir.
srv-user-state-active = aktif
srv-user-state-disabled = nonaktif
srv-user-list-summary = { $n } akun (nama, peran, keadaan, masuk terakhir WITA)
srv-device-renamed = Perangkat { $id } sekarang bernama { $name }.
srv-user-scope = Akun { $name } sekarang hanya untuk kecamatan { $kecamatan }.
srv-user-scope-all = Akun { $name } sekarang untuk seluruh kabupaten.
srv-nik-prompt = NIK pemilik (16 angka):
srv-nik-search-prompt = NIK yang dicari:
srv-slips-written = { $n } slip ditulis ke { $file }. Buka di peramban, lalu cetak di kertas A4.
srv-batch = Terbitan { $id }. Slip warga: antar-server slips { $id } --output slip.html
srv-verify-valid = Tanda terima sah: ditandatangani perangkat desa yang disahkan Dukcapil.
srv-verify-code = Kode
srv-verify-kind = Dokumen
srv-verify-desa = Kantor desa
srv-verify-at = Diserahkan
srv-verify-relation = Penerima
srv-verify-clerk = Petugas
srv-verify-device = Perangkat
srv-public-key-note = Kunci publik Dukcapil (Ed25519). Umumkan kunci ini: dengannya tanda terima dapat diperiksa tanpa internet (antar-server verify --key …).
agent-receipt-written = Tanda terima ({ $layout }) ditulis ke { $file }: buka dan cetak. Kode QR { $chars } karakter, versi { $version }.
agent-receipt-hint = Tanda terima untuk warga: antar-agent receipt { $code }
srv-demo-receipt = tanda terima contoh untuk diperiksa (dari perangkat contoh): { $link }

## config check
config-file = berkas pengaturan: { $path }
config-no-file = tanpa berkas pengaturan (pakai --config BERKAS, ANTAR_CONFIG, atau /etc/antar/)
config-source-flag = dari opsi perintah
config-source-env = dari variabel lingkungan
config-source-file = dari berkas pengaturan
config-source-default = bawaan
config-source-unset = tidak diatur

## migrate-to
srv-migrate-table = { $table }: { $n } baris disalin dan dicocokkan
srv-migrate-done = Selesai: { $tables } tabel, { $rows } baris, jumlahnya sama di PostgreSQL. Jalankan server dengan --database-url ke basis data ini; berkas SQLite dibiarkan apa adanya.

## antar-agent clerk
agent-clerk-added = Petugas ditambahkan: { $name }
agent-clerk-pin-set = PIN baru untuk { $name }; akun terbuka dan sesi lama berakhir.
agent-clerk-pin-printed = PIN dicetak di bawah, sekali saja: serahkan langsung kepada petugas.
agent-clerk-removed = Petugas dihapus: { $name }
agent-clerk-head = kepala urusan
agent-clerk-locked = terkunci

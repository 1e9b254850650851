# The Dukcapil dashboard (/dasbor).
dash-nav-dispatches = Kiriman
dash-nav-import = Impor CSV
dash-nav-manifests = Manifes
dash-nav-desa = Kesehatan desa
dash-nav-devices = Perangkat
dash-nav-reports = Laporan
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
dash-by-server = Dukcapil
dash-by-device = Perangkat desa { $device }
dash-signature = Tanda tangan penerima
dash-recall = Tarik kiriman
dash-reason = Alasan
dash-recall-example = mis. salah cetak nama
dash-ev-issued = Diterbitkan: { $kind } no. { $number }
dash-ev-dispatched = Masuk manifes { $manifest }, dibawa { $courier }
dash-ev-received = Diterima di kantor desa
dash-ev-received-damaged = Diterima di kantor desa dalam keadaan rusak
dash-ev-missing = Dilaporkan tidak ada dalam kiriman
dash-ev-handover = Diserahkan kepada { $recipient } ({ $relation })
dash-ev-clerk = petugas { $clerk }
dash-ev-nik-verified = NIK cocok
dash-ev-returned = Dikembalikan ke Dukcapil: { $reason }
dash-ev-recalled = Ditarik Dukcapil: { $reason }
dash-ev-cleared = Tidak terjadi apa-apa (tetap di desa)
dash-ev-resolved = Konflik diselesaikan: { $choice }
dash-ev-note = Catatan: { $text }
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

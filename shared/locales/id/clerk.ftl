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
clerk-nik-label = NIK

## Receive
clerk-receive-title = Terima dokumen
clerk-scan-label = Kode pelacakan
clerk-scan-hint = Pindai kode batang atau QR, atau ketik kode lalu tekan Enter.
clerk-damaged-label = Dokumen rusak
clerk-receive-button = Simpan penerimaan
clerk-received-one = { $code }: penerimaan tersimpan.
clerk-received-damaged = { $code }: penerimaan tersimpan (rusak).
clerk-received-already = { $code } sudah tercatat diterima; tidak ada yang diubah.
clerk-received-many = { $n } kiriman diterima dan tersimpan.
clerk-reported-missing = { $n } kiriman dilaporkan hilang.
clerk-expected-title = Kiriman yang ditunggu
clerk-expected-none = Tidak ada kiriman yang sedang ditunggu.
clerk-manifest-title = Manifest { $manifest } · kurir { $courier }
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
clerk-relation-holder = Pemilik sendiri
clerk-relation-family = Keluarga (satu KK)
clerk-relation-proxy = Kuasa (dengan surat kuasa)
clerk-id-label = Identitas yang diperiksa
clerk-id-ktp-el = KTP-el
clerk-id-kk = Kartu Keluarga
clerk-id-kia = KIA
clerk-id-surat-kuasa = Surat kuasa
clerk-id-lainnya = Lainnya
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
clerk-condition-ok = Baik
clerk-condition-damaged = Rusak
clerk-condition-missing = Tidak ada (hilang)
clerk-outcome-handed = Diserahkan kepada { $recipient } ({ $relation })
clerk-outcome-returned = Dikembalikan: { $reason }
clerk-outcome-recalled = Ditarik Dukcapil: { $reason }
clerk-outcome-cleared = Tidak terjadi apa-apa

## History
clerk-history-title = Riwayat kiriman
clerk-history-events = Yang tercatat
clerk-history-note = Urutan menurut sebab-akibat; jam adalah jam perangkat pencatat.
clerk-event-issue = Diterbitkan Dukcapil: { $kind } nomor { $number }
clerk-event-dispatch = Dikirim dengan manifest { $manifest }, kurir { $courier }
clerk-event-receive = Penerimaan dicatat: { $condition }
clerk-event-handover = Diserahkan kepada { $recipient } ({ $relation })
clerk-event-id-shown = Identitas diperiksa: { $id }
clerk-event-nik-verified = NIK cocok dengan pemilik
clerk-event-nik-not-checked = NIK tidak diperiksa
clerk-event-clerk = Petugas: { $clerk }
clerk-event-signed = Ditandatangani penerima
clerk-event-return = Dikembalikan ke Dukcapil: { $reason }
clerk-event-recall = Ditarik Dukcapil: { $reason }
clerk-event-resolve = Konflik diselesaikan: { $choice }
clerk-event-note = Catatan: { $text }
clerk-actor-server = Dukcapil
clerk-actor-this = Perangkat ini ({ $n })
clerk-actor-device = Perangkat { $n }

## Enrollment
clerk-enroll-title = Daftarkan komputer ini
clerk-enroll-intro = Sekali saja: minta kode pendaftaran ke Dukcapil, lalu isi alamat server dan kode itu.
clerk-enroll-server = Alamat server Dukcapil
clerk-enroll-code = Kode pendaftaran
clerk-enroll-name = Nama perangkat
clerk-enroll-default-name = Komputer kantor desa
clerk-enroll-button = Daftarkan

## Errors
clerk-error-internal = Basis data di komputer ini gagal ({ $detail }); tidak ada yang disimpan. Coba lagi; bila berulang, hubungi Dukcapil.
clerk-error-not-found = Halaman atau kiriman ini tidak ada.
clerk-error-foreign = Permintaan ditolak: hanya halaman Antar di komputer ini yang boleh mengubah data.
clerk-error-host = Permintaan ditolak: buka Antar lewat http://127.0.0.1.

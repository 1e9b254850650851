# The residents' status page (/cek): short words, read on a cheap phone.
cek-title = Cek dokumen
cek-heading = Cek status dokumen Anda
cek-intro = Ketik kode pelacakan yang tertera di tanda terima (contoh 7KQM-2XWP-8RD0).
cek-button = Cek
cek-code-for = Kode { $code }
cek-not-found = Kode ini belum terdaftar. Dokumen mungkin belum selesai dicetak; coba lagi besok, atau tanyakan ke Dukcapil.
cek-advice-issued = Dokumen sudah selesai dicetak di Dukcapil dan menunggu dikirim ke kantor desa.
cek-advice-in_transit = Dokumen sedang dibawa kurir ke kantor desa. Jangan datang dulu; cek lagi nanti.
cek-advice-at_desa = Dokumen sudah tiba. Silakan ambil di kantor desa dengan membawa KTP-el atau KK.
cek-advice-handed_over = Dokumen sudah diserahkan. Jika Anda belum menerimanya, hubungi kantor desa.
cek-advice-returned = Dokumen tidak ada di kantor desa. Hubungi Dukcapil untuk keterangan.
cek-where = Tempat pengambilan
cek-office = Kantor Desa { $desa }, Kecamatan { $kecamatan }
cek-hours = Jam layanan
office-hours-default = Senin–Jumat, 08.00–14.00 WITA
cek-again = Cek kode lain
cek-privacy = Halaman ini tidak menampilkan nama atau NIK.

# The residents' status page (/cek).
cek-title = Check a document
cek-heading = Check your document's status
cek-intro = Type the tracking code printed on your receipt (for example 7KQM-2XWP-8RD0).
cek-button = Check
cek-code-for = Code { $code }
cek-not-found = This code is not registered yet. The document may not be printed yet; try again tomorrow, or ask Dukcapil.
cek-advice-issued = The document is printed at Dukcapil and waiting to be sent to the village office.
cek-advice-in_transit = A courier is taking the document to the village office. Do not go yet; check again later.
cek-advice-at_desa = The document has arrived. Pick it up at the village office; bring your KTP-el or KK.
cek-advice-handed_over = The document was handed over. If you did not receive it, contact the village office.
cek-advice-returned = The document is not at the village office. Contact Dukcapil for details.
cek-where = Where to pick it up
cek-office = Village office of { $desa }, { $kecamatan } district
cek-hours = Opening hours
office-hours-default = Monday–Friday, 08:00–14:00 (WITA)
cek-again = Check another code
cek-privacy = This page shows no name and no NIK.

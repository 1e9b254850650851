# Shared by every page.
app-name = Antar
footer = Antar — tracking civil-registry documents from Dukcapil to village offices
ago-now = just now
ago-minutes = { $n ->
    [one] 1 minute ago
   *[other] { $n } minutes ago
}
ago-hours = { $n ->
    [one] 1 hour ago
   *[other] { $n } hours ago
}
ago-days = { $n ->
    [one] 1 day ago
   *[other] { $n } days ago
}
status-issued = Issued
status-in_transit = In transit
status-at_desa = At the village office
status-handed_over = Handed over
status-returned = Returned to Dukcapil
status-recalled = Recalled by Dukcapil
flag-conflict = Conflict
flag-missing = Missing
flag-aging = Waiting long
flag-damaged = Damaged
kind-label = Kind
code-label = Tracking code
holder-label = Holder
desa-label = Village
kecamatan-label = District
status-label = Status
save = Save
back = Back
search = Search
none-yet = Nothing yet.
error-title = Something is wrong
relation-holder = The holder
relation-family = Family (same KK)
relation-proxy = Proxy (with a letter of authority)
id-ktp-el = KTP-el (ID card)
id-kk = Family card (KK)
id-kia = Child ID card (KIA)
id-surat-kuasa = Letter of authority
id-lainnya = Other

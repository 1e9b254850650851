### common
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

### kinds
# The kinds of document Dukcapil delivers (shared/src/kind.rs codes).
kind-kk = Family card (KK)
kind-ktp-el = Electronic ID card (KTP-el)
kind-kia = Child ID card (KIA)
kind-akta-kelahiran = Birth certificate
kind-akta-kematian = Death certificate
kind-akta-perkawinan = Marriage certificate
kind-akta-perceraian = Divorce certificate
kind-skpwni = Moving-out certificate (SKPWNI)
kind-lainnya = Other document

### ops
# How ops, outcomes and authors read, the same on every page, the API and the command
# lines (shared/src/i18n/describe.rs).
condition-ok = Intact
condition-damaged = Damaged
condition-missing = Not there (missing)
outcome-handed = Handed to { $recipient } ({ $relation })
outcome-returned = Returned to Dukcapil: { $reason }
outcome-recalled = Recalled by Dukcapil: { $reason }
outcome-cleared = Nothing happened (still at the desa)
ev-issued = Issued: { $kind } { $number ->
        [NIK] numbered with the holder's NIK
       *[other] number { $number }
    }
ev-reprint = reprint of { $code }
ev-replaces = replaces { $code } (the old one is recalled)
ev-dispatched = On manifest { $manifest }, carried by { $courier }
ev-received = { $condition ->
    [damaged] Received at the village office, damaged
    [missing] Reported missing from the delivery
   *[ok] Received at the village office
}
ev-found = Found at the village office (reported missing before)
ev-returned = Returned to Dukcapil: { $reason }
ev-recalled = Recalled by Dukcapil: { $reason }
ev-resolved = Conflict resolved: { $choice }
ev-note = Note: { $text }
ev-correction = Correction ({ $reason }): { $what }
ev-id-shown = ID checked: { $id }
ev-nik-verified = NIK matches the holder's
ev-nik-not-checked = NIK not checked
ev-clerk = Clerk: { $clerk }
ev-signed = Signed by the recipient
by-server = Dukcapil
by-server-for-desa = Dukcapil on the desa's behalf
by-device = Another device of this desa
by-this-device = This device
by-server-named = Dukcapil: { $name }
by-server-for-desa-named = Dukcapil on the desa's behalf: { $name }
by-device-named = Device { $name }

### resident
# The residents' status page (/cek).
cek-title = Check a document
cek-heading = Check your document's status
cek-intro = Type the tracking code printed on your receipt (for example 7KQM-2XWP-8RD0).
cek-button = Check
cek-code-for = Code { $code }
cek-nik-not-code = That is a NIK, not a tracking code. There is no need to type your NIK here: the tracking code is on the receipt from Dukcapil (for example 7KQM-2XWP-8RD0).
cek-not-found = This code is not registered yet. The document may not be printed yet; try again tomorrow, or ask Dukcapil.
cek-advice-issued = The document is printed at Dukcapil and waiting to be sent to the village office.
cek-advice-in_transit = A courier is taking the document to the village office. Do not go yet; check again later.
cek-advice-at_desa = The document has arrived. Pick it up at the village office; bring your KTP-el or KK.
cek-advice-handed_over = The document was handed over. If you did not receive it, contact the village office.
cek-advice-returned = The document is not at the village office. Contact Dukcapil for details.
cek-waiting = Arrived at the desa office on { $arrived }. Kept until { $until }; after that it goes back to Dukcapil.
cek-where = Where to pick it up
cek-office = Village office of { $desa }, { $kecamatan } district
cek-hours = Opening hours
office-hours-default = Monday–Friday, 08:00–14:00 (WITA)
cek-again = Check another code
cek-privacy = This page shows no name and no NIK.

### clerk
# clerk pages: the desa clerk's UI (antar-agent run). Short words, big buttons.
clerk-brand = Village office
clerk-nav-home = Home
clerk-nav-receive = Receive
clerk-nav-handover = Hand over
clerk-nav-list = All dispatches
clerk-home-title = Home
clerk-desa-name = Village { $name } ({ $code })
clerk-device-name = Device { $n }: { $name }

## Sync banner
clerk-synced-ago = Last synced { $ago }
clerk-never-synced = Never synced
clerk-changes-waiting = { $n ->
    [one] 1 change waiting
   *[other] { $n } changes waiting
}
clerk-signatures-waiting = { $n ->
    [one] 1 signature waiting
   *[other] { $n } signatures waiting
}
clerk-last-error = Last failure: { $error }
clerk-skew-ahead = This PC's clock is { $minutes } minutes ahead of the server's. Check the date and time.
clerk-skew-behind = This PC's clock is { $minutes } minutes behind the server's. Check the date and time.
clerk-sync-now = Sync now
clerk-sync-done = Sync done.
clerk-sync-failed = Sync failed; work stays saved on this PC and is sent later.
clerk-sync-running = Sync is still running in the background; reload the page in a moment.
clerk-enrolled = Device enrolled. The first sync is running.

## Home cards
clerk-action-receive-big = Receive documents (scan)
clerk-action-handover-big = Hand over to a resident
clerk-card-expected = On the way
clerk-card-expected-hint = Sent by Dukcapil, not yet received at the village
clerk-card-arrived = Received in the last 7 days
clerk-card-arrived-hint = Recorded as arrived at the village office this week
clerk-card-waiting = Waiting for pickup
clerk-card-waiting-hint = At the village office, not handed over; { $n } waiting long
clerk-card-conflicts = Conflicts
clerk-card-conflicts-hint = Two different records; needs resolving
clerk-card-missing = Missing
clerk-card-missing-hint = Reported missing, or on the road too long

## Lists
clerk-list-title = Dispatches
clerk-list-show = Show
clerk-filter-all = All
clerk-search-label = Search
clerk-search-placeholder = Code or holder's name
clerk-list-count = { $n ->
    [one] 1 dispatch
   *[other] { $n } dispatches
}
clerk-list-shown = Showing { $shown } of { $total } dispatches; narrow it down with a search
clerk-action-receive = Receive
clerk-action-handover = Hand over
clerk-action-return = Return
clerk-action-resolve = Resolve conflict
clerk-see-history = See history
clerk-number-label = Document number

## Receive
clerk-receive-title = Receive documents
clerk-scan-label = Tracking code
clerk-scan-hint = Scan the barcode or QR code, or type the code and press Enter.
clerk-scan-refused = Refused: { $code }. The box is empty again: scan or type the next code.
clerk-damaged-label = Document is damaged
clerk-receive-button = Save receipt
clerk-received-one = { $code }: receipt saved.
clerk-received-damaged = { $code }: receipt saved (damaged).
clerk-received-already = { $code } was already recorded as received; nothing changed.
clerk-received-many = { $n ->
    [one] 1 dispatch received and saved.
   *[other] { $n } dispatches received and saved.
}
clerk-reported-missing = { $n ->
    [one] 1 dispatch reported missing.
   *[other] { $n } dispatches reported missing.
}
clerk-expected-title = Expected deliveries
clerk-expected-none = Nothing is expected right now.
clerk-manifest-title = Manifest { $manifest } · courier { $courier }
clerk-manifest-open = { $open } not yet received · sent { $sent }
clerk-not-received = Not yet received
clerk-receive-ticked = Receive ticked items
clerk-receive-all = Receive all outstanding ({ $n })
clerk-receive-ticked-damaged = Receive ticked items (damaged)
clerk-report-missing = Report ticked items missing
clerk-tick-first = First tick the items that arrived or are missing.
clerk-found-label = Found (reported missing before)
clerk-receive-ticked-found = Receive the ticked ones as found
clerk-reported-missing-badge = Reported missing
clerk-found-first = Found — receive it now

## Handover
clerk-find-title = Hand over to a resident
clerk-find-label = Code or holder's name
clerk-find-hint = Scan the code on the resident's receipt, or type the holder's name.
clerk-find-waiting = Waiting for pickup
clerk-find-results = { $n ->
    [one] 1 result
   *[other] { $n } results
}
clerk-handed-over = { $code }: handover saved.
clerk-handover-title = Handover
clerk-recipient-label = Recipient's name
clerk-relation-label = Relation to the holder
clerk-id-label = ID document checked
clerk-nik-check-label = Holder's NIK (optional)
clerk-nik-check-hint = Checked against the document's record; the NIK is not stored.
clerk-clerk-label = Clerk's name
clerk-signature-label = Recipient's signature
clerk-signature-clear = Clear signature
clerk-handover-button = Save handover
clerk-handover-choose = Choose the relation and the ID document from the lists.
clerk-receive-first = Receive it now
clerk-signature-invalid = The signature could not be read; clear it and sign again.
clerk-signature-too-large = The signature image is too large; clear it and sign again.
clerk-signature-elsewhere = This signature image is stored on another device.

## Return and resolve
clerk-return-title = Return to Dukcapil
clerk-reason-label = Reason
clerk-reason-hint = Pick from the list or write your own.
clerk-reason-unclaimed = Not collected for more than 30 days
clerk-reason-wrong-desa = Wrong village
clerk-reason-misprint = Damaged or misprinted
clerk-reason-moved = The holder has moved away
clerk-return-button = Save return
clerk-returned = { $code }: return saved.
clerk-resolve-title = Resolve a conflict
clerk-resolve-none = This dispatch has no conflict.
clerk-resolve-outcome = What happened to this document?
clerk-resolve-explain = Two devices recorded different things. Choose the true one; the others are no longer shown.
clerk-resolve-arrival = What condition was the document in when it arrived?
clerk-resolve-condition = The real condition:
clerk-version = Version { $n }
clerk-keep-version = Keep version { $n }
clerk-resolve-neither = Nothing happened (the document is still at the village)
clerk-resolve-changed = The records changed since the page was opened; check again, then choose.
clerk-resolved = { $code }: conflict resolved and saved.

## History
clerk-history-title = Dispatch history
clerk-history-events = What was recorded
clerk-history-note = In causal order; times are the recording device's clock.

## Enrollment
clerk-enroll-title = Enroll this computer
clerk-enroll-intro = Once only: ask Dukcapil for an enrollment code, then enter the server address and that code.
clerk-enroll-server = Dukcapil server address
clerk-enroll-code = Enrollment code
clerk-enroll-name = Device name
clerk-enroll-default-name = Village office computer
clerk-enroll-button = Enroll

## Errors
clerk-error-internal = Nothing was saved: { $detail }. Try again; if it keeps happening, contact Dukcapil.
clerk-error-not-found = This page or dispatch does not exist.
clerk-error-foreign = Request refused: only Antar's own pages on this computer may change data.
clerk-error-host = Request refused: open Antar at http://127.0.0.1.
clerk-error-form-too-large = Nothing was saved: the form is too large (the signature image is too large). Clear the signature, sign again, and send the form again.
clerk-error-form-unreadable = The form could not be read. Reload the page, then fill it in and send it again.
clerk-error-address-unreadable = The address of this page could not be read. Open the page again from the menu.
clerk-number-is-nik = the holder's NIK (not kept at the desa)

### dashboard
# The Dukcapil dashboard (/dasbor).
dash-nav-dispatches = Dispatches
dash-nav-import = CSV import
dash-nav-manifests = Manifests
dash-nav-desa = Desa health
dash-nav-devices = Devices
dash-nav-reports = Reports
dash-nav-audit = Audit log
dash-audit-intact = { $n ->
        [0] No entries yet.
       *[other] { $n } entries; the hash chain is intact.
    }
dash-audit-who = By
dash-audit-action = Action
dash-audit-from = From
dash-audit-to = To
dash-audit-time = Time (WITA)
dash-audit-address = Address
dash-audit-target = Target
dash-audit-detail = Details
dash-logout = Log out
dash-login-title = Log in to the Dukcapil dashboard
dash-login-name = User name
dash-login-password = Password
dash-login-button = Log in
dash-login-hint = Accounts are made by an admin (antar-server user add). Forgot your password? Ask the admin.
dash-home-title = Overview
dash-attention = Needs attention
dash-reported-missing = Missing or overdue
dash-quiet-desa = { $n ->
    [one] Desa not synced for a day or more
   *[other] Desa not synced for { $n } days or more
}
dash-unpublished = Not yet in the desa's data
dash-issue-one = Issue one dispatch
dash-new-manifest = New manifest
dash-all = All
dash-min-age = Min. age (days)
dash-export-csv = Download CSV
dash-age = Age
dash-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
dash-days-unit = days
dash-prev = Previous
dash-next = Next
dash-number = Document number
dash-nik-hint = 16 digits; not sent to the desa (only a check value)
dash-desa-code = Desa code (Kemendagri)
dash-phone = Applicant's WhatsApp number
dash-optional = (optional)
dash-issue-button = Issue
dash-issued-notice = Dispatch issued. Tracking code for the resident's receipt: { $code }
dash-issued-at = Issued
dash-resident-link = Resident's page
dash-conflict-title = Conflict: two versions of events
dash-conflict-help = Two devices recorded different things. Both are shown until a desa clerk picks the true one.
dash-version = Version { $n }
dash-history = History
dash-not-published = Not in the desa's data yet (being processed).
dash-event = Event
dash-by = By
dash-device-time = Device time
dash-server-time = Server time
dash-skew = device clock wrong
dash-skew-help = The device's clock was ahead of the server's when received, or earlier than the document's issue; this time cannot be trusted.
dash-times-note = Times in WITA. Device time is the village PC's claim (may be wrong); server time is when the server received it.
dash-signature = Recipient's signature
dash-recall = Recall dispatch
dash-reason = Reason
dash-recall-example = e.g. name misprinted
dash-import-file = CSV file
dash-import-columns = Columns:
dash-import-check = Check file
dash-import-bad = { $bad } of { $rows } rows have problems. Nothing was saved; fix the file and upload it again.
dash-line = Line
dash-column = Column
dash-problem = Problem
dash-import-ok = All { $rows } rows of { $file } are valid. Not saved yet: check, then save.
dash-import-per-desa = Per desa
dash-import-first-rows = First rows
dash-import-save = { $n ->
    [one] Save 1 dispatch
   *[other] Save { $n } dispatches
}
dash-import-cancel = Cancel
dash-import-done = { $n } dispatches from { $file } saved.
dash-courier = Courier
dash-manifest-codes = Tracking codes
dash-manifest-codes-hint = (leave empty for every dispatch of that desa still at Dukcapil)
dash-create-manifest = Create manifest
dash-created = Created
dash-arrived-of = Arrived
dash-print = Print
dash-manifest-no = Manifest { $id }
dash-manifest-number = No.
dash-manifest-sheet = Handover sheet
dash-received = Received
dash-on-the-way = On the way
dash-items = { $n ->
    [one] 1 document
   *[other] { $n } documents
}
dash-desa-clerk = Desa clerk
dash-quiet-after = Flag when not synced for (days)
dash-last-sync = Last sync
dash-ops-waiting = Changes waiting for the desa
dash-never = never
dash-no-device = no device yet
dash-code-for = Enrollment code for desa { $desa } ({ $code }). Shown only once:
dash-code-expires = Valid until { $time } WITA, for one device.
dash-new-code = Make an enrollment code
dash-device-name = Device name
dash-enrolled = Enrolled
dash-skew-minutes = clock off by { $n } minutes
dash-revoked = revoked
dash-revoke = Revoke
dash-report-weekly = Documents handed over per week
dash-report-weekly-total = Total over 12 weeks: { $n }
dash-report-median = Median days from issue to handover, per kecamatan
dash-median-days = Median (days)
dash-handovers = Handovers
dash-report-aging = Documents waiting at desa offices for { $n } days or more
dash-items-count = Count
dash-office-hours = Desa office opening hours
dash-office-hours-example = Mon–Thu 08.00–12.00 WITA
dash-hours-default = (default)
dash-hours-saved = Opening hours of the { $desa } desa office saved: { $hours }
dash-print-hint = or press Ctrl+P
dash-import-more-errors = …and { $n } more problems. Check the file with `antar-server import --dry-run` for the full list.
dash-flag = Flag
## Duplicates and reprints in imports; replacing an open dispatch
dash-import-existing = { $n ->
    [one] 1 row already has an open dispatch (not handed over, returned or recalled). The same document is not issued twice: tick "skip" to save only the rest.
   *[other] { $n } rows already have an open dispatch (not handed over, returned or recalled). The same document is not issued twice: tick "skip" to save only the rest.
}
dash-import-reprints = { $n ->
    [one] 1 row reprints a document whose earlier dispatch is closed; the new dispatch is marked as a reprint.
   *[other] { $n } rows reprint documents whose earlier dispatch is closed; the new dispatches are marked as reprints.
}
dash-import-open-dispatch = Open dispatch
dash-import-reprint-of = Reprint of
dash-import-more-rows = { $n ->
    [one] …and 1 more row.
   *[other] …and { $n } more rows.
}
dash-import-skip-existing = { $n ->
    [one] Skip the row that already has a dispatch; save the rest
   *[other] Skip the { $n } rows that already have a dispatch; save the rest
}
dash-import-skipped = { $n ->
    [one] 1 row was skipped: its document already has an open dispatch.
   *[other] { $n } rows were skipped: their documents already have an open dispatch.
}
dash-import-reprinted = { $n ->
    [one] 1 dispatch was saved as a reprint.
   *[other] { $n } dispatches were saved as reprints.
}
dash-replace-legend = Replace an open dispatch
dash-replace-hint = Only when this document already has a dispatch that is not finished (e.g. a misprint): the old dispatch is recalled with this reason and the new one replaces it.
dash-replaces = Tracking code of the dispatch replaced
dash-replace-reason = Reason for the replacement
dash-line-code = line { $line }: { $code }

### custody
## Custody: corrections, found items, reprints, work on a desa's behalf, recoveries
dash-keep-version = Keep this version
dash-clear-versions = None of these happened (still at the desa)
dash-for-desa-title = Record for the desa
dash-for-desa-help = When the desa office's PC is broken or lost: record what the desa reports (by phone or from its register). Histories mark it "Dukcapil on the desa's behalf"; the custody rules still apply.
dash-for-desa-receive = Record receipt
dash-for-desa-recipient = Recipient
dash-for-desa-relation = Relation
dash-for-desa-id = ID document checked
dash-for-desa-clerk = Desa clerk who handed it over
dash-for-desa-receive-first = Receive and hand over at once
dash-for-desa-correction = Correction: reason
dash-for-desa-handover = Record handover
dash-for-desa-return = Record return
dash-recovered = This server was restored from an old backup: desa devices handed back { $ops } lost changes from { $desa } desa (latest { $at } WITA). Nothing needs fixing by hand; the NIK and WhatsApp number of recovered dispatches need importing again.

## The audit log: what each action is called
audit-action-login = Logged in
audit-action-login_failed = Failed login
audit-action-dispatch_issue = Issued a dispatch
audit-action-dispatch_recall = Recalled a dispatch
audit-action-custody_receive = Recorded a receipt for a desa
audit-action-custody_handover = Recorded a handover for a desa
audit-action-custody_return = Recorded a return for a desa
audit-action-custody_resolve = Settled a conflict
audit-action-import = Imported a CSV file
audit-action-export = Exported a CSV file
audit-action-manifest_create = Created a manifest
audit-action-enroll_code_create = Made an enrollment code
audit-action-device_enroll = A device enrolled
audit-action-device_rename = Renamed a device
audit-action-device_revoke = Revoked a device
audit-action-token_create = Made an API token
audit-action-user_add = Added an account
audit-action-user_password = Changed a password
audit-action-user_reset = Reset a password
audit-action-user_disable = Disabled an account
audit-action-user_scope = Changed an account's area
audit-action-user_enable = Enabled an account
audit-action-settings_office_hours = Changed opening hours
audit-action-search_nik = Searched by NIK

## Accounts
dash-nav-users = Users
dash-nav-account = My account
dash-account-title = My account
dash-account-who = Logged in as { $name }.
dash-account-changed = The password was changed and every login session of this account has ended, this one too: log in again with the new password.
dash-account-current = Current password
dash-account-new = New password (at least 10 characters)
dash-account-repeat = Repeat the new password
dash-account-button = Change password
dash-users-role = Role
dash-users-state = State
dash-users-last-login = Last login (WITA)
dash-users-scope = Area (kecamatan)
dash-users-scope-all = every kecamatan
dash-users-scope-save = Save area
dash-users-active = active
dash-users-disabled = disabled
dash-users-reset = Reset password
dash-users-disable = Disable
dash-users-enable = Enable
dash-users-reset-done = One-time password for { $name } (shown only once; hand it over in person and ask for it to be changed after logging in):
dash-users-hint = Disabling an account ends all its sessions and API tokens at once. New accounts are made with antar-server user add. An empty area means every kecamatan; type kecamatan codes (52.06.03, comma-separated) to limit what the account sees and acts on.

## Finding dispatches
dash-search = Search
dash-search-hint = code, name, number or NIK
dash-nik-search = Results of the search for NIK { $nik }. The NIK is kept out of the page address, so these results have no next-page links and no CSV download.
dash-shown-of = { $shown } of { $total } shown
dash-shown-of-more = { $shown } of more than { $total } shown
dash-region-filter = Region (province, regency or kecamatan code)
dash-desa-shown-of = { $shown } of { $total } desa shown, quiet ones first; choose a region to see the rest
dash-devices-shown-of = { $shown } of { $total } devices shown; choose a region to see the rest
dash-rename = Rename

dash-batch-title = Batch { $id }
dash-batch-file-title = Batch { $id } ({ $file })
dash-batch-slips = Print residents' slips
dash-batch-codes = Download the codes (CSV)
dash-batch-names = Name on the slips
dash-batch-names-inisial = Initials
dash-batch-names-lengkap = Full name
dash-batch-names-tanpa = No name

## Residents' slips
slip-heading = Document pickup slip
slip-office = Pick up at the desa office of { $desa }, Kecamatan { $kecamatan }
slip-how = Check the status: scan the QR code or open { $link }. When picking up, bring this slip and a KTP-el or KK.
slip-count = { $n ->
    [one] 1 slip
   *[other] { $n } slips
}

dash-notices = Notices to the resident
dash-nav-notices = Notices
dash-notices-none = No notices to residents yet.
dash-notices-attention = Needs a look
dash-notices-reach = Residents reached per desa
dash-notices-reached = Reached
dash-notices-hint = Reached: dispatches whose applicant got at least one notice (sent, delivered or read). Dispatches without a phone number are not reached.
dash-notice-tries = Tries
dash-notice-resend = Send again
dash-notice-provider = How notices go
dash-notice-provider-is = Notices go by: { $via }
dash-notice-test-off = Notices to residents are not sent (the server runs without --notify).
dash-notice-test-number = Number for a test message
dash-notice-test = Send a test message
dash-notice-test-sent = Test message sent by { $via } { $id }
dash-notice-test-failed = The test message failed: { $why }
dash-notice-channel = Via
dash-notice-reason = Note
notice-event-issued = Printed
notice-event-at_desa = Ready for pickup
notice-event-reminder = Reminder
notice-event-handed_over = Handed over
notice-event-returned = Returned
notice-event-recalled = Recalled
notice-state-queued = Waiting to be sent
notice-state-sending = Being sent
notice-state-sent = Sent
notice-state-delivered = Delivered
notice-state-read = Read
notice-state-failed = Failed
notice-state-skipped = Not sent
notice-why-opted_out = This number asked to stop (BERHENTI)
notice-why-phone_erased = The phone number was erased
notice-why-no_dispatch = The dispatch was not found
notice-why-outdated = No longer true: the document has moved on

## Notices to residents (WhatsApp, SMS); no NIK, no name
notice-test = A test message from Antar, Dukcapil. If it arrives, document notices can reach this number.
notice-issued = Your { $kind } is printed at Dukcapil and will be sent to the desa office of { $desa }. Tracking code: { $code }. Check: { $link }
notice-at_desa = Your { $kind } has arrived at the desa office of { $desa }. Pick it up with a KTP-el or KK by { $until }. Code: { $code }
notice-reminder = Reminder: your { $kind } is still waiting at the desa office of { $desa } and is kept until { $until }. Code: { $code }
notice-handed_over = The { $kind } with code { $code } was handed over at the desa office of { $desa }. If you did not receive it, contact the desa office.
notice-handed_over_receipt = The { $kind } with code { $code } was handed over at the desa office of { $desa }. Your receipt: { $link } If you did not receive it, contact the desa office.
notice-returned = The { $kind } with code { $code } went back to Dukcapil. Contact Dukcapil to learn more.
notice-recalled = The { $kind } with code { $code } was recalled by Dukcapil. Contact Dukcapil to learn more.

## The WhatsApp status bot
bot-status = Code { $code }: { $status }
bot-not-found = Code { $code } is not registered yet. The document may not be printed yet; try again tomorrow, or ask Dukcapil.
bot-bad-code = The tracking code could not be read. Type CEK and the code on your slip, for example: CEK 7KQM-2XWP-8RD0
bot-help = Antar, Dukcapil. Type the tracking code from your slip (for example 7KQM-2XWP-8RD0) or CEK and the code to see your document's status. BERHENTI: no more notices. MULAI: notices again. Do not send your NIK here.
bot-stopped = This number will get no more document notices. Type MULAI to get them again.
bot-started = This number will get document notices again. Type BERHENTI to stop.

## /verifikasi: checking a handover receipt
verify-title = Check a receipt
verify-heading = Check a handover receipt
verify-intro = Paste the receipt's text (starting with AR1:) from its QR code, then press Check. Receipts are signed by a desa office device certified by Dukcapil.
verify-label = Receipt text
verify-button = Check
verify-scan = Scan the QR code with the camera
verify-valid = Genuine receipt
verify-refused = Refused:
verify-code = Code
verify-kind = Document
verify-desa = Desa office
verify-at = Handed over
verify-relation = Recipient
verify-clerk = Clerk
verify-device = Device
verify-keep = Keep or show this QR code as proof.
verify-status-link = See the document's status
verify-offline = Receipts can be checked offline with this Dukcapil public key:

## Handover receipt (printed at the desa office)
receipt-title = Receipt
receipt-heading = Document handover receipt
receipt-office = Desa office { $desa }
receipt-kind = Document
receipt-at = Handed over
receipt-relation = Recipient
receipt-clerk = Clerk
receipt-device = Device
receipt-check = Check it: scan the QR code at { $address }, or offline with Dukcapil's public key.
receipt-print = Print
receipt-other-size = Size { $size }
receipt-back = Back
receipt-action = Print receipt
verify-status-now = By Dukcapil's records, this document's status now is: { $status }.
verify-status-unknown = This code is not in Dukcapil's records yet.
verify-revoked = Warning: the device that signed it was revoked by Dukcapil on { $when }, before this receipt's time. Ask the desa office.

## LAN mode: clerks log in with a name and PIN
clerk-login-title = Clerk login
clerk-login-name = Clerk's name
clerk-login-pin = PIN
clerk-login-button = Log in
clerk-login-hint = Forgot your PIN, or is the account locked? Ask the head clerk to set a new PIN on the agent's computer.
clerk-login-no-accounts = No clerk accounts yet. The head clerk makes them on the agent's computer: `antar-agent clerk add "Name" --head`.
clerk-signed-in-as = Logged in as { $name }
clerk-logout = Log out
clerk-single-pc-mode = Single-PC mode: no login; only this computer can open these pages.
clerk-history-by = recorded by { $name }

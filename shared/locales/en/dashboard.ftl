# The Dukcapil dashboard (/dasbor).
dash-nav-dispatches = Dispatches
dash-nav-import = CSV import
dash-nav-manifests = Manifests
dash-nav-desa = Desa health
dash-nav-devices = Devices
dash-nav-reports = Reports
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
dash-by-server = Dukcapil
dash-by-device = Desa device { $device }
dash-signature = Recipient's signature
dash-recall = Recall dispatch
dash-reason = Reason
dash-recall-example = e.g. name misprinted
dash-ev-issued = Issued: { $kind } no. { $number }
dash-ev-dispatched = On manifest { $manifest }, carried by { $courier }
dash-ev-received = Received at the village office
dash-ev-received-damaged = Received at the village office, damaged
dash-ev-missing = Reported missing from the delivery
dash-ev-handover = Handed to { $recipient } ({ $relation })
dash-ev-clerk = clerk { $clerk }
dash-ev-nik-verified = NIK matched
dash-ev-returned = Returned to Dukcapil: { $reason }
dash-ev-recalled = Recalled by Dukcapil: { $reason }
dash-ev-cleared = Nothing happened (still at the desa)
dash-ev-resolved = Conflict resolved: { $choice }
dash-ev-note = Note: { $text }
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

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
clerk-nik-label = NIK

## Receive
clerk-receive-title = Receive documents
clerk-scan-label = Tracking code
clerk-scan-hint = Scan the barcode or QR code, or type the code and press Enter.
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
clerk-relation-holder = The holder
clerk-relation-family = Family (same KK)
clerk-relation-proxy = Proxy (with written authorisation)
clerk-id-label = ID document checked
clerk-id-ktp-el = KTP-el
clerk-id-kk = Family card (KK)
clerk-id-kia = Child ID (KIA)
clerk-id-surat-kuasa = Written authorisation
clerk-id-lainnya = Other
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
clerk-condition-ok = Intact
clerk-condition-damaged = Damaged
clerk-condition-missing = Not there (missing)
clerk-outcome-handed = Handed to { $recipient } ({ $relation })
clerk-outcome-returned = Returned: { $reason }
clerk-outcome-recalled = Recalled by Dukcapil: { $reason }
clerk-outcome-cleared = Nothing happened

## History
clerk-history-title = Dispatch history
clerk-history-events = What was recorded
clerk-history-note = In causal order; times are the recording device's clock.
clerk-event-issue = Issued by Dukcapil: { $kind } number { $number }
clerk-event-dispatch = Sent on manifest { $manifest }, courier { $courier }
clerk-event-receive = Receipt recorded: { $condition }
clerk-event-handover = Handed to { $recipient } ({ $relation })
clerk-event-id-shown = ID checked: { $id }
clerk-event-nik-verified = NIK matches the holder's
clerk-event-nik-not-checked = NIK not checked
clerk-event-clerk = Clerk: { $clerk }
clerk-event-signed = Signed by the recipient
clerk-event-return = Returned to Dukcapil: { $reason }
clerk-event-recall = Recalled by Dukcapil: { $reason }
clerk-event-resolve = Conflict resolved: { $choice }
clerk-event-note = Note: { $text }
clerk-actor-server = Dukcapil
clerk-actor-this = This device ({ $n })
clerk-actor-device = Device { $n }

## Enrollment
clerk-enroll-title = Enroll this computer
clerk-enroll-intro = Once only: ask Dukcapil for an enrollment code, then enter the server address and that code.
clerk-enroll-server = Dukcapil server address
clerk-enroll-code = Enrollment code
clerk-enroll-name = Device name
clerk-enroll-default-name = Village office computer
clerk-enroll-button = Enroll

## Errors
clerk-error-internal = The database on this computer failed ({ $detail }); nothing was saved. Try again; if it keeps happening, contact Dukcapil.
clerk-error-not-found = This page or dispatch does not exist.
clerk-error-foreign = Request refused: only Antar's own pages on this computer may change data.
clerk-error-host = Request refused: open Antar at http://127.0.0.1.

### What the command lines print to people, besides error messages (errors.ftl).

### antar-server
# Add antar-server output below this line.
## serve, init; errors on the command line
srv-serve-stopping = Stopping…
srv-serve-admin-created = Admin account created. Name: admin  Password: { $password }
srv-serve-admin-save = Save it now: it will not be shown again.
srv-serve-demo-issued = Sample data issued:
srv-init-postgres-ready = PostgreSQL database { $host } is ready (tables created or updated). The admin account is made at the first `serve`.
srv-init-exists = The database already exists at { $file }; its data is unchanged (its schema updated if needed).
srv-init-created = Database created at { $file }. Run `antar-server --data-dir { $dir } serve`: the first start makes the admin account.
srv-serve-listening = Antar is listening on http://{ $addr }
srv-error-line = line { $line }, { $field }
srv-no-runtime = cannot start (details are in the log)
srv-demo-slips = residents' slips to print: /dasbor/terbitan/{ $id }/slip (notices to residents go to the log)
srv-demo-manifest = manifest { $id }: { $n } dispatches to { $name } ({ $desa })

## user, token, enroll-code, office-hours, device
srv-user-password = Password (shown only once):
srv-token-created = API token (shown only once):
srv-office-hours-saved = Opening hours of the desa office { $desa }: { $saved }
srv-user-created = Account { $name } ({ $role }) created.
srv-enroll-code = Enrollment code for { $desa } { $name } (single use, valid 3 days):
srv-device-revoked-state = revoked
srv-device-active-state = active
srv-device-revoked = Device { $name } ({ $id }) revoked: its token no longer works.
srv-device-list-summary = { $n } devices (id, desa, name, enrolled, state, last sync)

## import, publish
srv-publish-progress = publishing
srv-publish-done = { $n } dispatches published to desa documents.
srv-import-bad-field = line { $line }, column { $column }: { $message }
srv-import-checking = checking
srv-import-saving = saving
srv-import-dry-run-done = Check done: { $rows } rows, { $valid } valid, { $invalid } invalid; { $existing } already have an open dispatch, { $reprints } reprints. Nothing stored.
srv-import-imported = { $n } dispatches imported
srv-import-invalid-skipped = { $n } invalid rows skipped
srv-import-existing-skipped = { $n } rows skipped as their documents already have a dispatch
srv-import-reprinted = { $n } of them reprints
srv-import-summary = { $summary }. They reach the desa documents while the server runs (or run `antar-server publish`).
srv-import-existing-skipped-line = line { $line }: skipped, this document already has dispatch { $code } ({ $status })
srv-import-existing-line = line { $line }: this document already has an open dispatch: { $code } ({ $status })
srv-import-reprint-line = line { $line }: reprint of { $code } ({ $status })

## dispatch issue, show, list, recall, receive, handover, return, resolve
srv-custody-choose = Choose with --keep N, --clear, or --condition.
srv-custody-saved = Saved on the desa's behalf (histories mark it "Dukcapil on the desa's behalf").
srv-issued = Dispatch issued.
srv-issued-reprint = Dispatch issued as a reprint of { $earlier } (the earlier dispatch had closed).
srv-issued-replaces = Dispatch { $earlier } recalled; the new dispatch replaces it.
srv-detail-desa = Desa: { $name } ({ $code })
srv-detail-reprint-of = Reprint of { $earlier } (the earlier dispatch had closed)
srv-detail-replaces = Replaces { $earlier } (recalled)
srv-detail-reissued-as = Issued again as { $later }
srv-detail-flags = Flags: { $flags }
srv-flag-conflict = CONFLICT
srv-flag-missing = MISSING
srv-flag-aging = AGING
srv-flag-damaged = DAMAGED
srv-detail-event = { $summary } ({ $by }, device { $device_time }, server { $received_at })
srv-detail-unpublished = (not yet published to the desa document)
srv-list-count = { $shown } of { $total } dispatches shown{ $more ->
        [true] ; the rest with --offset
       *[false] {""}
    }
srv-recalled = Dispatch recalled.

## manifest
srv-manifest-created = Manifest { $id } created: { $n } dispatches.
srv-manifest-heading = Manifest { $id } — { $courier }
srv-manifest-received = Received at the desa: { $received } of { $items }

## backup, restore
srv-backup-saved = Backup saved: { $file } ({ $size } bytes). Restore it with `antar-server restore { $file }` (stop the server first).
srv-restore-stop-server = The Antar server must be stopped while restoring (start it again afterwards).
srv-restored = Database { $to } restored from { $from }.
srv-restore-kept = The previous database is kept as { $file }.
srv-restore-next = Start the server again. Desa devices will hand back what the backup lacks at their next sync.

### antar-agent
# Add antar-agent output below this line.
agent-ui-open = Open http://{ $address } in a browser
agent-ui-open-network = Warning: the UI has no password and is now open to the network; use it only on a trusted office network.
agent-enroll-in-browser = This device is not enrolled yet: enroll it from the page in the browser.
agent-running = Agent running for desa { $desa }; Ctrl+C to stop.
agent-enroll-retry = Connection failed; retrying…
agent-enrolled = Enrolled for desa { $name } ({ $desa }) as device { $n }.
agent-skew-ahead = Warning: this PC's clock is { $minutes } minutes ahead of the server's. Check the date and time.
agent-skew-behind = Warning: this PC's clock is { $minutes } minutes behind the server's. Check the date and time.
agent-sync-done = Sync done: { $sent } sent, { $received } received, { $waiting } waiting.
agent-signatures = Signatures: { $sent } sent, { $failed } waiting for the next sync.
agent-list-count = { $n } dispatches
agent-receipt-saved = { $code }: receipt saved.
agent-missing-saved = { $code }: missing report saved.
agent-correction-saved = { $code }: corrected receipt saved.
agent-nik-prompt = Holder's NIK (not stored):
agent-nik-matches = The NIK matches the holder's.
agent-handover-saved = { $code }: handover saved.
agent-return-saved = { $code }: return saved.
agent-resolve-saved = { $code }: conflict resolved and saved.
agent-resolve-arrival = Recorded on arrival: { $value ->
        [ok] intact
        [damaged] damaged
       *[missing] missing from the delivery
    } (choose with --condition { $value })
agent-resolve-choose-both = Choose a version with --keep N or --neither, and the condition on arrival with --condition.
agent-resolve-choose-version = Choose with --keep N, or --neither if none of them happened.
agent-resolve-choose-condition = Choose the real condition on arrival with --condition.
agent-resolve-none = There is no conflict to resolve.
agent-status-desa = Desa { $name } ({ $code }) — device { $n }
agent-status-synced-ago = Last synced { $minutes } minutes ago
agent-status-never-synced = Never synced
agent-status-waiting = { $n } changes waiting
agent-status-counts = { $dispatches } dispatches, { $conflicts } conflicts
agent-status-last-failure = Last failure: { $error }
agent-backup-saved = Backup saved: { $file }
agent-restored = Restored from { $file }: { $ops } changes, { $dispatches } dispatches (desa { $desa }, device { $device }).
agent-restore-kept = The previous data file is kept as { $file }.
agent-restore-sync-first = Run `antar-agent sync` before recording anything new: this device's changes made after this backup are fetched again from the server (those never synced are not in the backup).
agent-doctor-check-ok = File check: no damage found.
agent-doctor-salvaged = The data file was damaged ({ $problem ->
        [malformed] its structure is broken
        [not_a_database] it no longer reads as a database
       *[faults] the file check found faults
    }); its contents were salvaged into a fresh replica: { $copied } rows copied, { $unreadable } unreadable. The damaged file is kept as { $file }.
agent-doctor-checked = Changes checked: { $n }
agent-doctor-quarantined = Unreadable, quarantined: { $n }
agent-doctor-held = Set aside for now (waiting for what was quarantined): { $n }
agent-doctor-own = this device's
agent-doctor-more = … and { $n } more
agent-doctor-sync-skipped = Sync skipped (--offline): run `antar-agent sync` to fetch what was set aside from the server again.
agent-doctor-synced = Sync: { $received } changes fetched from the server; { $restored } set-aside changes are back.
agent-doctor-sync-failed = { $error }. The repair stands; run `antar-agent sync` later.
agent-doctor-still-held = { $n } changes are still set aside; the next sync fetches them again.
agent-doctor-own-lost = WARNING: { $n } of this device's own changes cannot be read and the server never received them (numbers { $which }): they are lost{ $hedge }.
agent-doctor-own-lost-hedge = as of the last sync; run `antar-agent doctor` again while the server is reachable to make sure
agent-doctor-own-unsendable = { $n } later changes of this device are kept but the server will never accept them.
agent-doctor-own-stuck = This device's change counter is stuck: it cannot record new changes any more. Sync what still can be (antar-agent sync), then enroll this device again in a new data folder (antar-agent --data-dir NEW_FOLDER enroll --server URL --code CODE) and record the lost work again.
agent-doctor-own-blocked = This device is waiting for its own changes to come back from the server: new records are refused until a sync (antar-agent sync) succeeds.
agent-doctor-enrollment-lost-backup = This device's enrollment is lost: restore a backup (antar-agent restore { $backup }).
agent-doctor-enrollment-lost = This device's enrollment is lost and no backup is known: enroll this device again in a new data folder (antar-agent --data-dir NEW_FOLDER enroll --server URL --code CODE).
agent-doctor-not-enrolled = This device is not enrolled yet.
agent-doctor-usable = The replica is usable: { $n } dispatches.

srv-audit-list-summary = { $n } entries (time WITA, by, address, action, target, desa)
srv-audit-verified = The audit log is intact: { $n } entries, every hash matches and links

## Accounts
srv-user-password-changed = The password of { $name } was changed; its login sessions ended.
srv-user-reset = One-time password for { $name } (shown only once; its login sessions ended):
srv-user-enabled = Account { $name } is enabled again.
srv-user-disabled = Account { $name } is disabled; all its sessions and API tokens ended.
srv-user-state-active = active
srv-user-state-disabled = disabled
srv-user-list-summary = { $n } accounts (name, role, state, last login WITA)
srv-device-renamed = Device { $id } is now called { $name }.
srv-user-scope = Account { $name } now covers kecamatan { $kecamatan } only.
srv-user-scope-all = Account { $name } now covers the whole regency.
srv-nik-prompt = Holder's NIK (16 digits):
srv-nik-search-prompt = NIK to search for:
srv-slips-written = { $n } slips written to { $file }. Open it in a browser and print on A4 paper.
srv-batch = Batch { $id }. Residents' slips: antar-server slips { $id } --output slip.html
srv-verify-valid = Genuine receipt: signed by a desa device certified by Dukcapil.
srv-verify-code = Code
srv-verify-kind = Document
srv-verify-desa = Desa office
srv-verify-at = Handed over
srv-verify-relation = Recipient
srv-verify-clerk = Clerk
srv-verify-device = Device
srv-public-key-note = Dukcapil's public key (Ed25519). Publish it: with it receipts can be checked offline (antar-server verify --key …).
agent-receipt-written = Receipt ({ $layout }) written to { $file }: open and print it. QR of { $chars } characters, version { $version }.
agent-receipt-hint = The resident's receipt: antar-agent receipt { $code }
srv-demo-receipt = a sample receipt to check (from a demo device): { $link }

## config check
config-file = settings file: { $path }
config-no-file = no settings file (use --config FILE, ANTAR_CONFIG, or /etc/antar/)
config-source-flag = from a command-line flag
config-source-env = from an environment variable
config-source-file = from the settings file
config-source-default = default
config-source-unset = not set

## migrate-to
srv-migrate-table = { $table }: { $n } rows copied and counted
srv-migrate-done = Done: { $tables } tables, { $rows } rows, the same counts in PostgreSQL. Run the server with --database-url pointing at this database; the SQLite file is left as it was.

## antar-agent clerk
agent-clerk-added = Clerk added: { $name }
agent-clerk-pin-set = New PIN for { $name }; the account is unlocked and old sessions ended.
agent-clerk-pin-printed = The PIN is printed below, once: hand it to the clerk in person.
agent-clerk-removed = Clerk removed: { $name }
agent-clerk-head = head clerk
agent-clerk-locked = locked

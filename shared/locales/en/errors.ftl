### Error messages, one per stable code: the key is the code with its dots as dashes
### (`rule.not_received` → `rule-not_received`). Arguments come from the error itself.


## Texts
text-empty = { $field ->
        [name] Name
        [document_number] Document number
        [reason] Reason
        [note] Note
        [opening_hours] Opening hours
       *[other] Field
    } is empty
text-too_long = { $field ->
        [name] Name
        [document_number] Document number
        [reason] Reason
        [note] Note
        [opening_hours] Opening hours
       *[other] Field
    } is too long: { $len } characters, at most { $max }
text-control_character = { $field ->
        [name] Name
        [document_number] Document number
        [reason] Reason
        [note] Note
        [opening_hours] Opening hours
       *[other] Field
    } contains a character that is not allowed (a line break, a tab)
text-not_normalised = { $field ->
        [name] Name
        [document_number] Document number
        [reason] Reason
        [note] Note
        [opening_hours] Opening hours
       *[other] Field
    } is not normalised (extra white space)

text-nik_shaped = { $field ->
        [name] Name
        [document_number] Document number
        [reason] Reason
        [note] Note
        [opening_hours] Opening hours
       *[other] Field
    } holds 16 digits in a row, like a NIK. A NIK belongs only in the NIK field; remove the number

## NIK
nik-length = A NIK has 16 digits; { $n } were given
nik-not_digit = A NIK holds only digits, not { $character }
nik-region = The first six digits of the NIK ({ $digits }) are not a known district code
nik-month = Digits 9–10 of a NIK are the birth month; { $month } is not a month
nik-day = Digits 7–8 of a NIK are the birth day (women +40); { $day } is impossible
nik-serial = The last four digits of a NIK (serial) cannot be 0000

## Tracking codes
tracking_code-length = A tracking code has 12 letters/digits (e.g. 7KQM-2XWP-8RD0); { $n } were typed
tracking_code-bad_character = { $character } never appears in a tracking code; check the receipt again
tracking_code-checksum = Invalid tracking code: a character may be mistyped or two swapped
tracking_code-out_of_range = Tracking code value out of range

## Document kinds
document_kind-unknown = Unknown document kind { $kind }; use one of: { $kinds }

## Region codes
region-empty = The region code is empty
region-bad_character = A region code holds only digits and dots, not { $character }
region-shape = Malformed region code { $code } (example: 52.06.03.2011 or 5206032011)
region-unknown_province = { $province } is not a province code
region-zero_segment = A regency or district segment cannot be 00
region-village_segment = Village segment { $segment } must start with 1 (kelurahan) or 2 (desa)
region-wrong_level = Code { $code } is a { $found ->
        [province] province
        [regency] regency/city
        [district] district
       *[village] village
    } code, but a { $expected ->
        [province] province
        [regency] regency/city
        [district] district
       *[village] village
    } code is needed
region-unknown = Region code { $code } is not in the Kemendagri data Antar holds

## Sync messages
sync-too_large = Sync message too large ({ $len } bytes, at most { $max })
sync-unsupported_version = Protocol version { $version } is not supported; update the agent (the server speaks version { $supported })
sync-malformed = Malformed sync message: { $fault ->
        [truncated] it ends too early
        [encoding] it is badly encoded
        [utf8] a text is not valid UTF-8
        [variant] it holds a variant this version does not know
       *[invalid] a value is invalid or over a limit
    }
sync-trailing_bytes = Sync message has { $n } trailing bytes

## Ops that do not fit a document
op-wrong_desa = The change was sent for desa { $given }, but this document belongs to desa { $document }
op-zero_counter = Change { $op } is invalid: counters start at 1
op-gap = Change { $actor }.{ $got } arrived before { $actor }.{ $expected }; resend from there
op-dot_reused = Change { $op } already exists with different content; this device needs checking
op-unknown_dispatch = Dispatch { $dispatch } is not known in this desa
op-tracking_taken = Tracking code { $code } is already used by another dispatch
op-nik_in_number = Dispatch { $code } carries the NIK as its document number; a NIK never leaves the server
op-unknown_tracking = Tracking code { $code } is not in this desa's data (perhaps not synced yet)
op-seen_too_new = Change { $op } is invalid: its context includes itself
op-seen_unknown = Change { $op } refers to { $seen }, which this document does not hold
op-bad_manifest = The manifest's item list is empty, too long, or repeats an item

## Stored ops
op-stored_empty = the stored change is empty
op-stored_other_format = the change is stored in format { $format } by another version of Antar (this one reads format { $supported })
op-stored_malformed = the stored change is damaged
op-stored_bad_id = the stored change's number is out of range

## Custody rules
rule-server_only = Only Dukcapil may record a change of kind { $kind ->
        [issue] issue
        [dispatch] dispatch on a manifest
        [receive] receipt
        [handover] handover
        [return] return
        [recall] recall
        [resolve] conflict resolution
       *[note] note
    }
rule-not_received = The document has not been received at the desa (status: { $status ->
        [issued] Issued
        [in_transit] In transit
        [at_desa] At the village office
        [handed_over] Handed over
        [returned] Returned to Dukcapil
       *[recalled] Recalled by Dukcapil
    }). Record its receipt first, or use "receive and hand over" if it is handed over on arrival.
rule-already_decided = { $returned ->
    [yes] The document was already returned to Dukcapil. If that record is wrong, record a correction with a reason.
   *[no] The document was already handed to { $recipient }. If that record is wrong, record a correction with a reason (the NIK is checked again).
}
rule-recalled = Dukcapil recalled this document: do not hand it over or record a return; keep it for Dukcapil to collect. If it was already handed over, contact Dukcapil.
rule-already_recalled = This document is already recalled
rule-conflict = This document has conflicting records; resolve the conflict first (choose the true version).
rule-already_received = The document was already received at the desa. If its condition was recorded wrongly, record a correction with a reason.
rule-already_missing = The document was already reported missing from the delivery
rule-reported_missing = This document was reported missing from the delivery. If it is here now, record it as "found".
rule-not_missing = This document was never reported missing; record an ordinary receipt
rule-nothing_to_correct = There is no record to correct for this document yet
rule-correction_needs_nik = A corrected handover must check the holder's NIK again
rule-no_conflict = There is no conflict to resolve; to fix a record, use a correction
rule-not_a_version = That choice is not one of the conflicting versions
rule-recall_needs_dukcapil = A conflict with Dukcapil's recall can only be set aside by Dukcapil; keep one of the versions, or contact Dukcapil.

### antar-server
# Errors only the server raises (server/src): requests, sign-in, imports, backups.
# Add server messages below this line.
## Requests
store-full = The server's storage is full; nothing was saved. Try again later; the Dukcapil admin needs to free disk space
internal = Something went wrong on the server; try again later
request-too_large = The request body is too large
request-content_type = Send JSON (Content-Type: application/json)
request-malformed = Malformed request body: { $detail }
request-bad_query = Invalid query parameters: { $detail }
request-too_many = Too many requests from this address; try again in { $wait } seconds.
request-bad_form = The form could not be read; reload the page, fill it in and send it again
request-bad_address = The address could not be read; check the link and open it again
request-bad_number = The address needs a number here, not { $typed }

## Sign-in and roles
auth-cross_site = A request from another site was refused
auth-required = Authentication required (missing or invalid token)
auth-device_revoked = This device was revoked; enroll again with a new code from Dukcapil
user-bad_name = A user name has 3–40 characters: letters, digits, dot, underscore or dash
user-exists = User { $name } already exists
auth-login_failed = Wrong name or password
user-not_found = No account { $user }
auth-role = This needs the { $role } role
user-weak_password = A password has at least { $min } characters

## Enrollment and devices
enroll-bad_token = A device token is 64 hexadecimal digits
enroll-previous_incomplete = Enrolling again needs the device's old token and its actor number
enroll-unknown_code = Unknown enrollment code; check what was typed or ask Dukcapil for a new one
enroll-code_used = This enrollment code was already used; each code enrolls one device
enroll-code_expired = The enrollment code has expired; ask Dukcapil for a new one
enroll-wrong_desa = This code is for another desa; the data on this device belongs to its own desa. Ask for a code for this device's desa.
enroll-not_this_device = This device cannot prove its old identity; enroll it as a new device in a new data folder
enroll-token_in_use = Another device already uses this device token; a copied data folder cannot be enrolled as a second device. Enroll it in a new data folder
device-not_found = Device { $id } does not exist (see the device list: `antar-server device list` or /dasbor/perangkat)
office-desa = Desa { $typed } not found (type the desa code, or a desa name no other desa shares)
enroll-desa = Desa { $typed } not found (type the desa code, or a desa name no other desa shares)

## Sync
sync-bad_seal = The changes of { $actor } sent back do not match the server's seal; refused. Run `antar-agent doctor` on this device.
sync-content_type = Send { $media_type } or application/json
sync-wrong_desa = This device is enrolled for desa { $enrolled }, not { $asked }
sync-server_only_op = Only Dukcapil may record a change of kind { $kind ->
        [issue] issue
        [dispatch] dispatch on a manifest
        [receive] receipt
        [handover] handover
        [return] return
        [recall] recall
        [resolve] conflict resolution
       *[note] note
    }
sync-forged_actor = Device { $actor } sent a change as { $as } without the server's seal; refused

## Signature images
blob-not_found = Evidence { $hex } has not reached the server yet (waiting for the desa's next sync)
blob-bad_hash = The path must hold the image's SHA-256 (64 hex digits)
blob-unreferenced = No handover in this desa names this image yet; sync first, then send it again
blob-content_type = Send the image as image/png or image/jpeg
blob-not_image = The body is not a { $content_type } file
blob-hash_mismatch = The body does not match the SHA-256 in the path (body: { $hash }); nothing was stored

## Dispatches
dispatch-not_found = Tracking code { $code } not found
dispatch-invalid = Invalid dispatch data; see the details per field
filter-invalid = { $field ->
        [desa] Desa { $typed } not found (type a desa code or name)
        [status] Unknown status
        [age] Age must be 0–3650 days
       *[flag] Unknown flag
    }
dispatch-replace_incomplete = { $field ->
        [replace_reason] Give the reason for the replacement: the old dispatch is recalled with it
       *[replaces] Give the tracking code of the dispatch being replaced, or leave the reason empty
    }
dispatch-exists = { $at ->
        [line] This document already has an open dispatch: { $code } ({ $status ->
                [issued] { status-issued }
                [in_transit] { status-in_transit }
                [at_desa] { status-at_desa }
                [handed_over] { status-handed_over }
                [returned] { status-returned }
               *[recalled] { status-recalled }
            })
       *[document] { $kind ->
                [kk] Family card (KK)
                [ktp-el] Electronic ID card (KTP-el)
                [kia] Child ID card (KIA)
                [akta-kelahiran] Birth certificate
                [akta-kematian] Death certificate
                [akta-perkawinan] Marriage certificate
                [akta-perceraian] Divorce certificate
                [skpwni] Moving-out certificate (SKPWNI)
               *[lainnya] Other document
            } no. { $number } already has an open dispatch: { $code } ({ $status ->
                [issued] { status-issued }
                [in_transit] { status-in_transit }
                [at_desa] { status-at_desa }
                [handed_over] { status-handed_over }
                [returned] { status-returned }
               *[recalled] { status-recalled }
            }). The same document is not issued twice; to replace it (e.g. a misprint), issue the new one as the replacement of { $code }, with the reason.{ $hint ->
                [cli] { " " }Like this: --replaces { $code } --reason "…".
               *[none] { "" }
            }
    }
phone-invalid = WhatsApp number { $number } is invalid; write 08… or 628…
dispatch-bad_limit = At most { $max } rows at a time, not { $limit }; fetch the rest with an offset
dispatch-bad_status = Unknown status { $status }

## Imports
import-upload = The upload could not be read; choose the file and upload it again
import-no_file = Choose a CSV file first
import-expired = This preview has expired or was already saved; upload the file again
import-unreadable = { $at ->
        [header] The CSV file's header cannot be read
       *[line] Line { $line } cannot be read
    }: { $why ->
        [utf8] it is not UTF-8 text; save the file again as "CSV UTF-8"
       *[other] save the file again as CSV (comma-separated) and try again
    }
import-too_many_rows = At most { $max } rows per import; split the file
import-empty = The CSV file has no data rows
import-unknown_column = Unknown column { $column }; the columns are: { $columns }
import-missing_column = Required column { $column } is missing from the header
import-duplicate = The same document (kind and number) is already on line { $first }
import-invalid_rows = { $rows } invalid rows; nothing was imported
import-existing = { $rows } rows already have an open dispatch (the same document is not issued twice); nothing was imported. { $from ->
        [api] Send it again with skip_existing=true to import the rest.
        [cli] Run it again with --skip-existing to import the rest.
       *[page] Tick "skip" to save the rest.
    }
import-open = Cannot open { $file }: { $why ->
        [not_found] there is no such file
        [permission] permission denied
       *[other] details are in the log
    }
import-output = Cannot write the output file { $file } ({ $why ->
        [not_found] its folder does not exist
        [permission] permission denied
        [full] the disk is full
       *[other] details are in the log
    }). The dispatches are stored; see `antar-server dispatch list`.

## Manifests
manifest-not_found = Manifest { $id } not found
manifest-empty = There are no dispatches to put on the manifest
manifest-desa = Desa { $typed } not found (type the desa code, or a desa name no other desa shares)
manifest-too_many = At most { $max } dispatches per manifest
manifest-wrong_desa = Dispatch { $dispatch } is for desa { $for }, not { $desa }
manifest-not_at_dukcapil = { $status ->
        [issued] Dispatch { $dispatch } is already { status-issued }
        [in_transit] Dispatch { $dispatch } is already { status-in_transit }
        [at_desa] Dispatch { $dispatch } is already { status-at_desa }
        [handed_over] Dispatch { $dispatch } is already { status-handed_over }
        [returned] Dispatch { $dispatch } is already { status-returned }
        [recalled] Dispatch { $dispatch } is already { status-recalled }
       *[unknown] Dispatch { $dispatch } is no longer at Dukcapil (already shipped or settled)
    }

## Records on a desa's behalf
handover-choose = Choose the recipient's relation and the ID checked from the list
handover-correction_needs_nik = A corrected handover must check the holder's NIK: fill it in
resolve-choose_version = Choose one version to keep
resolve-choose_one = Choose exactly one: keep, clear, or condition
nik-stdin_unreadable = The NIK could not be read from standard input; the details are in the log
nik-stdin_empty = No NIK on standard input. Type it at the prompt, or pipe it: echo NIK | … --nik-stdin
handover-nik_mismatch = The typed NIK is not the holder's; check the KTP-el or KK again. The handover was not recorded
resolve-no_such_value = There is no choice { $n }; there are { $versions } versions

## The command line
cli-bad_choice = --{ $field } { $typed } is not known; choose one of: { $allowed }
store-open = Cannot open the database: { $why ->
        [not_found] its folder does not exist
        [permission] permission denied; check who owns the data folder
        [full] the disk is full
        [exists] a file is in the way of the data folder
        [in_use] another program holds it locked
        [unreachable] the database server does not answer; check that it runs, and the address in --database-url
        [no_postgres] this antar-server was built without PostgreSQL
        [url] the address must start with sqlite: or postgres:
        [old_format] it holds changes of an earlier development build of Antar, which cannot be converted; start this version with a new data folder or database
        [newer] it was made by a newer version of Antar; use that version
       *[other] details are in the log
    }
store-no_database = No Antar database at { $file }; this command does not create a new one. If the server belongs there, run `antar-server --data-dir { $dir } init` first; otherwise point to the server's database with --data-dir (or ANTAR_DATA_DIR) or --database-url.
serve-bind = Cannot listen on { $addr }: { $why ->
        [in_use] another program uses that address (is the server running already?)
        [not_here] this computer has no such address
        [permission] permission denied (ports below 1024 need special rights; choose another port with --listen)
       *[other] details are in the log
    }

## Backups
backup-postgres = The backup command is for SQLite. Back up PostgreSQL with pg_dump (e.g. `pg_dump -Fc -f antar.dump antar`) and restore it with pg_restore.
backup-path = The backup file name must be UTF-8 text
backup-failed = The backup failed: { $why ->
        [permission] permission denied
        [full] the disk is full
        [in_use] the database is busy; try again
       *[other] details are in the log
    }
backup-exists = { $file } already exists; a backup never overwrites a file. Choose a new name.
backup-folder = The folder { $folder } does not exist
restore-not_antar = { $file } is not an Antar database that can be restored: { $why ->
        [unreadable] it does not read as a database (or it is damaged)
        [unopenable] it cannot be opened
        [integrity] the integrity check failed
        [tables] tables { $tables } are missing
       *[newer] it was made by a newer version of Antar
    }
restore-io = The restore failed while { $step ->
        [data_folder] creating the data folder
        [replace] replacing the database
        [copy] copying the backup
        [keep] keeping the current database
       *[keep_log] keeping the current database's log
    }: { $why ->
        [not_found] a file or folder is missing
        [permission] permission denied
        [full] the disk is full
        [exists] a file of that name is in the way
        [in_use] the file is in use by another program
       *[other] details are in the log
    }
restore-postgres = The restore command is for SQLite. Restore PostgreSQL with pg_restore (stop the server first).
restore-no_file = The backup file { $file } does not exist
restore-same_file = { $file } is the database in use, not a backup
restore-in_use = The database { $file } is in use (is the Antar server still running?). Stop the server first, then restore again; nothing was changed.

### antar-agent
# Errors only the desa agent raises (agent/src): the replica, sync, enrollment.
# Add agent messages below this line.
## The replica: the desa's data on this PC
replica-data_dir = cannot create the data folder { $dir } ({ $why ->
        [permission] permission denied
        [full] the disk is full
       *[other] details are in the log
    }); choose another folder with --data-dir
replica-database = the database on this computer failed (details are in the log)
replica-disk_full = this computer's disk is full, so nothing was saved; free some disk space (delete files you do not need), then try again
replica-migrate = the local database cannot be prepared (details are in the log)
replica-damaged = the data file { $file } is damaged; run `antar-agent doctor` to repair it, { $has_backup ->
        [yes] or restore the newest backup: `antar-agent restore { $backup }`
       *[no] or, if you have a backup copy, restore it with `antar-agent restore BACKUP_FILE`
    }
replica-emptied = the data file { $file } is empty or missing; the last backup is { $backup }: restore it with `antar-agent restore { $backup }`
replica-newer_version = this data file was written by a newer antar-agent; use that version
replica-file = { $action ->
        [record] cannot record in { $path }
        [resolve] the path { $path } is not valid
        [create] cannot create { $path }
        [write] cannot write { $path }
        [install] cannot put { $path } in place
        [read] cannot read { $path }
        [copy] cannot copy to { $path }
        [keep] cannot keep { $path } as a backup
       *[move] cannot move { $path }
    } ({ $why ->
        [not_found] no such file or folder
        [permission] permission denied
        [full] the disk is full
        [exists] it exists already
       *[other] details are in the log
    })
replica-backup_onto_itself = { $file } is the data file itself
replica-path_unusable = the path { $path } cannot be used by SQLite
replica-not_a_replica = { $file } is not a usable Antar replica backup: { $why ->
        [live] it is the live data file
        [other_device] that backup belongs to device { $device } of desa { $desa }, this folder to device { $this_device } of desa { $this_desa }
        [not_database] it does not read as a database
        [check_failed] the file check failed
        [no_enrollment] it holds no device enrollment
        [unreadable_op] change { $op } cannot be read
       *[op_does_not_fit] change { $op } does not fit
    }
replica-unsalvageable = the data file { $file } is damaged beyond salvage; { $has_backup ->
        [yes] restore the newest backup: `antar-agent restore { $backup }`
       *[no] no backup is known: enroll this device again in a new data folder (`antar-agent --data-dir NEW_FOLDER enroll ...`)
    }
replica-not_enrolled = this device is not enrolled yet; run `antar-agent enroll --server URL --code CODE` first
replica-unreadable_op = stored change { $op } cannot be read; run `antar-agent doctor` to set it aside and fetch it again from the server
replica-op_does_not_fit = stored change { $op } does not fit the data before it; run `antar-agent doctor`
replica-corrupt = the agent's data is damaged (details are in the log)
replica-entropy = the system's random source failed (details are in the log)
replica-bad_seal = the server's seal does not match for change { $op }
doctor-waits_for = waits for change { $op }, set aside

## The clerk's actions (the handover and resolve refusals are the server's messages above)
dispatch-not_in_replica = Code { $code } is not in this desa's data (not sent to this desa, or not synced yet)
device-recovering_own_ops = This device is recovering its own changes; sync first (antar-agent sync) before recording new ones

## The link to the server (said inside "Sync failed: …" and "Enrollment failed: …")
link-unreachable = server unreachable ({ $why ->
        [timeout] no answer in time
        [refused] connection refused
        [dns] the server's name is not known
        [tls] the secure connection failed; check this PC's date and time
       *[other] the connection broke
    })
link-refused = the server refused: { $reason }
link-bad_response = invalid answer from the server
link-http_status = the server answered HTTP { $status }
link-bad_ops = the server sent changes that do not fit
link-sync_failed = Sync failed: { $reason }
link-sync_offline = Sync failed: { $reason }. Work stays saved on this PC.

## Enrollment
enrollment-bad_address = The server address must start with http:// or https:// (not { $server })
enrollment-missing = The enrollment code and the device name are required
enrollment-refused = { $reason }
enrollment-failed = Enrollment failed: { $reason }
enrollment-bad_key = The server sent an invalid public key
enrollment-bad_desa = The server sent an invalid desa code
enrollment-mismatch = The server enrolled this device as { $actor } in desa { $desa }, but its data belongs to { $old_actor } in desa { $old_desa }; not saved

## The command line
command-bad_status = Unknown status { $status }
command-not_recorded = { $n } codes were not recorded
command-output = The output cannot be written ({ $why ->
        [full] the disk is full
        [permission] permission denied
       *[other] details are in the log
    })
command-ui_address = UI address { $address } is not valid; e.g. 127.0.0.1:7420 (no UI: --no-ui)
command-ui_bind = Cannot open the UI on { $address } ({ $why ->
        [in_use] another program uses that address
        [permission] permission denied
       *[other] details are in the log
    }); use another --ui ADDRESS, or --no-ui
command-enrollment_lost = the replica is not usable: its enrollment is lost
command-runtime = antar-agent cannot start (details are in the log)

## The audit log
audit-gap = The audit log is damaged: entry { $found } directly follows entry { $after }; an entry was deleted
audit-unlinked = The audit log is damaged: entry { $entry } does not point to the entry before it; an entry was changed or inserted
audit-altered = The audit log is damaged: entry { $entry } was changed after it was written
audit-truncated = The audit log is damaged: it ends at entry { $last }, but { $head } entries were written
audit-bad_date = Unknown date { $date }; write YYYY-MM-DD, e.g. 2026-11-29

## Accounts
user-wrong_password = The current password is wrong; the password was not changed
user-password_mismatch = The new password and its repetition differ; type them again
user-password_lines = Give two lines on stdin: the current password, then the new one
user-disable_self = You cannot disable your own account; ask another admin
auth-disabled = This account is disabled; contact a Dukcapil admin

## Kecamatan scope
scope-outside = This account covers kecamatan { $covered } only; { $kecamatan } is outside it
scope-accounts = This account covers kecamatan { $covered } only, so it cannot run staff accounts; ask the regency admin

## Searching by NIK
search-nik_in_url = A NIK is not searched for in an address (URL), which browser histories and logs keep. Type it in the dashboard's search box, or send it in the body of { $route }
search-nik_in_argv = A NIK is not typed on the command line, which the shell history keeps and the process list shows. Use --nik-stdin and type the NIK at the prompt

## Batches
batch-not_found = Batch { $id } was not found
slip-bad_name_choice = Unknown choice of name on the slips: choose inisial (initials), lengkap (full) or tanpa (none)
slip-bad_public_url = The public address { $url } is not an http:// or https:// address; the QR codes on the slips must lead to a status page residents can open
slip-write = The slips could not be written to { $file }: { $why }

## Notices to residents
notify-missing = To send notices to residents, { $option } must be given
notify-bad_template = { $typed } is not EVENT=NAME; the events: { $events }
notify-secret_file = The secret file { $file } cannot be read: { $why }
notify-secret_empty = The secret file { $file } is empty; an empty secret would accept anyone's signature
notice-not_found = Notice { $id } does not exist or cannot be sent again

## Handover receipts (proof signed by the desa device)
receipt-not_a_receipt = This is not an Antar receipt (it must start with AR1:)
receipt-damaged = The receipt is damaged or incomplete: check that it was copied whole
receipt-unknown_algorithm = The receipt uses an unknown signature algorithm
receipt-foreign = The device that signed this receipt was not certified by this Dukcapil
receipt-altered = The signature does not match: the receipt was changed
receipt-mismatch = The receipt names another desa or device than its certificate
receipt-wrong_certificate = This device's certificate is for another key: sync so Dukcapil certifies the device key
receipt-encoding = The receipt could not be built
receipt-no_certificate = This device's receipt key is not certified by Dukcapil yet: sync first when there is a signal
receipt-not_handed_over = Document { $code } has not been handed over, so it has no receipt yet
receipt-conflict = Document { $code } has conflicting handover records: resolve them first
receipt-bad_key = A receipt key must be an Ed25519 public key (64 hex digits)
receipt-too_many = Too many receipts in one upload (at most { $max })
receipt-foreign_device = This receipt was signed by another device
receipt-bad_public_key = The public key must be 64 hex digits (see antar-server public-key)
receipt-unreadable_file = File { $file } cannot be read: { $why }
receipt-write = The receipt cannot be written to { $file }: { $why }
request-body_unreadable = The request body could not be read: cut off on the way, or not valid gzip. Send it again.

## settings file
config-unreadable = cannot read the settings file { $path }: { $reason }
config-not_toml = the settings file { $path } is not valid TOML: { $reason }
config-unknown_key = { $path }: `{ $key }` is not a setting (known here: { $known })
config-bad_value = { $path }: `{ $key }` must be text, a number, true or false, or a list of them
config-invalid = with these settings `{ $command }` would not start: { $reason }

## migrate-to
migrate_to-not_sqlite = migrate-to moves a SQLite database (--data-dir); this server already uses PostgreSQL
migrate_to-not_postgres = the target of migrate-to must be a PostgreSQL address (postgres://…)
migrate_to-target = cannot open the target PostgreSQL database: { $why }
migrate_to-not_empty = the target database is not empty ({ $table }: { $n } rows); use a new database so that nothing is overwritten
migrate_to-schema = the schema versions differ: tables { $tables } are missing in the target; run the same antar-server version for both
migrate_to-count = the row counts of { $table } differ ({ $source } in SQLite, { $target } in PostgreSQL); nothing was saved
migrate_to-table = the table { $table } cannot be copied ({ $why }); nothing was saved
migrate_to-database = the database failed while moving ({ $why }); nothing was saved

## Clerk accounts (LAN mode)
clerk_account-bad_pin = A PIN is { $min } to { $max } digits
clerk_account-exists = A clerk named { $name } exists already
clerk_account-not_found = No clerk is named { $name }
clerk_account-login_failed = Wrong name or PIN
clerk_account-locked = Too many wrong PINs: the account is locked for { $minutes } more minutes, or ask the head clerk to set a new PIN
clerk_account-hash_failed = The PIN cannot be processed on this computer
clerk_account-pin_unreadable = The PIN could not be read from stdin
clerk_account-none_for_lan = LAN mode ({ $address }) needs clerk accounts, and there are none. Make one first: `antar-agent clerk add "Name" --head`

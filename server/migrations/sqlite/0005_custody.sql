-- Custody integrity: ids that are never reused after a restore, ops sealed by the
-- server's key, dispatches named by tracking code inside documents, recoveries recorded.
-- Op bodies are now stored in the shared codec's format 2 (a format byte first); data
-- written by earlier development builds is not converted.

-- The server's Ed25519 signing key (PKCS#8), made once; devices get its public half at
-- enrollment and check the seals on what the server sends with it.
CREATE TABLE server_keys (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    pkcs8      BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

-- Each server process writes as its own actor (an even id), taken when it first writes.
-- Ids are at least the seconds since 2026 at the time they are taken, so an id taken
-- before a restore from an older backup is never taken again.
CREATE TABLE incarnations (
    actor      INTEGER PRIMARY KEY,
    started_at INTEGER NOT NULL,
    process    TEXT NOT NULL
);

-- Each op's link in its actor's hash chain (SHA-256), so the server can seal pages it
-- sends and check ops handed back to it.
ALTER TABLE ops ADD COLUMN chain BLOB;

-- Ops name dispatches by tracking code (an Issue op may be written twice for one
-- record after a restore; both name the same dispatch).
DROP TABLE op_refs;
CREATE TABLE op_refs (
    desa_code TEXT NOT NULL,
    tracking  INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (desa_code, tracking, seq)
);

-- A document (kind and number) has at most one open dispatch; an earlier, closed one
-- makes the new one a reprint, an open one replaced through `--replaces` is recalled.
CREATE INDEX dispatches_document ON dispatches (kind, number);
ALTER TABLE dispatches ADD COLUMN reissue_of INTEGER;
ALTER TABLE dispatches ADD COLUMN reissue_kind TEXT;
-- Set when the record was rebuilt from an Issue op a device handed back after a restore
-- (its NIK and phone were lost with the newer data; `nik` is then empty).
ALTER TABLE dispatches ADD COLUMN recovered_at INTEGER;

-- A device that re-enrolled with a new code keeps its actor; when it did.
ALTER TABLE devices ADD COLUMN reenrolled_at INTEGER;

-- Ops handed back by devices to a server that had lost them (restored from an older
-- backup): what, from whom, when. Shown to operators on the dashboard.
CREATE TABLE recoveries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    desa_code    TEXT NOT NULL,
    device_id    INTEGER NOT NULL,
    actor        INTEGER NOT NULL,
    first_counter INTEGER NOT NULL,
    last_counter INTEGER NOT NULL,
    ops          INTEGER NOT NULL
);
CREATE INDEX recoveries_at ON recoveries (at);

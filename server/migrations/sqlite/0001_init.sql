-- Antar server schema (SQLite). Times are Unix seconds (UTC).

-- Kemendagri regions, loaded from the table compiled into antar-shared.
CREATE TABLE regions (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    level  TEXT NOT NULL,
    parent TEXT
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

-- Login sessions and API tokens, by SHA-256 of the token (the token itself is never stored).
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);

-- Enrolled desa devices. A device's id is its actor id in its desa's document.
CREATE TABLE devices (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    desa_code        TEXT NOT NULL,
    name             TEXT NOT NULL,
    token_hash       BLOB NOT NULL UNIQUE,
    enrolled_at      INTEGER NOT NULL,
    revoked_at       INTEGER,
    last_sync_at     INTEGER,
    last_device_time INTEGER
);
CREATE INDEX devices_desa ON devices (desa_code);

CREATE TABLE enroll_codes (
    code_hash  BLOB PRIMARY KEY,
    desa_code  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    device_id  INTEGER REFERENCES devices (id)
);

-- One row per desa document; updating it serialises writers of that document, so op
-- counters and `seq` are assigned in commit order.
CREATE TABLE documents (
    desa_code TEXT PRIMARY KEY,
    next_seq  INTEGER NOT NULL DEFAULT 0
);

-- Every op of every desa document. `body` is the op body in the binary wire encoding.
CREATE TABLE ops (
    desa_code   TEXT NOT NULL,
    actor       INTEGER NOT NULL,
    counter     INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    device_time INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    body        BLOB NOT NULL,
    PRIMARY KEY (desa_code, actor, counter)
);
CREATE UNIQUE INDEX ops_seq ON ops (desa_code, seq);

-- Which dispatches each op is about (a manifest op names several).
CREATE TABLE op_refs (
    desa_code        TEXT NOT NULL,
    dispatch_actor   INTEGER NOT NULL,
    dispatch_counter INTEGER NOT NULL,
    seq              INTEGER NOT NULL,
    PRIMARY KEY (desa_code, dispatch_actor, dispatch_counter, seq)
);

-- Dispatch records: the server-only facts (full NIK, phone) and a projection of the
-- derived status for listing and filtering, updated in the same transaction as the ops.
CREATE TABLE dispatches (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    tracking         INTEGER NOT NULL UNIQUE,
    desa_code        TEXT NOT NULL,
    kecamatan_code   TEXT NOT NULL,
    kind             TEXT NOT NULL,
    number           TEXT NOT NULL,
    holder_name      TEXT NOT NULL,
    nik              TEXT NOT NULL,
    applicant_phone  TEXT,
    issue_actor      INTEGER,
    issue_counter    INTEGER,
    status           TEXT NOT NULL,
    conflict         INTEGER NOT NULL DEFAULT 0,
    damaged          INTEGER NOT NULL DEFAULT 0,
    reported_missing INTEGER NOT NULL DEFAULT 0,
    first_trip_at    INTEGER,
    arrived_at       INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX dispatches_desa ON dispatches (desa_code, status);
CREATE INDEX dispatches_kecamatan ON dispatches (kecamatan_code, status);
CREATE INDEX dispatches_status ON dispatches (status, created_at);
CREATE UNIQUE INDEX dispatches_issue ON dispatches (desa_code, issue_actor, issue_counter);

CREATE TABLE manifests (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    courier    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE manifest_items (
    manifest_id INTEGER NOT NULL REFERENCES manifests (id),
    dispatch_id INTEGER NOT NULL REFERENCES dispatches (id),
    desa_code   TEXT NOT NULL,
    PRIMARY KEY (manifest_id, dispatch_id)
);

-- The desa agent's local replica (SQLite). Times are Unix seconds.

-- Enrollment and sync facts: server_url, device_token, actor, desa, device_name,
-- last_sync_at, last_server_time.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every op of the desa document this device holds, in the order it applied them
-- (`seq`, a causal order). `body` is the op body in the binary wire encoding.
CREATE TABLE ops (
    seq         INTEGER PRIMARY KEY,
    actor       INTEGER NOT NULL,
    counter     INTEGER NOT NULL,
    device_time INTEGER NOT NULL,
    body        BLOB NOT NULL,
    UNIQUE (actor, counter)
);

-- The server's version vector as of the last successful sync: this device's ops
-- beyond it are waiting to be sent.
CREATE TABLE server_have (
    actor   INTEGER PRIMARY KEY,
    counter INTEGER NOT NULL
);

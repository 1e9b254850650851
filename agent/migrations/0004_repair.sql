-- What `antar-agent doctor` set aside, so a damaged row never stops the agent and is
-- never silently deleted. Times are Unix seconds.

-- Op rows whose body (or columns) could not be read, kept exactly as they were found:
-- the columns have no type, so SQLite stores whatever the damaged row held.
CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL,
    actor,
    counter,
    device_time,
    body,
    reason      TEXT NOT NULL,
    reason_en   TEXT NOT NULL,
    at          INTEGER NOT NULL
);

-- Readable ops that no longer fit the document because something they depend on was
-- quarantined (a later op of the same actor, an op about a dispatch whose Issue was
-- lost). They go back into `ops` once what they need is fetched again, or are dropped
-- when the server sends the same op back.
CREATE TABLE held (
    actor       INTEGER NOT NULL,
    counter     INTEGER NOT NULL,
    device_time INTEGER NOT NULL,
    body        BLOB NOT NULL,
    reason      TEXT NOT NULL,
    reason_en   TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (actor, counter)
);

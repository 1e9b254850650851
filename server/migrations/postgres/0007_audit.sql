-- The audit log: who did what, when, from where, to what. Append-only; each entry
-- carries the hash of the one before (`antar-server audit verify` checks the chain).
CREATE TABLE audit (
    seq       BIGINT PRIMARY KEY,
    at        BIGINT NOT NULL,
    who_kind  TEXT NOT NULL,
    who_id    BIGINT,
    who_name  TEXT NOT NULL,
    address   TEXT,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    desa_code TEXT,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_action ON audit (action);
CREATE INDEX audit_who ON audit (who_name);

-- The chain's head: taking the next number locks it, so two servers on one database
-- append one after the other.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

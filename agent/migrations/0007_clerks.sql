-- Clerk accounts for LAN mode (`antar-agent run --ui 0.0.0.0:7420`): the office's
-- clerks log in with a name and a PIN from their own phones and PCs, so the agent must
-- know who they are. PINs are kept only as Argon2id PHC strings; sessions only as the
-- SHA-256 of their random token (a copy of this file opens no session).
CREATE TABLE clerks (
    name         TEXT PRIMARY KEY COLLATE NOCASE,
    pin_hash     TEXT NOT NULL,
    -- The head clerk (kepala urusan / sekretaris desa) manages the others' accounts.
    head         INTEGER NOT NULL DEFAULT 0,
    -- Wrong PINs in a row; reset by a right one or by a new PIN.
    failures     INTEGER NOT NULL DEFAULT 0,
    -- Unix seconds until which the account refuses every PIN (0: not locked).
    locked_until INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);

CREATE TABLE clerk_sessions (
    token_hash BLOB PRIMARY KEY,
    clerk      TEXT NOT NULL REFERENCES clerks (name) ON DELETE CASCADE ON UPDATE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX clerk_sessions_by_clerk ON clerk_sessions (clerk);

-- Who was logged in when this device authored an op: the office's own accountability
-- log. An op's wire form has no clerk (only a handover names one), so this stays on
-- the device, like a paper register beside the PC.
CREATE TABLE op_clerks (
    actor   INTEGER NOT NULL,
    counter INTEGER NOT NULL,
    clerk   TEXT NOT NULL,
    PRIMARY KEY (actor, counter)
);

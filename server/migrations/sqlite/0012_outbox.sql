-- Notices to residents (issue 12): one row per dispatch and event, written once (the
-- unique key) however many server processes look for events, then sent by a worker
-- that claims rows, retries with backoff and records how each went.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    tracking      INTEGER NOT NULL,
    -- issued, at_desa, reminder, handed_over, returned, recalled
    event         TEXT NOT NULL,
    -- The applicant's phone (62...); NULL once erased.
    phone         TEXT,
    -- queued, sending, sent, delivered, read, failed, skipped
    state         TEXT NOT NULL,
    -- How it went: whatsapp, sms or log; NULL until sent.
    channel       TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    -- Not before this time (a retry's backoff).
    next_at       INTEGER NOT NULL,
    -- A worker holds a 'sending' row until then; after, another may take it over.
    claimed_until INTEGER,
    -- The provider's message id (a WhatsApp wamid), for its delivery statuses.
    provider_id   TEXT,
    -- Why it failed or was skipped, or the last retry's reason.
    error         TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (tracking, event)
);
CREATE INDEX outbox_due ON outbox (state, next_at);

-- Numbers that said BERHENTI: no notices until they say MULAI.
CREATE TABLE opt_outs (
    phone TEXT PRIMARY KEY,
    at    INTEGER NOT NULL
);

-- The event scan reads the dispatches changed lately.
CREATE INDEX dispatches_updated ON dispatches (updated_at);

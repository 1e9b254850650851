-- The dispatches issued together (one import, or one issued on its own): what the
-- operator prints slips for and downloads the codes of, right after issuing.
CREATE TABLE batches (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    -- The staff account (or "command line") that issued them.
    issued_by  TEXT NOT NULL,
    -- The imported file's name; empty for a dispatch issued on its own.
    file       TEXT NOT NULL,
    dispatches INTEGER NOT NULL
);

ALTER TABLE dispatches ADD COLUMN batch_id INTEGER REFERENCES batches (id);
CREATE INDEX dispatches_batch ON dispatches (batch_id);

-- Evidence images (a handover's signature; later photos), content-addressed by SHA-256.
-- A blob is stored in the same transaction as the op that names it, and kept after the
-- server has it (`uploaded_at`), so the clerk's history can still show it offline.
CREATE TABLE blobs (
    hash         BLOB PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    uploaded_at  INTEGER
);
CREATE INDEX blobs_pending ON blobs (created_at) WHERE uploaded_at IS NULL;

-- Checked CSV files waiting for the operator's confirmation (issue 13): in the store,
-- not in one process's memory, so any server process behind a load balancer can
-- confirm what another previewed. The file itself is kept (it is re-checked when
-- confirmed); the token only as its SHA-256.
CREATE TABLE staged_imports (
    token_hash BYTEA PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    created    BIGINT NOT NULL,
    file       TEXT NOT NULL,
    csv        BYTEA NOT NULL
);
CREATE INDEX staged_imports_created ON staged_imports (created);

-- Evidence images from desa devices (a handover's signature), content-addressed by
-- SHA-256 and stored once, however often a device retries. `desa_code` is the desa of
-- the device that sent it: the blob is evidence in that desa's document.
CREATE TABLE blobs (
    hash         BYTEA PRIMARY KEY,
    desa_code    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    bytes        BYTEA NOT NULL,
    received_at  BIGINT NOT NULL
);
CREATE INDEX blobs_desa ON blobs (desa_code);

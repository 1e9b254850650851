-- Evidence images from desa devices (a handover's signature), content-addressed by
-- SHA-256 and stored once, however often a device retries. `desa_code` is the desa of
-- the device that sent it: the blob is evidence in that desa's document.
CREATE TABLE blobs (
    hash         BLOB PRIMARY KEY,
    desa_code    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    bytes        BLOB NOT NULL,
    received_at  INTEGER NOT NULL
);
CREATE INDEX blobs_desa ON blobs (desa_code);

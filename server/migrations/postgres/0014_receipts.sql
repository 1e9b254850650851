-- Handover receipts (issue 12). A device's receipt key, once the server certified it;
-- and the receipts devices upload, so the resident gets theirs by WhatsApp with the
-- handed-over notice. A receipt holds no NIK and no recipient's name.
ALTER TABLE devices ADD COLUMN receipt_key TEXT;
CREATE TABLE receipts (
    tracking      BIGINT PRIMARY KEY,
    receipt       TEXT NOT NULL,
    handed_at     BIGINT NOT NULL,
    device_id     BIGINT NOT NULL,
    stored_at     BIGINT NOT NULL
);

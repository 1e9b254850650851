-- Messages residents sent to the WhatsApp number (issue 12): kept by id so a webhook
-- delivered twice is answered once, and so a notice knows whether the resident wrote
-- within 24 hours (then WhatsApp takes plain text). No message body is kept.
CREATE TABLE wa_inbound (
    message_id TEXT PRIMARY KEY,
    phone      TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX wa_inbound_phone ON wa_inbound (phone, at);
CREATE INDEX outbox_provider ON outbox (provider_id);

-- A desa office's opening hours, shown to residents whose document waits there. A desa
-- without a row shows the server's default (`serve --office-hours`).
CREATE TABLE desa_offices (
    desa_code  TEXT PRIMARY KEY,
    hours      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

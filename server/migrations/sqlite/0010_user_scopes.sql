-- A staff account scoped to one or more kecamatan sees and acts on those only; an
-- account with no row here covers the whole regency.
CREATE TABLE user_scopes (
    user_id        INTEGER NOT NULL REFERENCES users (id),
    kecamatan_code TEXT NOT NULL,
    PRIMARY KEY (user_id, kecamatan_code)
);

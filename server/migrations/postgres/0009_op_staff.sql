-- Who behind "Dukcapil": the staff account that wrote each server op (a recall, a
-- record on a desa's behalf, a manifest trip), and the one that issued each dispatch,
-- so a dispatch's history names a person.
CREATE TABLE op_staff (
    desa_code TEXT NOT NULL,
    actor     BIGINT NOT NULL,
    counter   BIGINT NOT NULL,
    who_name  TEXT NOT NULL,
    PRIMARY KEY (desa_code, actor, counter)
);
ALTER TABLE dispatches ADD COLUMN issued_by TEXT;

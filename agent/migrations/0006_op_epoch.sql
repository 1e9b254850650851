-- A number bumped whenever a stored op row is deleted or changed (doctor sets unreadable
-- rows aside; salvage and restore make new files). A process that keeps the document in
-- memory applies only the rows stored after the ones it has read; it reads the whole
-- table again when this number moved, so nothing it keeps can differ from the file.
CREATE TABLE op_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO op_epoch (id, n) VALUES (1, 0);

CREATE TRIGGER ops_deleted AFTER DELETE ON ops
BEGIN
    UPDATE op_epoch SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER ops_changed AFTER UPDATE ON ops
BEGIN
    UPDATE op_epoch SET n = n + 1 WHERE id = 1;
END;

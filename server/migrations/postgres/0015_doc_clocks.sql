-- Each desa document's version vector, kept (issue 13): the highest counter per actor,
-- updated in the same transaction as the ops it counts, so a sync reads a few rows
-- instead of scanning every op of the desa (MAX(counter) ... GROUP BY actor).
CREATE TABLE doc_clocks (
    desa_code TEXT NOT NULL,
    actor     BIGINT NOT NULL,
    counter   BIGINT NOT NULL,
    PRIMARY KEY (desa_code, actor)
);
INSERT INTO doc_clocks (desa_code, actor, counter)
    SELECT desa_code, actor, MAX(counter) FROM ops GROUP BY desa_code, actor;

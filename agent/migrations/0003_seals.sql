-- What lets this device hand ops back to a server restored from an older backup.
-- Op bodies are stored in the shared codec's format 2 (a format byte first).

-- For each other actor, the latest link of its hash chain in this desa's document, as
-- this device computed it from the ops it holds.
CREATE TABLE chains (
    actor   INTEGER PRIMARY KEY,
    counter INTEGER NOT NULL,
    chain   BLOB NOT NULL
);

-- The server's seals on the ops it sent: its signature over an actor's chain at a
-- counter. Kept, so any run of ops ending at a seal can be handed back.
CREATE TABLE seals (
    actor     INTEGER NOT NULL,
    counter   INTEGER NOT NULL,
    signature BLOB NOT NULL,
    PRIMARY KEY (actor, counter)
);

-- Background publishers claim records before computing their NIK checks (issue 13),
-- so several server processes on one database share the work instead of each
-- computing every check: a claim is a lease until this time (Unix seconds), and a
-- process that died holding one leaves it to expire.
ALTER TABLE dispatches ADD COLUMN publish_claim BIGINT;
CREATE INDEX IF NOT EXISTS dispatches_unpublished ON dispatches (id) WHERE issue_actor IS NULL;

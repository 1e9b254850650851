-- Why doctor set an op aside is kept as a message code and its arguments (JSON, in
-- `reason`), said in the reader's language when shown; the words of one language are
-- no longer stored beside another's.
ALTER TABLE quarantine DROP COLUMN reason_en;
ALTER TABLE held DROP COLUMN reason_en;

-- National scale (issue 13, `docs/scale.md`): the reports and lists answer from the
-- dispatch projection and its indexes instead of joining every handover op.
--
-- `handed_at`: when a handed-over dispatch was handed over, the device's claim kept
-- between its issue and the server's receipt (as the weekly report always counted
-- it); NULL unless the status is `handed_over`. Kept by the projection in the same
-- transaction as the ops.
ALTER TABLE dispatches ADD COLUMN handed_at INTEGER;
UPDATE dispatches SET handed_at = (
    SELECT MAX(dispatches.created_at, MIN(MIN(o.device_time), MAX(MIN(o.received_at), dispatches.created_at)))
    FROM op_refs r JOIN ops o ON o.desa_code = r.desa_code AND o.seq = r.seq
    WHERE r.desa_code = dispatches.desa_code AND r.tracking = dispatches.tracking AND o.kind = 'handover')
WHERE status = 'handed_over';
CREATE INDEX dispatches_handed ON dispatches (handed_at, kecamatan_code) WHERE status = 'handed_over';
-- The unfiltered list, newest first, and its deep pages.
CREATE INDEX dispatches_created ON dispatches (created_at, id);
-- Waiting at the desa office, oldest arrival first (the aging report and flag).
CREATE INDEX dispatches_waiting ON dispatches (arrived_at, desa_code) WHERE status = 'at_desa';
-- The home page's attention counts: conflicts, and what is on the road (missing or
-- overdue), each read from a small index instead of every row.
CREATE INDEX dispatches_conflict ON dispatches (id) WHERE conflict = 1;
CREATE INDEX dispatches_transit ON dispatches (first_trip_at, reported_missing) WHERE status = 'in_transit';

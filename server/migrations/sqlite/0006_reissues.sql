-- A dispatch shows the later dispatch that reprints or replaces it (`reissued_as`):
-- found through the earlier one's tracking code.
CREATE INDEX dispatches_reissue ON dispatches (reissue_of);

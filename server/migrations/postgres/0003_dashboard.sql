-- The dashboard's desa health counts each desa's ops received since its last sync.
CREATE INDEX ops_received ON ops (desa_code, received_at);

-- Accounts people can run: an account can be disabled (its sessions and tokens end),
-- and the last login is kept for the administrators' list.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
ALTER TABLE users ADD COLUMN last_login_at INTEGER;

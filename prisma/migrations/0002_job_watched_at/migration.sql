-- When a client last asked after a job. Jobs that only live while someone watches them
-- (streaming completions) are cancelled once nobody has asked for a while.
ALTER TABLE jobs ADD COLUMN watched_at TIMESTAMPTZ(3);

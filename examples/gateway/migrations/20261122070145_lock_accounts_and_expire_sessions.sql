-- no-transaction
-- create index sessions_expires_at_idx on public.sessions
-- lock: SHARE UPDATE EXCLUSIVE on public.sessions (blocks other schema changes and VACUUM)
-- scans public.sessions while locked
-- no transaction: runs outside BEGIN ... COMMIT
CREATE INDEX CONCURRENTLY sessions_expires_at_idx ON public.sessions (expires_at);

-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add column expires_at to public.deployments
-- lock: ACCESS EXCLUSIVE on public.deployments (blocks reads and writes)
ALTER TABLE public.deployments ADD COLUMN expires_at timestamp with time zone;

-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add column archived_at to public.projects
-- lock: ACCESS EXCLUSIVE on public.projects (blocks reads and writes)
ALTER TABLE public.projects ADD COLUMN archived_at timestamp with time zone;

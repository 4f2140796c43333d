-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add column locked_until to public.users
-- lock: ACCESS EXCLUSIVE on public.users (blocks reads and writes)
ALTER TABLE public.users ADD COLUMN locked_until timestamp with time zone;

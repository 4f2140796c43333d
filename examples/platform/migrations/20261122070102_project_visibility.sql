-- create enum public.visibility
-- lock: none on existing relations
CREATE TYPE public.visibility AS ENUM ('private', 'internal', 'public');

-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add column visibility to public.projects
-- lock: ACCESS EXCLUSIVE on public.projects (blocks reads and writes)
ALTER TABLE public.projects ADD COLUMN visibility public.visibility DEFAULT 'private'::public.visibility NOT NULL;

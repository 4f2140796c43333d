-- create enum public.deployment_status
-- lock: none on existing relations
CREATE TYPE public.deployment_status AS ENUM ('queued', 'building', 'ready', 'failed', 'cancelled');

-- create table public.deployments
-- lock: none on existing relations
CREATE TABLE public.deployments (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    project_id bigint NOT NULL,
    status public.deployment_status DEFAULT 'queued'::public.deployment_status NOT NULL,
    commit_sha character(40) NOT NULL,
    url text,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT deployments_pkey PRIMARY KEY (id),
    CONSTRAINT deployments_sha_hex CHECK (commit_sha ~ '^[0-9a-f]{40}$'::text)
);

-- create index deployments_project_id_created_at_idx on public.deployments
-- lock: none on existing relations
CREATE INDEX deployments_project_id_created_at_idx ON public.deployments (project_id, created_at DESC);

-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add foreign key deployments_created_by_fkey to public.deployments
-- lock: SHARE ROW EXCLUSIVE on public.users (blocks writes)
-- scans public.users while locked
ALTER TABLE public.deployments ADD CONSTRAINT deployments_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users (id) ON DELETE SET NULL;

-- add foreign key deployments_project_id_fkey to public.deployments
-- lock: SHARE ROW EXCLUSIVE on public.projects (blocks writes)
-- scans public.projects while locked
ALTER TABLE public.deployments ADD CONSTRAINT deployments_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects (id) ON DELETE CASCADE;

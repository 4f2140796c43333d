-- create table public.projects
-- lock: none on existing relations
CREATE TABLE public.projects (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    team_id bigint NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT projects_pkey PRIMARY KEY (id),
    CONSTRAINT projects_team_id_name_key UNIQUE (team_id, name)
);

-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add foreign key projects_team_id_fkey to public.projects
-- lock: SHARE ROW EXCLUSIVE on public.teams (blocks writes)
-- scans public.teams while locked
ALTER TABLE public.projects ADD CONSTRAINT projects_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE;

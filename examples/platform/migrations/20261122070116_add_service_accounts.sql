-- create table public.service_accounts
-- lock: none on existing relations
CREATE TABLE public.service_accounts (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    team_id bigint NOT NULL,
    name text NOT NULL,
    token_hash bytea NOT NULL,
    scopes text[] DEFAULT '{}'::text[] NOT NULL,
    last_used_at timestamp with time zone,
    disabled boolean DEFAULT false NOT NULL,
    CONSTRAINT service_accounts_pkey PRIMARY KEY (id),
    CONSTRAINT service_accounts_team_id_name_key UNIQUE (team_id, name)
);

-- create index service_accounts_token_hash_idx on public.service_accounts
-- lock: none on existing relations
CREATE UNIQUE INDEX service_accounts_token_hash_idx ON public.service_accounts (token_hash) WHERE (NOT disabled);

-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add foreign key service_accounts_team_id_fkey to public.service_accounts
-- lock: SHARE ROW EXCLUSIVE on public.teams (blocks writes)
-- scans public.teams while locked
ALTER TABLE public.service_accounts ADD CONSTRAINT service_accounts_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE;

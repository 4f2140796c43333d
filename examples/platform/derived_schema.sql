CREATE TYPE public.deployment_status AS ENUM ('queued', 'building', 'ready', 'failed', 'cancelled');

CREATE TYPE public.member_role AS ENUM ('viewer', 'developer', 'admin', 'owner');

CREATE TYPE public.visibility AS ENUM ('private', 'internal', 'public');

CREATE TABLE public.deployments (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    project_id bigint NOT NULL,
    status public.deployment_status DEFAULT 'queued'::public.deployment_status NOT NULL,
    commit_sha character(40) NOT NULL,
    url text,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone,
    CONSTRAINT deployments_pkey PRIMARY KEY (id),
    CONSTRAINT deployments_sha_hex CHECK (commit_sha ~ '^[0-9a-f]{40}$'::text)
);

CREATE TABLE public.projects (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    team_id bigint NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    visibility public.visibility DEFAULT 'private'::public.visibility NOT NULL,
    archived_at timestamp with time zone,
    CONSTRAINT projects_pkey PRIMARY KEY (id),
    CONSTRAINT projects_team_id_name_key UNIQUE (team_id, name)
);

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

CREATE TABLE public.team_members (
    team_id bigint NOT NULL,
    user_id bigint NOT NULL,
    role public.member_role DEFAULT 'developer'::public.member_role NOT NULL,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT team_members_pkey PRIMARY KEY (team_id, user_id)
);

CREATE TABLE public.teams (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    slug character varying(64) NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT teams_pkey PRIMARY KEY (id),
    CONSTRAINT teams_slug_key UNIQUE (slug),
    CONSTRAINT teams_slug_format CHECK ((slug)::text ~ '^[a-z0-9-]+$'::text)
);

CREATE TABLE public.users (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    email text NOT NULL,
    display_name character varying(120) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

CREATE INDEX deployments_active_expiry_idx ON public.deployments (expires_at) WHERE ((status = 'ready'::public.deployment_status) AND (expires_at IS NOT NULL));

CREATE INDEX deployments_project_id_created_at_idx ON public.deployments (project_id, created_at DESC);

CREATE INDEX projects_public_idx ON public.projects (created_at) WHERE ((visibility = 'public'::public.visibility) AND (archived_at IS NULL));

CREATE UNIQUE INDEX service_accounts_token_hash_idx ON public.service_accounts (token_hash) WHERE (NOT disabled);

CREATE INDEX team_members_user_id_idx ON public.team_members (user_id);

CREATE UNIQUE INDEX users_email_key ON public.users ((lower(email)));

ALTER TABLE public.deployments ADD CONSTRAINT deployments_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users (id) ON DELETE SET NULL;

ALTER TABLE public.deployments ADD CONSTRAINT deployments_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects (id) ON DELETE CASCADE;

ALTER TABLE public.projects ADD CONSTRAINT projects_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE;

ALTER TABLE public.service_accounts ADD CONSTRAINT service_accounts_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE;

ALTER TABLE public.team_members ADD CONSTRAINT team_members_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE;

ALTER TABLE public.team_members ADD CONSTRAINT team_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE;

COMMENT ON INDEX public.projects_public_idx IS 'listing of public projects';

COMMENT ON TABLE public.users IS 'people who sign in';

-- create enum public.member_role
-- lock: none on existing relations
CREATE TYPE public.member_role AS ENUM ('viewer', 'developer', 'admin', 'owner');

-- create table public.team_members
-- lock: none on existing relations
CREATE TABLE public.team_members (
    team_id bigint NOT NULL,
    user_id bigint NOT NULL,
    role public.member_role DEFAULT 'developer'::public.member_role NOT NULL,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT team_members_pkey PRIMARY KEY (team_id, user_id)
);

-- create table public.teams
-- lock: none on existing relations
CREATE TABLE public.teams (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    slug character varying(64) NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT teams_pkey PRIMARY KEY (id),
    CONSTRAINT teams_slug_key UNIQUE (slug),
    CONSTRAINT teams_slug_format CHECK ((slug)::text ~ '^[a-z0-9-]+$'::text)
);

-- create table public.users
-- lock: none on existing relations
CREATE TABLE public.users (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    email text NOT NULL,
    display_name character varying(120) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

-- create index team_members_user_id_idx on public.team_members
-- lock: none on existing relations
CREATE INDEX team_members_user_id_idx ON public.team_members (user_id);

-- create index users_email_key on public.users
-- lock: none on existing relations
CREATE UNIQUE INDEX users_email_key ON public.users ((lower(email)));

-- add foreign key team_members_team_id_fkey to public.team_members
-- lock: none on existing relations
ALTER TABLE public.team_members ADD CONSTRAINT team_members_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE;

-- add foreign key team_members_user_id_fkey to public.team_members
-- lock: none on existing relations
ALTER TABLE public.team_members ADD CONSTRAINT team_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE;

-- comment on table public.users
-- lock: none on existing relations
COMMENT ON TABLE public.users IS 'people who sign in';

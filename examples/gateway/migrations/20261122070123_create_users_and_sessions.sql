-- create extension pgcrypto
-- lock: none on existing relations
-- note: an extension's install script may take any lock; schemactl does not read it
CREATE EXTENSION pgcrypto WITH SCHEMA public;

-- create table public.sessions
-- lock: none on existing relations
CREATE TABLE public.sessions (
    id bytea NOT NULL,
    user_id uuid NOT NULL,
    ip inet,
    user_agent text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (id)
);

-- create table public.users
-- lock: none on existing relations
CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email character varying(320) NOT NULL,
    password_hash text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

-- create index sessions_user_id_idx on public.sessions
-- lock: none on existing relations
CREATE INDEX sessions_user_id_idx ON public.sessions (user_id);

-- create index users_email_key on public.users
-- lock: none on existing relations
CREATE UNIQUE INDEX users_email_key ON public.users ((lower((email)::text)));

-- add foreign key sessions_user_id_fkey to public.sessions
-- lock: none on existing relations
ALTER TABLE public.sessions ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE;

-- comment on table public.sessions
-- lock: none on existing relations
COMMENT ON TABLE public.sessions IS 'browser sessions; rows are deleted when they expire';

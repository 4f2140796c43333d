-- create table public.settings
-- lock: none on existing relations
CREATE TABLE public.settings (
    user_id uuid NOT NULL,
    key text NOT NULL,
    value jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT settings_pkey PRIMARY KEY (user_id, key),
    CONSTRAINT settings_key_length CHECK (char_length(key) <= 64)
);

-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add foreign key settings_user_id_fkey to public.settings
-- lock: SHARE ROW EXCLUSIVE on public.users (blocks writes)
-- scans public.users while locked
ALTER TABLE public.settings ADD CONSTRAINT settings_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE;

-- create enum public.mfa_kind
-- lock: none on existing relations
CREATE TYPE public.mfa_kind AS ENUM ('totp', 'webauthn', 'sms');

-- create table public.mfa_backup_codes
-- lock: none on existing relations
CREATE TABLE public.mfa_backup_codes (
    user_id uuid NOT NULL,
    code_hash bytea NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT mfa_backup_codes_pkey PRIMARY KEY (user_id, code_hash)
);

-- create table public.mfa_methods
-- lock: none on existing relations
CREATE TABLE public.mfa_methods (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    user_id uuid NOT NULL,
    kind public.mfa_kind NOT NULL,
    label text NOT NULL,
    secret bytea NOT NULL,
    confirmed_at timestamp with time zone,
    CONSTRAINT mfa_methods_pkey PRIMARY KEY (id),
    CONSTRAINT mfa_methods_user_id_label_key UNIQUE (user_id, label)
);

-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add foreign key mfa_backup_codes_user_id_fkey to public.mfa_backup_codes
-- lock: SHARE ROW EXCLUSIVE on public.users (blocks writes)
-- scans public.users while locked
ALTER TABLE public.mfa_backup_codes ADD CONSTRAINT mfa_backup_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE;

-- add foreign key mfa_methods_user_id_fkey to public.mfa_methods
-- lock: SHARE ROW EXCLUSIVE on public.users (blocks writes)
-- scans public.users while locked
ALTER TABLE public.mfa_methods ADD CONSTRAINT mfa_methods_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE;

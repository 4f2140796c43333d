CREATE SCHEMA audit;

SET check_function_bodies = off;

CREATE FUNCTION audit.append(p_account bigint, p_action text, p_detail jsonb DEFAULT '{}'::jsonb)
 RETURNS bigint
 LANGUAGE sql SECURITY DEFINER
 SET search_path TO pg_catalog, pg_temp
AS $function$
    INSERT INTO audit.events (account_id, action, detail)
    VALUES (p_account, p_action, p_detail)
    RETURNING id
$function$;

CREATE FUNCTION audit.forbid_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION 'audit.events is append-only (% refused)', TG_OP;
END;
$function$;

CREATE FUNCTION public.delete_old_jobs()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    DELETE FROM public.jobs WHERE finished_at < now() - interval '7 days';
    RETURN NULL;
END;
$function$;

CREATE FUNCTION public.notify_job()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM pg_notify('jobs', json_build_object('id', NEW.id, 'kind', NEW.kind)::text);
    RETURN NULL;
END;
$function$;

CREATE FUNCTION public.set_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$function$;

CREATE TABLE audit.events (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    account_id bigint NOT NULL,
    actor text DEFAULT CURRENT_USER NOT NULL,
    action text NOT NULL,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (id)
);

CREATE TABLE public.accounts (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    email text NOT NULL,
    display_name text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_email_key UNIQUE (email),
    CONSTRAINT accounts_status_check CHECK (status = ANY (ARRAY['active'::text, 'locked'::text, 'closed'::text]))
);

CREATE TABLE public.jobs (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    project_id bigint NOT NULL,
    kind text NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    finished_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT jobs_pkey PRIMARY KEY (id)
);

CREATE TABLE public.projects (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    account_id bigint NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT projects_pkey PRIMARY KEY (id),
    CONSTRAINT projects_account_id_name_key UNIQUE (account_id, name)
);

CREATE INDEX events_account_at_idx ON audit.events (account_id, at DESC);

CREATE INDEX jobs_pending_idx ON public.jobs (created_at) WHERE (finished_at IS NULL);

ALTER TABLE public.jobs ADD CONSTRAINT jobs_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects (id) ON DELETE CASCADE;

ALTER TABLE public.projects ADD CONSTRAINT projects_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts (id) ON DELETE CASCADE;

CREATE VIEW public.active_accounts (id, email, display_name, created_at) AS
SELECT accounts.id,
    accounts.email,
    accounts.display_name,
    accounts.created_at
   FROM public.accounts
  WHERE (accounts.status <> 'closed'::text);

CREATE MATERIALIZED VIEW public.daily_signups (day, signups) AS
SELECT date_trunc('day'::text, accounts.created_at) AS day,
    count(*) AS signups
   FROM public.accounts
  GROUP BY (date_trunc('day'::text, accounts.created_at));

CREATE UNIQUE INDEX daily_signups_day_idx ON public.daily_signups (day);

CREATE TRIGGER events_no_delete BEFORE DELETE ON audit.events FOR EACH ROW EXECUTE FUNCTION audit.forbid_change();

CREATE TRIGGER events_no_update BEFORE UPDATE ON audit.events FOR EACH ROW EXECUTE FUNCTION audit.forbid_change();

CREATE TRIGGER accounts_updated_at BEFORE UPDATE ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TRIGGER jobs_cleanup AFTER INSERT ON public.jobs FOR EACH STATEMENT EXECUTE FUNCTION public.delete_old_jobs();

CREATE TRIGGER jobs_notify AFTER INSERT ON public.jobs FOR EACH ROW EXECUTE FUNCTION public.notify_job();

CREATE TRIGGER projects_updated_at BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

ALTER TABLE audit.events ENABLE ROW LEVEL SECURITY;

CREATE POLICY events_own_account ON audit.events FOR SELECT TO app_rw USING (account_id = (current_setting('app.account_id'::text, true))::bigint);

CREATE POLICY events_reporting ON audit.events FOR SELECT TO reporting USING (true);

REVOKE EXECUTE ON FUNCTION audit.append(bigint, text, jsonb) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION audit.append(bigint, text, jsonb) TO app_rw;

GRANT SELECT ON TABLE public.daily_signups TO reporting;

GRANT USAGE ON SCHEMA audit TO app_rw;

GRANT USAGE ON SCHEMA audit TO reporting;

GRANT SELECT ON TABLE audit.events TO app_rw;

GRANT SELECT ON TABLE audit.events TO reporting;

GRANT INSERT, SELECT, UPDATE ON TABLE public.jobs TO app_rw;

GRANT SELECT ON TABLE public.active_accounts TO reporting;

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA audit GRANT SELECT ON TABLES TO reporting;

COMMENT ON FUNCTION public.set_updated_at() IS 'keeps updated_at current on every UPDATE';

COMMENT ON TABLE audit.events IS 'append-only: see audit.append';

COMMENT ON VIEW public.active_accounts IS 'accounts that are not closed';

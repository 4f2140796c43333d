-- A job queue: workers LISTEN on "jobs" and a trigger NOTIFYs them of new
-- jobs; a statement trigger deletes finished jobs older than a week.
CREATE TABLE public.jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES public.projects (id) ON DELETE CASCADE,
    kind text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    finished_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_pending_idx ON public.jobs (created_at) WHERE finished_at IS NULL;

CREATE FUNCTION public.notify_job() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('jobs', json_build_object('id', NEW.id, 'kind', NEW.kind)::text);
    RETURN NULL;
END;
$$;

CREATE FUNCTION public.delete_old_jobs() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    DELETE FROM public.jobs WHERE finished_at < now() - interval '7 days';
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_notify AFTER INSERT ON public.jobs
    FOR EACH ROW EXECUTE FUNCTION public.notify_job();
CREATE TRIGGER jobs_cleanup AFTER INSERT ON public.jobs
    FOR EACH STATEMENT EXECUTE FUNCTION public.delete_old_jobs();

GRANT SELECT, INSERT, UPDATE ON public.jobs TO app_rw;

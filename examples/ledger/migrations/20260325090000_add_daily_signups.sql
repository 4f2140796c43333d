-- Daily sign-ups for the dashboard, refreshed concurrently by a cron job,
-- which needs a unique index.
CREATE MATERIALIZED VIEW public.daily_signups AS
    SELECT date_trunc('day', created_at) AS day, count(*) AS signups
    FROM public.accounts
    GROUP BY 1
    WITH DATA;
CREATE UNIQUE INDEX daily_signups_day_idx ON public.daily_signups (day);
GRANT SELECT ON public.daily_signups TO reporting;

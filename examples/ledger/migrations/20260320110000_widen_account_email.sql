-- Emails outgrew varchar(255). PostgreSQL refuses to change the type of a
-- column that a view uses, so the view is dropped and made again, with its
-- grant.
DROP VIEW public.active_accounts;
ALTER TABLE public.accounts ALTER COLUMN email TYPE text;
CREATE VIEW public.active_accounts AS
    SELECT id, email, display_name, created_at
    FROM public.accounts
    WHERE status <> 'closed';
COMMENT ON VIEW public.active_accounts IS 'accounts that are not closed';
GRANT SELECT ON public.active_accounts TO reporting;

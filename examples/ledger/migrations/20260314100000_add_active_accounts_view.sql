-- Reporting reads accounts through a view that hides closed ones.
CREATE VIEW public.active_accounts AS
    SELECT id, email, display_name, created_at
    FROM public.accounts
    WHERE status <> 'closed';
COMMENT ON VIEW public.active_accounts IS 'accounts that are not closed';
GRANT SELECT ON public.active_accounts TO reporting;

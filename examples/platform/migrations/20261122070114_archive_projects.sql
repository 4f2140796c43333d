-- no-transaction
-- create index projects_public_idx on public.projects
-- lock: SHARE UPDATE EXCLUSIVE on public.projects (blocks other schema changes and VACUUM)
-- scans public.projects while locked
-- no transaction: runs outside BEGIN ... COMMIT
CREATE INDEX CONCURRENTLY projects_public_idx ON public.projects (created_at) WHERE ((visibility = 'public'::public.visibility) AND (archived_at IS NULL));

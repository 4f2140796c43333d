-- no-transaction
-- create index deployments_active_expiry_idx on public.deployments
-- lock: SHARE UPDATE EXCLUSIVE on public.deployments (blocks other schema changes and VACUUM)
-- scans public.deployments while locked
-- no transaction: runs outside BEGIN ... COMMIT
CREATE INDEX CONCURRENTLY deployments_active_expiry_idx ON public.deployments (expires_at) WHERE ((status = 'ready'::public.deployment_status) AND (expires_at IS NOT NULL));

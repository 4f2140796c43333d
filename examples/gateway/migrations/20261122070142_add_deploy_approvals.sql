-- create enum public.approval_state
-- lock: none on existing relations
CREATE TYPE public.approval_state AS ENUM ('pending', 'approved', 'rejected', 'expired');

-- create table public.deploy_approvals
-- lock: none on existing relations
CREATE TABLE public.deploy_approvals (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    requested_by uuid NOT NULL,
    approved_by uuid,
    environment text NOT NULL,
    state public.approval_state DEFAULT 'pending'::public.approval_state NOT NULL,
    reason text NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    decided_at timestamp with time zone,
    CONSTRAINT deploy_approvals_pkey PRIMARY KEY (id),
    CONSTRAINT deploy_approvals_not_self_approved CHECK ((approved_by IS NULL) OR (approved_by <> requested_by))
);

-- create index deploy_approvals_pending_idx on public.deploy_approvals
-- lock: none on existing relations
CREATE INDEX deploy_approvals_pending_idx ON public.deploy_approvals (requested_at) WHERE (state = 'pending'::public.approval_state);

-- fail rather than make other sessions queue while waiting long for a lock
SET lock_timeout = '5s';

-- add foreign key deploy_approvals_approved_by_fkey to public.deploy_approvals
-- lock: SHARE ROW EXCLUSIVE on public.users (blocks writes)
-- scans public.users while locked
ALTER TABLE public.deploy_approvals ADD CONSTRAINT deploy_approvals_approved_by_fkey FOREIGN KEY (approved_by) REFERENCES public.users (id);

-- add foreign key deploy_approvals_requested_by_fkey to public.deploy_approvals
-- lock: SHARE ROW EXCLUSIVE on public.users (blocks writes)
-- scans public.users while locked
ALTER TABLE public.deploy_approvals ADD CONSTRAINT deploy_approvals_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES public.users (id);

-- A tamper-evident audit log in a schema owned by audit_owner, a role that
-- Terraform creates (no migration does). Rows are appended through a
-- SECURITY DEFINER function only; triggers forbid UPDATE and DELETE, and
-- row level security limits what each role sees.
CREATE SCHEMA audit AUTHORIZATION audit_owner;

CREATE TABLE audit.events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL,
    actor text NOT NULL DEFAULT current_user,
    action text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_account_at_idx ON audit.events (account_id, at DESC);
COMMENT ON TABLE audit.events IS 'append-only: see audit.append';

CREATE FUNCTION audit.append(p_account bigint, p_action text, p_detail jsonb DEFAULT '{}'::jsonb)
    RETURNS bigint
    LANGUAGE sql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    INSERT INTO audit.events (account_id, action, detail)
    VALUES (p_account, p_action, p_detail)
    RETURNING id
$$;

CREATE FUNCTION audit.forbid_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'audit.events is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER events_no_update BEFORE UPDATE ON audit.events
    FOR EACH ROW EXECUTE FUNCTION audit.forbid_change();
CREATE TRIGGER events_no_delete BEFORE DELETE ON audit.events
    FOR EACH ROW EXECUTE FUNCTION audit.forbid_change();

ALTER TABLE audit.events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_reporting ON audit.events AS PERMISSIVE FOR SELECT TO reporting USING (true);
CREATE POLICY events_own_account ON audit.events FOR SELECT TO app_rw
    USING (account_id = (current_setting('app.account_id', true))::bigint);

REVOKE ALL ON FUNCTION audit.append(bigint, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit.append(bigint, text, jsonb) TO app_rw;
GRANT USAGE ON SCHEMA audit TO app_rw, reporting;
GRANT SELECT ON audit.events TO app_rw, reporting;
ALTER DEFAULT PRIVILEGES IN SCHEMA audit GRANT SELECT ON TABLES TO reporting;

-- create schema audit
-- lock: none on existing relations
CREATE SCHEMA audit;

-- create table audit.events
-- lock: none on existing relations
CREATE TABLE audit.events (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    actor_id uuid,
    action text NOT NULL,
    target text,
    ip inet,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (id)
);

-- create index events_actor_id_occurred_at_idx on audit.events
-- lock: none on existing relations
CREATE INDEX events_actor_id_occurred_at_idx ON audit.events (actor_id, occurred_at);

-- create index events_occurred_at_brin on audit.events
-- lock: none on existing relations
CREATE INDEX events_occurred_at_brin ON audit.events USING brin (occurred_at);

-- comment on schema audit
-- lock: none on existing relations
COMMENT ON SCHEMA audit IS 'append-only security audit trail';

-- comment on table audit.events
-- lock: none on existing relations
COMMENT ON TABLE audit.events IS 'append-only: the application role has INSERT and SELECT only';

CREATE TABLE public.pets (
  id integer NOT NULL PRIMARY KEY,
  name character(10) NOT NULL,
  tags jsonb NOT NULL,
  doc tsvector NOT NULL,
  owner integer,
  deleted_at timestamptz,
  CONSTRAINT pets_owner_name UNIQUE NULLS NOT DISTINCT (owner, name)
);
CREATE UNIQUE INDEX pets_owner_uniq ON public.pets (owner) NULLS NOT DISTINCT;
CREATE INDEX pets_name_pattern ON public.pets (name bpchar_pattern_ops);
CREATE INDEX pets_name_default_ops ON public.pets (name);
CREATE INDEX pets_tags ON public.pets USING gin (tags jsonb_path_ops);
CREATE INDEX pets_live ON public.pets (name) INCLUDE (owner) WHERE deleted_at IS NULL;
CREATE INDEX pets_desc ON public.pets (id DESC, lower(name));
CREATE INDEX pets_hash ON public.pets USING hash (name);

COMMENT ON SCHEMA public IS 'standard public schema';
CREATE TABLE public.users (
  id integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 10) PRIMARY KEY,
  name varchar(100) NOT NULL DEFAULT 'unknown',
  age integer,
  CONSTRAINT users_age_check CHECK (age > 0)
);
COMMENT ON TABLE public.users IS 'people';
COMMENT ON COLUMN public.users.name IS 'display name';
CREATE TABLE public.posts (
  id integer NOT NULL,
  author_id integer CONSTRAINT posts_author_fk REFERENCES public.users (id) ON DELETE SET NULL,
  created timestamp NOT NULL DEFAULT now(),
  PRIMARY KEY (id, created)
) PARTITION BY RANGE (created);

CREATE EXTENSION hstore SCHEMA public;
CREATE EXTENSION citext SCHEMA public;
CREATE TABLE public.profiles (
  tags public.hstore NOT NULL,
  email public.citext NOT NULL,
  aliases public.citext[] NOT NULL
);

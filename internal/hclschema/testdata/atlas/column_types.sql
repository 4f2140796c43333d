CREATE DOMAIN public.zip AS text CONSTRAINT zip_format CHECK (VALUE ~ '^\d{5}$');
CREATE TYPE public.switch AS ENUM ('on', 'off');
CREATE TABLE public.types (
  arr_int integer[] NOT NULL, arr_text text[] NOT NULL, arr_keyword integer[] NOT NULL,
  arr_varchar varchar(255)[] NOT NULL, arr_2d point[] NOT NULL,
  bit1 bit(1) NOT NULL, bit2 bit(2) NOT NULL, varbit bit varying NOT NULL, varbit1 bit varying(1) NOT NULL,
  flag boolean NOT NULL DEFAULT true, blob bytea NOT NULL, zip public.zip NOT NULL, sw public.switch NOT NULL,
  num numeric NOT NULL, num5 numeric(5,0) NOT NULL, num52 numeric(5,2) NOT NULL,
  r real NOT NULL, dp double precision NOT NULL, f10 real NOT NULL, f30 double precision NOT NULL,
  geo_circle circle NOT NULL, geo_line line NOT NULL, geo_box box NOT NULL, geo_point point NOT NULL,
  i2 smallint NOT NULL, i4 integer NOT NULL, i8 bigint NOT NULL DEFAULT 1,
  j json NOT NULL, jb jsonb NOT NULL, cash money NOT NULL,
  ip inet NOT NULL, net cidr NOT NULL, mac macaddr8 NOT NULL,
  r4 int4range NOT NULL, rts tstzrange NOT NULL, mr datemultirange NOT NULL,
  s2 smallserial, s8 bigserial,
  v varchar NOT NULL, v255 varchar(255) NOT NULL, c1 char NOT NULL, c5 char(5) NOT NULL,
  tsv tsvector NOT NULL, tsq tsquery NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(), doc xml NOT NULL
);

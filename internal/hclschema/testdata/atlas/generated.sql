CREATE TABLE public.items (
  price numeric(10,2) NOT NULL,
  qty integer NOT NULL,
  one integer NOT NULL GENERATED ALWAYS AS (1) STORED,
  total numeric(12,2) NOT NULL GENERATED ALWAYS AS (price * qty) STORED,
  label text GENERATED ALWAYS AS ('item ' || qty::text) STORED
);

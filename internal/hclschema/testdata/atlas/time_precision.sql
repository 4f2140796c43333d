CREATE TABLE public.clock (
  ts timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ts4 timestamp(4) NOT NULL DEFAULT CURRENT_TIMESTAMP(4),
  tstz4 timestamptz(4) NOT NULL DEFAULT CURRENT_TIMESTAMP(4),
  tstz6 timestamptz(6) NOT NULL,
  tstz0 timestamptz(0) NOT NULL,
  t time NOT NULL,
  t3 time(3) NOT NULL,
  ttz2 timetz(2) NOT NULL,
  t_long time(1) NOT NULL,
  d date NOT NULL
);

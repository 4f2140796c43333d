CREATE TABLE public.clock (
  ts timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ts4 timestamp(4) NOT NULL DEFAULT CURRENT_TIMESTAMP(4),
  tstz4 timestamptz(4) NOT NULL DEFAULT CURRENT_TIMESTAMP(4),
  ts6 timestamp NOT NULL,
  tstz6 timestamptz NOT NULL,
  tstz0 timestamptz(0) NOT NULL,
  t time NOT NULL,
  t3 time(3) NOT NULL,
  t6 time NOT NULL,
  ttz2 timetz(2) NOT NULL,
  ttz6 timetz NOT NULL,
  t_long time(1) NOT NULL,
  i6 interval NOT NULL,
  ds6 interval day to second NOT NULL,
  ts6s timestamp[] NOT NULL,
  d date NOT NULL
);

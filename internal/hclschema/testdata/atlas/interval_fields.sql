CREATE TABLE public.durations (
  plain interval NOT NULL DEFAULT '3 hours',
  precise interval(1) NOT NULL,
  secs interval second NOT NULL,
  secs1 interval second(1) NOT NULL,
  d2s interval day to second(4),
  y interval year NOT NULL,
  m interval month NOT NULL,
  ym interval year to month NOT NULL,
  h2m interval hour to minute NOT NULL,
  m2s interval minute to second(2) NOT NULL,
  as_sql interval day to second(3) NOT NULL,
  as_sql_array interval hour to second[]
);

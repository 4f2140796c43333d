CREATE TABLE public.events (at timestamptz NOT NULL, n bigint NOT NULL);
CREATE INDEX events_at ON public.events USING brin (at) WITH (pages_per_range = 2);
CREATE INDEX events_n ON public.events USING brin (n) WITH (autosummarize = true, pages_per_range = 64);
CREATE INDEX events_plain ON public.events USING brin (at, n);

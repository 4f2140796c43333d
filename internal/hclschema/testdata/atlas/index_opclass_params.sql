CREATE TABLE public.docs (body tsvector NOT NULL);
CREATE INDEX docs_body ON public.docs USING gist (body tsvector_ops (siglen = 8));

-- comment on index public.projects_public_idx
-- lock: none on existing relations
COMMENT ON INDEX public.projects_public_idx IS 'listing of public projects';

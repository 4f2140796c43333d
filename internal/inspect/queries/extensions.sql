-- extensions.sql: one row per extension installed in a selected schema.
--
-- $1 text[]: schema names. Ordered by extension name. PostgreSQL >= 13.
--
-- Extensions in pg_catalog (plpgsql is in every database) are outside every
-- selection. pg_available_extensions() reads the control files, so that the
-- caller can tell the default version and the comment that CREATE EXTENSION
-- sets by itself from ones chosen by the user.
SELECT e.extname AS name,
       n.nspname AS schema_name,
       e.extversion AS version,
       COALESCE(av.default_version, '') AS default_version,
       COALESCE(d.description, '') AS comment,
       COALESCE(av.comment, '') AS default_comment
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_available_extensions() AS av (name, default_version, comment)
       ON av.name = e.extname
LEFT JOIN pg_description d
       ON d.objoid = e.oid AND d.classoid = 'pg_extension'::regclass AND d.objsubid = 0
WHERE n.nspname = ANY($1::text[])
ORDER BY e.extname COLLATE "C";

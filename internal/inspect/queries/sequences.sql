-- sequences.sql: one row per sequence in the selected schemas, skipping
-- sequences owned by extensions.
--
-- $1 text[]: schema names. Unordered: the caller sorts by name.
-- PostgreSQL >= 13 (pg_sequence exists since 10).
--
-- owner_kind tells what the sequence belongs to, from pg_depend: 'i' for the
-- implicit sequence of an identity column, 'a' for OWNED BY a column (which
-- serial sets up), '' for none. owner_table_oid and owner_attnum identify
-- that column, which columns.sql has read: a sequence can only be owned by
-- a table of its own schema. The comment is a subquery on all three columns
-- of pg_description's key, so that each sequence probes the index whatever
-- the statistics say: as a join, on a schema not analyzed since it grew,
-- the planner took the comments for a handful of rows and compared every
-- sequence with every comment (4 million pairs for 2,000 sequences).
SELECT s.seqrelid AS oid,
       n.nspname AS schema_name,
       c.relname AS name,
       format_type(s.seqtypid, NULL) AS type,
       s.seqstart AS start,
       s.seqincrement AS increment,
       s.seqmin AS min_value,
       s.seqmax AS max_value,
       s.seqcache AS cache,
       s.seqcycle AS cycle,
       COALESCE(dep.deptype::text, '') AS owner_kind,
       COALESCE(dep.refobjid, 0) AS owner_table_oid,
       COALESCE(dep.refobjsubid, 0)::int2 AS owner_attnum,
       COALESCE((SELECT d.description FROM pg_description d
                 WHERE d.objoid = s.seqrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0), '') AS comment
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend dep
       ON dep.classid = 'pg_class'::regclass
      AND dep.objid = s.seqrelid
      AND dep.refclassid = 'pg_class'::regclass
      AND dep.refobjsubid > 0
      AND dep.deptype IN ('a', 'i')
WHERE n.nspname = ANY($1::text[])
  AND NOT EXISTS (
        SELECT FROM pg_depend ext
        WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid AND ext.deptype = 'e');

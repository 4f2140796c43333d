-- domains.sql: one row per domain in the selected schemas, skipping domains
-- owned by extensions.
--
-- $1 text[]: schema names. Ordered by schema and domain name.
-- PostgreSQL >= 13.
--
-- The default is printed from typdefaultbin (typdefault is the text as it
-- was printed at creation, under whatever search_path was in force then).
-- collation is set only when it differs from the base type's. checks holds
-- one JSON object per CHECK constraint (name, expr as pg_get_expr prints
-- it, not_valid, comment), by name; NOT NULL constraints of domains
-- (contype 'n', PostgreSQL >= 17) are typnotnull.
SELECT n.nspname AS schema_name,
       t.typname AS name,
       format_type(t.typbasetype, t.typtypmod) AS type,
       COALESCE(coln.nspname, '') AS collation_schema,
       COALESCE(col.collname, '') AS collation,
       t.typnotnull AS not_null,
       COALESCE(pg_get_expr(t.typdefaultbin, 0), '') AS "default",
       COALESCE((
         SELECT json_agg(json_build_object(
                  'name', con.conname,
                  'expr', pg_get_expr(con.conbin, 0),
                  'not_valid', NOT con.convalidated,
                  'comment', COALESCE(cd.description, '')
                ) ORDER BY con.conname COLLATE "C")
         FROM pg_constraint con
         LEFT JOIN pg_description cd
                ON cd.objoid = con.oid AND cd.classoid = 'pg_constraint'::regclass AND cd.objsubid = 0
         WHERE con.contypid = t.oid AND con.contype = 'c'), '[]') AS checks,
       COALESCE(d.description, '') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_collation col ON col.oid = t.typcollation AND t.typcollation <> bt.typcollation
LEFT JOIN pg_namespace coln ON coln.oid = col.collnamespace
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE n.nspname = ANY($1::text[])
  AND t.typtype = 'd'
  AND NOT EXISTS (
        SELECT FROM pg_depend dep
        WHERE dep.classid = 'pg_type'::regclass AND dep.objid = t.oid AND dep.deptype = 'e')
ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C";

-- composites.sql: one row per composite type (CREATE TYPE ... AS (...)) in
-- the selected schemas, skipping types owned by extensions. The row types
-- of tables, views and sequences are not composite types here: only types
-- whose relation has relkind 'c' are.
--
-- $1 text[]: schema names. Ordered by schema and type name; the fields of
-- each type, as JSON objects (name, type, collation_schema, collation,
-- comment), in attnum order. collation is set only when it differs from
-- the default of the field's type. PostgreSQL >= 13.
SELECT n.nspname AS schema_name,
       t.typname AS name,
       COALESCE((
         SELECT json_agg(json_build_object(
                  'name', a.attname,
                  'type', format_type(a.atttypid, a.atttypmod),
                  'collation_schema', coln.nspname,
                  'collation', col.collname,
                  'comment', COALESCE(ad.description, '')
                ) ORDER BY a.attnum)
         FROM pg_attribute a
         JOIN pg_type at ON at.oid = a.atttypid
         LEFT JOIN pg_collation col ON col.oid = a.attcollation AND a.attcollation <> at.typcollation
         LEFT JOIN pg_namespace coln ON coln.oid = col.collnamespace
         LEFT JOIN pg_description ad
                ON ad.objoid = a.attrelid AND ad.classoid = 'pg_class'::regclass AND ad.objsubid = a.attnum
         WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS fields,
       COALESCE(d.description, '') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE n.nspname = ANY($1::text[])
  AND t.typtype = 'c'
  AND NOT EXISTS (
        SELECT FROM pg_depend dep
        WHERE dep.classid = 'pg_type'::regclass AND dep.objid = t.oid AND dep.deptype = 'e')
ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C";

-- enums.sql: one row per enum type in the selected schemas, skipping types
-- owned by extensions.
--
-- $1 text[]: schema names. Ordered by schema and type name; the values of
-- each enum in enumsortorder, which is the order of the type (values added
-- with ADD VALUE ... BEFORE get fractional sort orders). PostgreSQL >= 13.
SELECT n.nspname AS schema_name,
       t.typname AS name,
       ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS "values",
       COALESCE(d.description, '') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE n.nspname = ANY($1::text[])
  AND t.typtype = 'e'
  AND NOT EXISTS (
        SELECT FROM pg_depend dep
        WHERE dep.classid = 'pg_type'::regclass AND dep.objid = t.oid AND dep.deptype = 'e')
ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C";

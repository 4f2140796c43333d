-- schemas.sql: the schemas to inspect, with their comments.
--
-- $1 text[]: schema names to select. An empty array selects every schema
-- that is not a system schema (pg_catalog, information_schema, pg_toast*,
-- pg_temp_*) and not owned by an extension; named schemas are taken as they
-- are, and names that do not exist are simply absent from the result.
-- Ordered by name. PostgreSQL >= 13.
SELECT n.nspname AS name,
       COALESCE(d.description, '') AS comment
FROM pg_namespace n
LEFT JOIN pg_description d
       ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
WHERE CASE
        WHEN cardinality($1::text[]) = 0 THEN
              n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\_toast%'
          AND n.nspname NOT LIKE 'pg\_temp\_%'
          AND NOT EXISTS (
                SELECT FROM pg_depend dep
                WHERE dep.classid = 'pg_namespace'::regclass
                  AND dep.objid = n.oid
                  AND dep.deptype = 'e')
        ELSE n.nspname = ANY($1::text[])
      END
ORDER BY n.nspname COLLATE "C";

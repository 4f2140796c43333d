-- columns.sql: one row per user column of every relation that tables.sql
-- returns (sequences aside), with its type as format_type() prints it and
-- its NOT NULL flag.
-- $1 text[]: schema names; empty means every schema but the system ones.
-- Ordered by schema, relation and attnum (column order). PostgreSQL >= 13.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY 1, 2, a.attnum;

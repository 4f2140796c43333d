-- indexes.sql: one row per index in the selected schemas, with its table
-- and whether it is unique or backs the primary key. Partitioned indexes
-- (relkind 'I') are included.
-- $1 text[]: schema names; empty means every schema but the system ones.
-- Ordered by schema and index name. PostgreSQL >= 13.
SELECT n.nspname AS schema_name,
       ic.relname AS name,
       tn.nspname AS table_schema,
       tc.relname AS table_name,
       i.indisunique AS is_unique,
       i.indisprimary AS is_primary
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
JOIN pg_class tc ON tc.oid = i.indrelid
JOIN pg_namespace tn ON tn.oid = tc.relnamespace
WHERE (cardinality($1::text[]) = 0 OR n.nspname = ANY($1))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY 1, 2;

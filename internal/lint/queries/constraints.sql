-- constraints.sql: one row per CHECK and FOREIGN KEY constraint of the
-- tables of the selected schemas: whether it is validated, the column of a
-- CHECK that is exactly `col IS NOT NULL` (it lets SET NOT NULL skip its
-- scan), and for a foreign key its columns and referenced table.
-- The NOT NULL test is read from conbin's node text, not from
-- pg_get_constraintdef() or pg_get_expr(): those open the table with ACCESS
-- SHARE (PostgreSQL 16+ at least), so they would wait behind the very
-- migration lint is asked about. The node text of `col IS NOT NULL` has
-- started with {NULLTEST :arg {VAR :varno 1 :varattno N ...} :nulltesttype 1
-- (IS_NOT_NULL) since PostgreSQL 9.
-- NOT NULL constraints (contype 'n', PostgreSQL 18+) are left out: the
-- column's attnotnull already says it.
-- $1 text[]: schema names; empty means every schema but the system ones.
-- Ordered by schema, table and constraint name. PostgreSQL >= 13.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       k.conname AS name,
       k.contype::text AS type,
       k.convalidated AS valid,
       coalesce((SELECT a.attname::text
                 FROM pg_attribute a
                 WHERE k.contype = 'c'
                   AND a.attrelid = k.conrelid
                   AND a.attnum = substring(k.conbin::text FROM '^\{NULLTEST :arg \{VAR :varno 1 :varattno ([0-9]+) [^{}]*\} :nulltesttype 1 ')::int2), '') AS not_null_column,
       coalesce(rn.nspname, '') AS ref_schema,
       coalesce(rc.relname, '') AS ref_table,
       ARRAY(SELECT a.attname::text
             FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
             ORDER BY u.ord) AS columns
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = k.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE k.contype IN ('c', 'f')
  AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY 1, 2, 3;

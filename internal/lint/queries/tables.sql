-- tables.sql: one row per table, partitioned table, view, materialized view,
-- sequence and foreign table of the selected schemas, with the planner's size
-- estimates (pg_class.reltuples and relpages, as of the last VACUUM or
-- ANALYZE), the parent of a partition and the DEFAULT partition of a
-- partitioned table.
-- A partitioned table has no storage of its own: its size is the sum over its
-- leaf partitions, found through pg_inherits (a catalog read, unlike
-- pg_partition_tree(), which locks every partition). rows is -1 when any part
-- was never vacuumed or analyzed (reltuples = -1 since PostgreSQL 14; 0 before).
-- $1 text[]: schema names; empty means every schema but the system ones.
-- Ordered by schema and name. PostgreSQL >= 13.
WITH RECURSIVE tree AS (
    SELECT i.inhparent AS root, i.inhrelid AS relid
    FROM pg_inherits i
    UNION ALL
    SELECT t.root, i.inhrelid
    FROM tree t
    JOIN pg_inherits i ON i.inhparent = t.relid
), leaves AS (
    SELECT t.root,
           CASE WHEN bool_or(l.reltuples < 0) THEN -1 ELSE sum(l.reltuples) END AS rows,
           sum(l.relpages) AS pages
    FROM tree t
    JOIN pg_class l ON l.oid = t.relid AND l.relkind IN ('r', 'm', 'f')
    GROUP BY t.root
)
SELECT n.nspname AS schema_name,
       c.relname AS name,
       c.relkind::text AS kind,
       CASE WHEN c.relkind = 'p' THEN coalesce(lv.rows, 0) ELSE c.reltuples END::float8 AS rows,
       CASE WHEN c.relkind = 'p' THEN coalesce(lv.pages, 0) ELSE c.relpages END::int8 AS pages,
       coalesce(pn.nspname, '') AS parent_schema,
       coalesce(pc.relname, '') AS parent_name,
       coalesce(dn.nspname, '') AS default_schema,
       coalesce(dc.relname, '') AS default_name,
       current_setting('block_size')::int8 AS block_size
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN leaves lv ON lv.root = c.oid
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
LEFT JOIN pg_class dc ON dc.oid = pt.partdefid
LEFT JOIN pg_namespace dn ON dn.oid = dc.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY 1, 2;

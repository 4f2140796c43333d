-- columns.sql: one row per column of every table selected by tables.sql.
--
-- $1 text[]: schema names. Unordered: the caller orders each table's
-- columns by attnum (the order users and COPY see), which is cheaper than
-- sorting these wide rows here.
-- PostgreSQL >= 13 (attgenerated exists since 12; attgenerated = 'v',
-- virtual generated columns, appears in 18).
--
-- collation is set only when it differs from the default of the column's
-- type. default and generated both come from pg_attrdef, which holds the
-- generation expression of a generated column; they and the comments are
-- read whole into MATERIALIZED CTEs and hash-joined, which is much cheaper
-- than one index probe per column. A default cannot refer to
-- columns, so it is printed without its relation (pg_get_expr(adbin, 0)):
-- that spares the server from opening every table. inherited marks the
-- columns of a partition, which all come from its parent; differs_from_parent
-- flags those whose NOT NULL or default a partition changed on its own.
-- from_parent marks the columns that a table using INHERITS (not a
-- partition) has from a parent, declared locally too or not.
-- The columns of partitions are still returned, with their names and
-- collation oids, because constraints.sql and indexes.sql give columns by
-- attnum and index collations by oid.
WITH tbl AS (
  SELECT c.oid, c.relispartition
  FROM pg_class c
  WHERE c.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname = ANY($1::text[]))
    AND c.relkind IN ('r', 'p')
    AND NOT EXISTS (
          SELECT FROM pg_depend dep
          WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')
), defaults AS MATERIALIZED (
  SELECT adrelid, adnum, adbin FROM pg_attrdef
), comments AS MATERIALIZED (
  SELECT objoid, objsubid, description
  FROM pg_description
  WHERE classoid = 'pg_class'::regclass AND objsubid > 0
)
SELECT a.attrelid AS table_oid,
       a.attnum,
       a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       a.attcollation AS collation_oid,
       COALESCE(coln.nspname, '') AS collation_schema,
       COALESCE(col.collname, '') AS collation,
       a.attnotnull AS not_null,
       COALESCE(CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END, '') AS "default",
       COALESCE(CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, '') AS generated,
       a.attgenerated::text AS generated_kind,
       a.attidentity::text AS identity,
       tbl.relispartition AND a.attinhcount > 0 AS inherited,
       CASE WHEN tbl.relispartition AND a.attinhcount > 0 THEN EXISTS (
              SELECT FROM pg_inherits inh
              JOIN pg_attribute pa ON pa.attrelid = inh.inhparent AND pa.attname = a.attname
              LEFT JOIN pg_attrdef pad ON pad.adrelid = pa.attrelid AND pad.adnum = pa.attnum
              WHERE inh.inhrelid = a.attrelid
                AND ((a.attnotnull AND NOT pa.attnotnull)
                  OR pg_get_expr(ad.adbin, ad.adrelid) IS DISTINCT FROM pg_get_expr(pad.adbin, pad.adrelid)))
            ELSE false
       END AS differs_from_parent,
       COALESCE(d.description, '') AS comment,
       NOT tbl.relispartition AND a.attinhcount > 0 AS from_parent
FROM tbl
JOIN pg_attribute a ON a.attrelid = tbl.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_collation col ON col.oid = a.attcollation AND a.attcollation <> t.typcollation
LEFT JOIN pg_namespace coln ON coln.oid = col.collnamespace
LEFT JOIN defaults ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN comments d ON d.objoid = a.attrelid AND d.objsubid = a.attnum;

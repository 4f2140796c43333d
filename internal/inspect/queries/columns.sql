-- columns.sql: one row per column of every table selected by tables.sql.
--
-- $1 text[]: schema names. Ordered by table oid, then attnum (the column
-- order that users and COPY see).
-- PostgreSQL >= 13 (attgenerated exists since 12; attgenerated = 'v',
-- virtual generated columns, appears in 18).
--
-- collation is set only when it differs from the default of the column's
-- type. default and generated both come from pg_attrdef: it holds the
-- generation expression of a generated column. inherited marks the columns
-- of a partition, which all come from its parent; differs_from_parent
-- flags those whose NOT NULL or default a partition changed on its own.
SELECT a.attrelid AS table_oid,
       a.attnum,
       a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       COALESCE(coln.nspname, '') AS collation_schema,
       COALESCE(col.collname, '') AS collation,
       a.attnotnull AS not_null,
       COALESCE(CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, '') AS "default",
       COALESCE(CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, '') AS generated,
       a.attgenerated::text AS generated_kind,
       a.attidentity::text AS identity,
       c.relispartition AND a.attinhcount > 0 AS inherited,
       COALESCE(c.relispartition AND (
              (a.attnotnull AND NOT pa.attnotnull)
           OR pg_get_expr(ad.adbin, ad.adrelid) IS DISTINCT FROM pg_get_expr(pad.adbin, pad.adrelid)), false)
         AS differs_from_parent,
       COALESCE(d.description, '') AS comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_collation col ON col.oid = a.attcollation AND a.attcollation <> t.typcollation
LEFT JOIN pg_namespace coln ON coln.oid = col.collnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
LEFT JOIN pg_attribute pa ON pa.attrelid = inh.inhparent AND pa.attname = a.attname
LEFT JOIN pg_attrdef pad ON pad.adrelid = pa.attrelid AND pad.adnum = pa.attnum
LEFT JOIN pg_description d
       ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p')
  AND a.attnum > 0
  AND NOT a.attisdropped
  AND NOT EXISTS (
        SELECT FROM pg_depend dep
        WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')
ORDER BY a.attrelid, a.attnum;

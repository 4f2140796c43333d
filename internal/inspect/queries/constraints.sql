-- constraints.sql: one row per PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK and
-- EXCLUDE constraint of every table selected by tables.sql.
--
-- $1 text[]: schema names. Unordered: the caller sorts by name.
-- PostgreSQL >= 13.
--
-- Skipped: constraints a partition inherits from its parent (clones of keys
-- and foreign keys have conparentid set; inherited checks have conislocal
-- false), and the hidden foreign key clones that point at each partition of
-- a referenced partitioned table (conparentid set too). NOT NULL
-- constraints (contype 'n', PostgreSQL >= 18) are columns' NOT NULL.
-- from_parent marks the checks that a table using INHERITS (not a
-- partition) has from a parent, declared locally too or not.
--
-- Keys and exclusion constraints take their columns and options from their
-- index (indexes.sql, joined on index_oid). Foreign key columns come as
-- attnums, which the caller resolves from columns.sql; ref_names spells the
-- referenced columns only when the referenced table is not among those
-- columns.sql reads (another schema, or an extension's table). check_expr
-- is pg_get_expr of the condition, printed as PostgreSQL prints it
-- (non-pretty).
--
-- The file is a template (see queryFor): columns a newer PostgreSQL added
-- are named only for the servers that have them: confdelsetcols (the
-- column list of ON DELETE SET NULL/SET DEFAULT, PostgreSQL >= 15) and, on
-- 18 or later, conenforced (NOT ENFORCED) and conperiod (WITHOUT OVERLAPS /
-- PERIOD), which the model cannot represent: unsupported names them.
WITH tbl AS (
  SELECT c.oid, c.relispartition
  FROM pg_class c
  WHERE c.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname = ANY($1::text[]))
    AND c.relkind IN ('r', 'p')
    AND NOT EXISTS (
          SELECT FROM pg_depend dep
          WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')
), comments AS MATERIALIZED (
  SELECT objoid, description
  FROM pg_description
  WHERE classoid = 'pg_constraint'::regclass AND objsubid = 0
)
SELECT con.oid,
       con.conrelid AS table_oid,
       con.conname AS name,
       con.contype::text AS kind,
       con.conindid AS index_oid,
       con.condeferrable AS deferrable,
       con.condeferred AS initially_deferred,
       NOT con.convalidated AS not_valid,
       COALESCE(CASE WHEN con.contype = 'f' THEN con.conkey END, '{}') AS attnums,
       COALESCE(rn.nspname, '') AS ref_schema,
       COALESCE(rc.relname, '') AS ref_table,
       con.confrelid AS ref_oid,
       COALESCE(con.confkey, '{}') AS ref_attnums,
       CASE WHEN con.contype = 'f' AND NOT EXISTS (SELECT FROM tbl t WHERE t.oid = con.confrelid) THEN
         ARRAY(SELECT a.attname
               FROM unnest(con.confkey) WITH ORDINALITY AS k (attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
               ORDER BY k.ord)
       END AS ref_names,
       con.confmatchtype::text AS match_type,
       con.confupdtype::text AS on_update,
       con.confdeltype::text AS on_delete,
       {{if ge .Major 15}}CASE WHEN con.contype = 'f' AND con.confdeltype IN ('n', 'd') THEN con.confdelsetcols END{{else}}NULL::int2[]{{end}} AS on_delete_attnums,
       COALESCE(CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END, '') AS check_expr,
       con.connoinherit AS no_inherit,
       CASE WHEN con.contype = 'x' THEN
         ARRAY(SELECT n.nspname
               FROM unnest(con.conexclop) WITH ORDINALITY AS k (opoid, ord)
               JOIN pg_operator op ON op.oid = k.opoid
               JOIN pg_namespace n ON n.oid = op.oprnamespace
               ORDER BY k.ord)
       END AS operator_schemas,
       CASE WHEN con.contype = 'x' THEN
         ARRAY(SELECT op.oprname
               FROM unnest(con.conexclop) WITH ORDINALITY AS k (opoid, ord)
               JOIN pg_operator op ON op.oid = k.opoid
               ORDER BY k.ord)
       END AS operators,
{{- if ge .Major 18}}
       COALESCE(CASE WHEN con.contype IN ('p', 'u', 'f', 'c') THEN
                  CASE WHEN NOT con.conenforced THEN 'NOT ENFORCED constraint'
                       WHEN con.conperiod THEN 'temporal constraint'
                  END
                END, '') AS unsupported,
{{- else}}
       '' AS unsupported,
{{- end}}
       COALESCE(d.description, '') AS comment,
       NOT tbl.relispartition AND con.coninhcount > 0 AS from_parent
FROM pg_constraint con
JOIN tbl ON tbl.oid = con.conrelid
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN comments d ON d.objoid = con.oid
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
  AND con.conparentid = 0
  AND (con.conislocal OR NOT tbl.relispartition);

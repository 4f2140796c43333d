-- constraints.sql: one row per PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK and
-- EXCLUDE constraint of every table selected by tables.sql.
--
-- $1 text[]: schema names. Ordered by table oid and constraint name.
-- PostgreSQL >= 13.
--
-- Skipped: constraints a partition inherits from its parent (clones of keys
-- and foreign keys have conparentid set; inherited checks have conislocal
-- false), and the hidden foreign key clones that point at each partition of
-- a referenced partitioned table (conparentid set too). NOT NULL
-- constraints (contype 'n', PostgreSQL >= 18) are columns' NOT NULL.
--
-- Version-dependent columns are read by name from to_jsonb(con), never
-- directly: confdelsetcols (ON DELETE SET NULL/SET DEFAULT column lists,
-- PostgreSQL >= 15; only for such foreign keys) and, on PostgreSQL >= 18,
-- conenforced (NOT ENFORCED) and conperiod (WITHOUT OVERLAPS / PERIOD),
-- which the model cannot represent: unsupported names them.
--
-- Keys and exclusion constraints take their columns and options from their
-- index (indexes.sql, joined on index_oid). check_expr is pg_get_expr of
-- the condition, printed as PostgreSQL prints it (non-pretty).
SELECT con.oid,
       con.conrelid AS table_oid,
       con.conname AS name,
       con.contype::text AS kind,
       con.conindid AS index_oid,
       con.condeferrable AS deferrable,
       con.condeferred AS initially_deferred,
       NOT con.convalidated AS not_valid,
       ARRAY(SELECT a.attname
             FROM unnest(con.conkey) WITH ORDINALITY AS k (attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
             WHERE con.contype = 'f'
             ORDER BY k.ord) AS columns,
       COALESCE(rn.nspname, '') AS ref_schema,
       COALESCE(rc.relname, '') AS ref_table,
       ARRAY(SELECT a.attname
             FROM unnest(con.confkey) WITH ORDINALITY AS k (attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS ref_columns,
       con.confmatchtype::text AS match_type,
       con.confupdtype::text AS on_update,
       con.confdeltype::text AS on_delete,
       ARRAY(SELECT a.attname
             FROM jsonb_array_elements_text(
                    CASE WHEN con.contype = 'f' AND con.confdeltype IN ('n', 'd')
                          AND jsonb_typeof(to_jsonb(con) -> 'confdelsetcols') = 'array'
                         THEN to_jsonb(con) -> 'confdelsetcols' END)
                  WITH ORDINALITY AS k (attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum::int2
             ORDER BY k.ord) AS on_delete_columns,
       COALESCE(CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END, '') AS check_expr,
       con.connoinherit AS no_inherit,
       ARRAY(SELECT CASE WHEN opn.nspname = 'pg_catalog' THEN '' ELSE opn.nspname END
             FROM unnest(con.conexclop) WITH ORDINALITY AS k (opoid, ord)
             JOIN pg_operator op ON op.oid = k.opoid
             JOIN pg_namespace opn ON opn.oid = op.oprnamespace
             ORDER BY k.ord) AS operator_schemas,
       ARRAY(SELECT op.oprname
             FROM unnest(con.conexclop) WITH ORDINALITY AS k (opoid, ord)
             JOIN pg_operator op ON op.oid = k.opoid
             ORDER BY k.ord) AS operators,
       COALESCE(CASE WHEN current_setting('server_version_num')::int >= 180000 THEN
                  CASE WHEN (to_jsonb(con) ->> 'conenforced')::boolean IS FALSE THEN 'NOT ENFORCED constraint'
                       WHEN (to_jsonb(con) ->> 'conperiod')::boolean THEN 'temporal constraint'
                  END
                END, '') AS unsupported,
       COALESCE(d.description, '') AS comment
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_description d
       ON d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p')
  AND con.contype IN ('p', 'u', 'f', 'c', 'x')
  AND con.conparentid = 0
  AND (con.conislocal OR NOT c.relispartition)
  AND NOT EXISTS (
        SELECT FROM pg_depend dep
        WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')
ORDER BY con.conrelid, con.conname COLLATE "C";

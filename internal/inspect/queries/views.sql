-- views.sql: one row per view and materialized view of the selected
-- schemas, skipping those owned by extensions.
--
-- $1 text[]: schema names. Unordered: the caller sorts by name.
-- PostgreSQL >= 13 (security_invoker is a reloption of 15 and later; on
-- older servers it is simply never set).
--
-- definition is pg_get_viewdef without pretty-printing flags beyond the
-- indentation PostgreSQL always adds, the form pg_dump uses too, so two
-- servers of one major version print one view alike. options are the
-- relation's reloptions ("security_barrier=true", "check_option=local",
-- fillfactor for a materialized view). Columns come as arrays in attnum
-- order: names, format_type() spellings, collation oids (for the indexes of
-- materialized views, which indexes.sql gives by attnum) and comments.
--
-- The dependencies are what the view's _RETURN rule depends on (pg_depend
-- rows of pg_rewrite, deptype 'n'): relations (a whole relation has attnum
-- 0, a column its attnum), functions and types. The view's own columns are
-- skipped. They come as one JSON array per view; for a function, args are its identity argument types
-- without names, VARIADIC marking the last one of a variadic function.
WITH vw AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind, c.reloptions, c.relispopulated
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY($1::text[])
    AND c.relkind IN ('v', 'm')
    AND NOT EXISTS (
          SELECT FROM pg_depend dep
          WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')
), deps AS (
  SELECT r.ev_class AS view_oid, d.refclassid, d.refobjid, d.refobjsubid
  FROM pg_rewrite r
  JOIN vw ON vw.oid = r.ev_class
  JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.deptype = 'n'
  WHERE r.rulename = '_RETURN'
    AND NOT (d.refclassid = 'pg_class'::regclass AND d.refobjid = r.ev_class)
), dep_rows AS (
  SELECT deps.view_oid,
         CASE WHEN deps.refclassid = 'pg_class'::regclass THEN
                CASE WHEN deps.refobjsubid > 0 THEN 'column'
                     WHEN rc.relkind = 'v' THEN 'view'
                     WHEN rc.relkind = 'm' THEN 'materialized view'
                     WHEN rc.relkind = 'S' THEN 'sequence'
                     ELSE 'table' END
              WHEN deps.refclassid = 'pg_proc'::regclass THEN
                CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE 'function' END
              ELSE 'type' END AS kind,
         COALESCE(rn.nspname, pn.nspname, tn.nspname) AS schema_name,
         COALESCE(rc.relname, p.proname, t.typname) AS name,
         COALESCE(a.attname, '') AS column_name,
         CASE WHEN p.oid IS NOT NULL THEN
           COALESCE((SELECT string_agg(CASE WHEN p.provariadic <> 0 AND k.ord = cardinality(p.proargtypes::oid[])
                                            THEN 'VARIADIC ' ELSE '' END || format_type(k.typ, NULL),
                                       ', ' ORDER BY k.ord)
                     FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS k (typ, ord)), '')
         ELSE '' END AS args
  FROM deps
  LEFT JOIN pg_class rc ON deps.refclassid = 'pg_class'::regclass AND rc.oid = deps.refobjid
  LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
  LEFT JOIN pg_attribute a ON rc.oid IS NOT NULL AND deps.refobjsubid > 0
                          AND a.attrelid = rc.oid AND a.attnum = deps.refobjsubid
  LEFT JOIN pg_proc p ON deps.refclassid = 'pg_proc'::regclass AND p.oid = deps.refobjid
  LEFT JOIN pg_namespace pn ON pn.oid = p.pronamespace
  LEFT JOIN pg_type t ON deps.refclassid = 'pg_type'::regclass AND t.oid = deps.refobjid
  LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace
  WHERE deps.refclassid IN ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass)
), dep_agg AS (
  SELECT view_oid,
         json_agg(json_build_object('kind', kind, 'schema', schema_name, 'name', name,
                                    'column', column_name, 'args', args)) AS deps
  FROM dep_rows
  GROUP BY view_oid
)
SELECT vw.oid,
       vw.nspname AS schema_name,
       vw.relname AS name,
       vw.relkind = 'm' AS materialized,
       pg_get_viewdef(vw.oid) AS definition,
       COALESCE(vw.reloptions, '{}') AS options,
       vw.relispopulated AS populated,
       COALESCE(obj_description(vw.oid, 'pg_class'), '') AS comment,
       ARRAY(SELECT a.attnum FROM pg_attribute a
             WHERE a.attrelid = vw.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS attnums,
       ARRAY(SELECT a.attname::text FROM pg_attribute a
             WHERE a.attrelid = vw.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS column_names,
       ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
             WHERE a.attrelid = vw.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS column_types,
       ARRAY(SELECT a.attcollation FROM pg_attribute a
             WHERE a.attrelid = vw.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS column_collations,
       ARRAY(SELECT COALESCE(col_description(vw.oid, a.attnum), '') FROM pg_attribute a
             WHERE a.attrelid = vw.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS column_comments,
       COALESCE(dep_agg.deps, '[]') AS deps
FROM vw
LEFT JOIN dep_agg ON dep_agg.view_oid = vw.oid;

-- indexes.sql: one row per index of every table selected by tables.sql
-- and of every materialized view selected by views.sql,
-- including the indexes that back PRIMARY KEY, UNIQUE and EXCLUDE
-- constraints (constraint_oid tells them apart: constraints.sql gives the
-- rest of such a constraint). Indexes that a partition inherits from an
-- index of its parent (a pg_inherits row) are skipped: the parent declares
-- them.
--
-- $1 text[]: schema names. Unordered: the caller sorts by name.
-- PostgreSQL >= 13. pg_index.indnullsnotdistinct exists only since 15: the
-- file is a template (see queryFor) that names it only for 15 and later.
--
-- Columns come as catalog arrays, resolved by the caller: attnums (indkey;
-- the first key_count are key columns, the rest INCLUDE columns, 0 for an
-- expression), options (indoption: bit 0 DESC, bit 1 NULLS FIRST) and
-- collations (indcollation) of the key columns. What needs a catalog
-- lookup is fetched only for the indexes that need it, because a subquery
-- per index costs more than the rest of the row:
--   collation_schemas, collation_names  of each key column's collation,
--                    when one is neither 0 (none) nor 100 ("default")
--   opclass_schemas, opclasses  of each key column's operator class, ""
--                    for a default one without parameters, when one of
--                    them is not the default for its type (opcdefault) or
--                    has parameters: a default class with parameters is
--                    named, because its parameters cannot be written
--                    without its name (USING gist (a tsvector_ops (siglen=8)))
--   exprs            pg_get_indexdef(index, n, false) of each key column
--                    and expr_collations the default collation of its type
--                    (an expression's collation is kept when it differs),
--                    for expression indexes
--   opclass_params   {"attnum": ["name=value", ...]} for the key columns
--                    whose operator class has parameters
--                    (pg_attribute.attoptions of the index)
WITH tbl AS (
  SELECT c.oid
  FROM pg_class c
  WHERE c.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname = ANY($1::text[]))
    AND c.relkind IN ('r', 'p', 'm')
    AND NOT EXISTS (
          SELECT FROM pg_depend dep
          WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')
), nondefault AS (
  SELECT array_agg(oid) AS opclasses FROM pg_opclass WHERE NOT opcdefault
), comments AS MATERIALIZED (
  SELECT objoid, description
  FROM pg_description
  WHERE classoid = 'pg_class'::regclass AND objsubid = 0
), keys AS MATERIALIZED (
  SELECT oid, conindid FROM pg_constraint WHERE contype IN ('p', 'u', 'x')
), params AS (
  SELECT attrelid, json_object_agg(attnum, attoptions) AS params
  FROM pg_attribute
  WHERE attoptions IS NOT NULL
  GROUP BY attrelid
)
SELECT i.indexrelid AS oid,
       i.indrelid AS table_oid,
       ic.relname AS name,
       COALESCE(con.oid, 0) AS constraint_oid,
       i.indisunique AS is_unique,
       am.amname AS method,
       i.indnkeyatts AS key_count,
       i.indkey::int2[] AS attnums,
       i.indoption::int2[] AS options,
       i.indcollation::oid[] AS collations,
       CASE WHEN NOT i.indcollation::oid[] <@ '{0,100}'::oid[] THEN
         ARRAY(SELECT COALESCE((SELECT n.nspname FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
                                WHERE co.oid = k.coll), '')
               FROM unnest(i.indcollation::oid[]) WITH ORDINALITY AS k (coll, ord)
               ORDER BY k.ord)
       END AS collation_schemas,
       CASE WHEN NOT i.indcollation::oid[] <@ '{0,100}'::oid[] THEN
         ARRAY(SELECT COALESCE((SELECT co.collname FROM pg_collation co WHERE co.oid = k.coll), '')
               FROM unnest(i.indcollation::oid[]) WITH ORDINALITY AS k (coll, ord)
               ORDER BY k.ord)
       END AS collation_names,
       CASE WHEN i.indclass::oid[] && nondefault.opclasses OR params.params IS NOT NULL THEN
         ARRAY(SELECT COALESCE((SELECT n.nspname FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace
                                WHERE o.oid = k.opc AND (NOT o.opcdefault OR params.params::jsonb ? k.ord::text)), '')
               FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS k (opc, ord)
               ORDER BY k.ord)
       END AS opclass_schemas,
       CASE WHEN i.indclass::oid[] && nondefault.opclasses OR params.params IS NOT NULL THEN
         ARRAY(SELECT COALESCE((SELECT o.opcname FROM pg_opclass o WHERE o.oid = k.opc AND (NOT o.opcdefault OR params.params::jsonb ? k.ord::text)), '')
               FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS k (opc, ord)
               ORDER BY k.ord)
       END AS opclasses,
       CASE WHEN i.indexprs IS NOT NULL THEN
         ARRAY(SELECT CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int, false) ELSE '' END
               FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, ord)
               ORDER BY k.ord)
       END AS exprs,
       CASE WHEN i.indexprs IS NOT NULL THEN
         ARRAY(SELECT t.typcollation
               FROM pg_attribute ia JOIN pg_type t ON t.oid = ia.atttypid
               WHERE ia.attrelid = i.indexrelid AND ia.attnum > 0
               ORDER BY ia.attnum)
       END AS expr_collations,
       params.params AS opclass_params,
       COALESCE(pg_get_expr(i.indpred, i.indrelid), '') AS predicate,
       {{if ge .Major 15}}i.indisunique AND NOT i.indisprimary AND i.indnullsnotdistinct{{else}}false{{end}} AS nulls_not_distinct,
       COALESCE(ic.reloptions, '{}') AS storage_params,
       i.indisvalid AS valid,
       COALESCE(d.description, '') AS comment
FROM pg_index i
JOIN tbl ON tbl.oid = i.indrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN nondefault
LEFT JOIN params ON params.attrelid = i.indexrelid
LEFT JOIN keys con ON con.conindid = i.indexrelid
LEFT JOIN comments d ON d.objoid = i.indexrelid
WHERE NOT EXISTS (SELECT FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid);

-- indexes.sql: one row per index of every table selected by tables.sql,
-- including the indexes that back PRIMARY KEY, UNIQUE and EXCLUDE
-- constraints (constraint_oid tells them apart: constraints.sql gives the
-- rest of such a constraint). Indexes that a partition inherits from an
-- index of its parent (a pg_inherits row) are skipped: the parent declares
-- them.
--
-- $1 text[]: schema names. Ordered by table oid and index name.
-- PostgreSQL >= 13. pg_index.indnullsnotdistinct exists only since 15, so it
-- is read by name from to_jsonb(i) (absent, hence false, before 15), and only
-- for unique indexes.
--
-- parts has one JSON object per key column, in order (INCLUDE columns are
-- in include):
--   column      the column name, "" for an expression
--   expr        pg_get_indexdef(index, n, false) of an expression, else ""
--   opclass     the operator class, null when opcdefault
--   opclass_params  pg_attribute.attoptions of the index column: the
--               operator class parameters, e.g. {siglen=32}
--   collation   the collation, null when it is the column's own or, for an
--               expression, the default of the indexed type
--   desc, nulls_first  bits 0 and 1 of indoption
SELECT i.indexrelid AS oid,
       i.indrelid AS table_oid,
       ic.relname AS name,
       COALESCE(con.oid, 0) AS constraint_oid,
       i.indisunique AS is_unique,
       am.amname AS method,
       parts.parts,
       ARRAY(SELECT a.attname
             FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, ord)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE k.ord > i.indnkeyatts
             ORDER BY k.ord) AS include,
       COALESCE(pg_get_expr(i.indpred, i.indrelid), '') AS predicate,
       COALESCE(CASE WHEN i.indisunique THEN (to_jsonb(i) ->> 'indnullsnotdistinct')::boolean END, false)
         AS nulls_not_distinct,
       COALESCE(ic.reloptions, '{}') AS storage_params,
       i.indisvalid AS valid,
       COALESCE(d.description, '') AS comment
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_constraint con
       ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
CROSS JOIN LATERAL (
       SELECT json_agg(json_build_object(
                'column', COALESCE(a.attname, ''),
                'expr', CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int, false) ELSE '' END,
                'opclass_schema', opcn.nspname,
                'opclass', CASE WHEN NOT opc.opcdefault THEN opc.opcname END,
                'opclass_params', ia.attoptions,
                'collation_schema', coln.nspname,
                'collation', col.collname,
                'desc', (k.opt & 1) <> 0,
                'nulls_first', (k.opt & 2) <> 0
              ) ORDER BY k.ord) AS parts
       FROM unnest(i.indkey::int2[], i.indclass::oid[], i.indcollation::oid[], i.indoption::int2[])
            WITH ORDINALITY AS k (attnum, opclass, coll, opt, ord)
       JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.ord
       JOIN pg_type it ON it.oid = ia.atttypid
       JOIN pg_opclass opc ON opc.oid = k.opclass
       JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
       LEFT JOIN pg_collation col
              ON col.oid = k.coll AND k.coll <> COALESCE(a.attcollation, it.typcollation)
       LEFT JOIN pg_namespace coln ON coln.oid = col.collnamespace
       WHERE k.ord <= i.indnkeyatts
     ) parts
LEFT JOIN pg_description d
       ON d.objoid = i.indexrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid)
  AND NOT EXISTS (
        SELECT FROM pg_depend dep
        WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')
ORDER BY i.indrelid, ic.relname COLLATE "C";

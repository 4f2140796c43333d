-- tables.sql: one row per ordinary, unlogged or partitioned table and per
-- partition in the selected schemas, skipping tables owned by extensions.
--
-- $1 text[]: schema names. Ordered by schema and table name.
-- PostgreSQL >= 13 (relispartition and pg_partitioned_table exist since 10).
--
-- Foreign tables, views and the like are listed by unsupported.sql instead.
-- part_keys has one JSON object per partition key part, in key order:
--   column     the column name, "" for an expression part
--   opclass    the operator class, null when it is the default for its type
--   collation  the collation, null when it is the column's own (column parts)
--              or the default of the operator class's input type (expression
--              parts: the catalog does not keep the expression's type)
-- part_exprs is pg_get_expr of the partexprs list: the expression parts,
-- in order, separated by ", " at the top level.
-- inherit_schemas and inherit_names are the parents of a table that uses
-- INHERITS (not of a partition), in inhseqno order, the order of the
-- INHERITS clause; row_security and force_row_security are ALTER TABLE
-- ... ENABLE / FORCE ROW LEVEL SECURITY.
SELECT c.oid,
       n.nspname AS schema_name,
       c.relname AS name,
       c.relpersistence = 'u' AS unlogged,
       COALESCE(pt.partstrat::text, '') AS part_strategy,
       keys.parts AS part_keys,
       COALESCE(pg_get_expr(pt.partexprs, pt.partrelid), '') AS part_exprs,
       COALESCE(inh.inhparent, 0) AS parent_oid,
       COALESCE(pn.nspname, '') AS parent_schema,
       COALESCE(pc.relname, '') AS parent_name,
       COALESCE(pg_get_expr(c.relpartbound, c.oid), '') AS partition_bound,
       COALESCE(d.description, '') AS comment,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       COALESCE(parents.schemas, '{}') AS inherit_schemas,
       COALESCE(parents.names, '{}') AS inherit_names
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
LEFT JOIN LATERAL (
       SELECT json_agg(json_build_object(
                'column', COALESCE(a.attname, ''),
                'opclass_schema', opcn.nspname,
                'opclass', CASE WHEN NOT opc.opcdefault THEN opc.opcname END,
                'collation_schema', coln.nspname,
                'collation', col.collname
              ) ORDER BY k.ord) AS parts
       FROM unnest(pt.partattrs::int2[], pt.partclass::oid[], pt.partcollation::oid[])
            WITH ORDINALITY AS k (attnum, opclass, coll, ord)
       JOIN pg_opclass opc ON opc.oid = k.opclass
       JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
       JOIN pg_type it ON it.oid = opc.opcintype
       LEFT JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum AND k.attnum > 0
       LEFT JOIN pg_collation col
              ON col.oid = k.coll AND k.coll <> COALESCE(a.attcollation, it.typcollation)
       LEFT JOIN pg_namespace coln ON coln.oid = col.collnamespace
     ) keys ON pt.partrelid IS NOT NULL
LEFT JOIN LATERAL (
       SELECT array_agg(ihn.nspname::text ORDER BY ih.inhseqno) AS schemas,
              array_agg(ihc.relname::text ORDER BY ih.inhseqno) AS names
       FROM pg_inherits ih
       JOIN pg_class ihc ON ihc.oid = ih.inhparent
       JOIN pg_namespace ihn ON ihn.oid = ihc.relnamespace
       WHERE ih.inhrelid = c.oid
     ) parents ON NOT c.relispartition
LEFT JOIN pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = inh.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (
        SELECT FROM pg_depend dep
        WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C";

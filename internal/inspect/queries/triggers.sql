-- triggers.sql: one row per trigger on the tables, partitioned tables,
-- partitions and views of the selected schemas.
--
-- $1 text[]: schema names. Unordered: the caller sorts by name.
-- PostgreSQL >= 13 (tgparentid exists since 13).
--
-- Skipped: internal triggers (those behind foreign keys and deferrable
-- keys, tgisinternal), the clones that a partitioned table's trigger puts on
-- each partition (tgparentid set: the parent's trigger is the object), and
-- triggers on relations owned by an extension.
--
-- type is tgtype: bit 0 FOR EACH ROW, 1 BEFORE, 2 INSERT, 3 DELETE,
-- 4 UPDATE, 5 TRUNCATE, 6 INSTEAD OF. update_of spells the columns of
-- UPDATE OF in their declared order. args is tgargs, the arguments each
-- ended by a zero byte, and nargs their count. definition is
-- pg_get_triggerdef, from which the caller takes the WHEN condition as
-- PostgreSQL prints it (pg_get_expr cannot print tgqual, whose OLD and NEW
-- are two range-table entries). deferrable and initially_deferred come from
-- the constraint of a constraint trigger; from_table is the FROM table of a
-- constraint trigger, which the model cannot represent.
SELECT t.tgrelid AS rel_oid,
       n.nspname AS schema_name,
       c.relname AS rel_name,
       c.relkind::text AS rel_kind,
       t.tgname AS name,
       t.tgtype::int AS type,
       t.tgenabled::text AS enabled,
       ARRAY(SELECT a.attname
             FROM unnest(t.tgattr::int2[]) WITH ORDINALITY AS k (attnum, ord)
             JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS update_of,
       pn.nspname AS function_schema,
       p.proname AS function_name,
       t.tgnargs::int AS nargs,
       t.tgargs AS args,
       COALESCE(t.tgoldtable::text, '') AS old_table,
       COALESCE(t.tgnewtable::text, '') AS new_table,
       t.tgconstraint <> 0 AS is_constraint,
       COALESCE(con.condeferrable, false) AS deferrable,
       COALESCE(con.condeferred, false) AS initially_deferred,
       t.tgconstrrelid <> 0 AS has_from_table,
       pg_get_triggerdef(t.oid) AS definition,
       COALESCE((SELECT d.description FROM pg_description d
                 WHERE d.objoid = t.oid AND d.classoid = 'pg_trigger'::regclass AND d.objsubid = 0), '') AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
LEFT JOIN pg_constraint con ON con.oid = t.tgconstraint
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p', 'v')
  AND NOT t.tgisinternal
  AND t.tgparentid = 0
  AND NOT EXISTS (
        SELECT FROM pg_depend ext
        WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid AND ext.deptype = 'e');

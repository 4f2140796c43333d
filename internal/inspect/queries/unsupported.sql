-- unsupported.sql: objects that the model cannot represent yet, so that
-- callers can list them instead of silently dropping them. One row per
-- object: kind, then the schema and name of the object (or, for triggers
-- and rules, its name and the table it is on); signature is set
-- instead for objects whose name needs argument types.
--
-- $1 text[]: schema names. Objects in the selected schemas, plus objects
-- that live in no schema (event triggers, publications, subscriptions,
-- foreign data wrappers, servers, casts, languages), skipping objects owned
-- by extensions, built-in ones, and those PostgreSQL makes for another
-- object (a range type's constructors and multirange casts, the operator
-- family of an operator class). Unordered: the caller sorts.
-- PostgreSQL >= 13.
--
-- Other kinds come from the rows of the other queries: virtual generated
-- columns, NOT ENFORCED and temporal constraints, invalid indexes, comments
-- on the indexes of constraints and partition columns with options of
-- their own. Grants, default privileges, security labels, column storage
-- and statistics settings are not listed.
WITH sel AS (
  SELECT oid FROM pg_namespace WHERE nspname = ANY($1::text[])
), ext AS (
  SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
), rel AS (
  SELECT c.oid, c.relname, c.relkind, c.relispartition, c.reloftype,
         c.reloptions IS NOT NULL AS has_options, c.relreplident,
         c.reltablespace, n.nspname
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relnamespace IN (SELECT oid FROM sel)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
)
SELECT 'foreign table' AS kind,
       nspname AS schema_name, relname AS name, '' AS on_schema, '' AS on_name, '' AS signature
FROM rel WHERE relkind = 'f'
UNION ALL
SELECT 'typed table', nspname, relname, '', '', ''
FROM rel WHERE relkind IN ('r', 'p') AND reloftype <> 0
UNION ALL
SELECT 'table storage parameters', nspname, relname, '', '', ''
FROM rel WHERE relkind IN ('r', 'p') AND has_options
UNION ALL
SELECT 'replica identity', nspname, relname, '', '', ''
FROM rel WHERE relkind IN ('r', 'p') AND relreplident <> 'd'
UNION ALL
SELECT 'tablespace', nspname, relname, '', '', ''
FROM rel WHERE relkind IN ('r', 'p', 'i', 'I', 'm') AND reltablespace <> 0
UNION ALL
-- Triggers on foreign tables (triggers.sql reads those on tables and views).
SELECT 'trigger', '', t.tgname, rel.nspname, rel.relname, ''
FROM pg_trigger t JOIN rel ON rel.oid = t.tgrelid
WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND rel.relkind = 'f'
UNION ALL
SELECT 'rule', '', r.rulename, rel.nspname, rel.relname, ''
FROM pg_rewrite r JOIN rel ON rel.oid = r.ev_class
WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT 'statistics', n.nspname, s.stxname, '', '', ''
FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
WHERE s.stxnamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_statistic_ext'::regclass AND ext.objid = s.oid)
UNION ALL
-- Functions and procedures are read by functions.sql.
SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END,
       '', '', '', '', p.oid::regprocedure::text
FROM pg_proc p
WHERE p.pronamespace IN (SELECT oid FROM sel)
  AND p.prokind IN ('a', 'w')
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)
  -- The constructors of a range type depend on it internally.
  AND NOT EXISTS (SELECT FROM pg_depend dep
                  WHERE dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'i')
UNION ALL
SELECT CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'b' THEN 'base type' ELSE 'shell type' END,
       n.nspname, t.typname, '', '', ''
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typnamespace IN (SELECT oid FROM sel)
  AND t.typtype IN ('r', 'b', 'p')
  -- The array type of every type is a base type of its own, made implicitly.
  AND NOT EXISTS (SELECT FROM pg_type et WHERE et.typarray = t.oid)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
UNION ALL
SELECT 'collation', n.nspname, c.collname, '', '', ''
FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
WHERE c.collnamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_collation'::regclass AND ext.objid = c.oid)
UNION ALL
SELECT 'operator', '', '', '', '', o.oid::regoperator::text
FROM pg_operator o
WHERE o.oprnamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_operator'::regclass AND ext.objid = o.oid)
UNION ALL
SELECT 'operator class', n.nspname, o.opcname, '', '', ''
FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace
WHERE o.opcnamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_opclass'::regclass AND ext.objid = o.oid)
UNION ALL
SELECT 'operator family', n.nspname, o.opfname, '', '', ''
FROM pg_opfamily o JOIN pg_namespace n ON n.oid = o.opfnamespace
WHERE o.opfnamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_opfamily'::regclass AND ext.objid = o.oid)
  -- CREATE OPERATOR CLASS makes a family of the same name when none is given.
  AND NOT EXISTS (SELECT FROM pg_depend dep
                  WHERE dep.classid = 'pg_opfamily'::regclass AND dep.objid = o.oid AND dep.deptype = 'a')
UNION ALL
SELECT 'conversion', n.nspname, c.conname, '', '', ''
FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace
WHERE c.connamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_conversion'::regclass AND ext.objid = c.oid)
UNION ALL
SELECT 'text search configuration', n.nspname, c.cfgname, '', '', ''
FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
WHERE c.cfgnamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_ts_config'::regclass AND ext.objid = c.oid)
UNION ALL
SELECT 'text search dictionary', n.nspname, d.dictname, '', '', ''
FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
WHERE d.dictnamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_ts_dict'::regclass AND ext.objid = d.oid)
UNION ALL
SELECT 'text search parser', n.nspname, p.prsname, '', '', ''
FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace
WHERE p.prsnamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_ts_parser'::regclass AND ext.objid = p.oid)
UNION ALL
SELECT 'text search template', n.nspname, t.tmplname, '', '', ''
FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace
WHERE t.tmplnamespace IN (SELECT oid FROM sel)
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_ts_template'::regclass AND ext.objid = t.oid)
UNION ALL
SELECT 'event trigger', '', e.evtname, '', '', ''
FROM pg_event_trigger e
WHERE NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_event_trigger'::regclass AND ext.objid = e.oid)
UNION ALL
SELECT 'publication', '', p.pubname, '', '', ''
FROM pg_publication p
UNION ALL
SELECT 'subscription', '', s.subname, '', '', ''
FROM pg_subscription s
WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
UNION ALL
SELECT 'foreign data wrapper', '', w.fdwname, '', '', ''
FROM pg_foreign_data_wrapper w
WHERE NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_foreign_data_wrapper'::regclass AND ext.objid = w.oid)
UNION ALL
SELECT 'server', '', s.srvname, '', '', ''
FROM pg_foreign_server s
WHERE NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_foreign_server'::regclass AND ext.objid = s.oid)
UNION ALL
-- Objects with oids below 16384 (FirstNormalObjectId) come with initdb.
SELECT 'cast', '', '', '', '',
       '(' || format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) || ')'
FROM pg_cast c
WHERE c.oid >= 16384
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_cast'::regclass AND ext.objid = c.oid)
  -- The casts of a range type to its multirange depend on it internally.
  AND NOT EXISTS (SELECT FROM pg_depend dep
                  WHERE dep.classid = 'pg_cast'::regclass AND dep.objid = c.oid AND dep.deptype = 'i')
UNION ALL
SELECT 'language', '', l.lanname, '', '', ''
FROM pg_language l
WHERE l.oid >= 16384
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_language'::regclass AND ext.objid = l.oid);

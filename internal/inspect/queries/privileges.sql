-- privileges.sql: one row per object and grantee whose privileges differ
-- from the ones PostgreSQL gives that grantee on a new object, for the
-- selected schemas themselves and their tables, partitioned tables, views,
-- materialized views, sequences, columns, functions, procedures and types
-- (enums, domains, composites).
--
-- $1 text[]: schema names. Unordered: the caller sorts.
-- PostgreSQL >= 13 (aclexplode and acldefault exist since 9.x).
--
-- A NULL acl means the defaults: no row. Otherwise the acl is compared,
-- grantee by grantee, with the default one (acldefault: the owner holds
-- everything, PUBLIC holds EXECUTE on functions and procedures and USAGE on
-- types), and with
-- PUBLIC's USAGE for the schema named public, which initdb grants
-- (PostgreSQL 15 and later; 13 and 14 grant CREATE too, which therefore
-- shows as a grant). The owner's own entries are left out whatever they
-- hold: owners are out of scope. Entries of one grantee from several
-- grantors are merged.
--
-- kind is schema, table, view, materialized view, sequence, column,
-- function, procedure or type; name is "" for a schema; column_name is set for
-- a column (name is then its relation); args are a function's identity
-- argument types as functions.sql prints them. held and held_grantable are
-- the grantee's privileges (NULL for none) and those WITH GRANT OPTION;
-- dflt and dflt_grantable the same for the default acl.
WITH sel AS (
  SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1::text[])
), ext AS (
  SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
), obj AS (
  SELECT 'schema' AS kind, n.nspname::text AS schema_name, '' AS name, '' AS args, '' AS column_name,
         n.nspowner AS owner, n.nspacl AS acl, acldefault('n', n.nspowner) AS dflt,
         n.nspname = 'public' AS public_schema
  FROM pg_namespace n
  WHERE n.oid IN (SELECT oid FROM sel) AND n.nspacl IS NOT NULL
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_namespace'::regclass AND ext.objid = n.oid)
  UNION ALL
  SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END,
         n.nspname, c.relname, '', '',
         c.relowner, c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner), false
  FROM pg_class c
  JOIN sel n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
  UNION ALL
  -- Column privileges have no default: attacl lists grants only.
  SELECT 'column', n.nspname, c.relname, '', a.attname::text,
         c.relowner, a.attacl, NULL::aclitem[], false
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN sel n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
  UNION ALL
  SELECT CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE 'function' END, n.nspname, p.proname,
         COALESCE((SELECT string_agg(CASE WHEN p.provariadic <> 0 AND a.n = array_length(p.proargtypes::oid[], 1)
                                          THEN 'VARIADIC ' ELSE '' END || format_type(a.typ, NULL), ', ' ORDER BY a.n)
                   FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(typ, n)), ''),
         '', p.proowner, p.proacl, acldefault('f', p.proowner), false
  FROM pg_proc p
  JOIN sel n ON n.oid = p.pronamespace
  WHERE p.prokind IN ('f', 'p') AND p.proacl IS NOT NULL
    AND NOT EXISTS (SELECT FROM pg_depend e
                    WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i'))
  UNION ALL
  -- Enums, domains and standalone composite types (not the row types of
  -- relations, not arrays): PUBLIC holds USAGE by default.
  SELECT 'type', n.nspname, t.typname, '', '', t.typowner, t.typacl, acldefault('T', t.typowner), false
  FROM pg_type t
  JOIN sel n ON n.oid = t.typnamespace
  WHERE t.typacl IS NOT NULL
    AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
), numbered AS (
  SELECT row_number() OVER () AS id, obj.* FROM obj
), entry AS (
  SELECT o.id, x.grantee, x.privilege_type AS privilege, bool_or(x.is_grantable) AS grantable, true AS held
  FROM numbered o CROSS JOIN LATERAL aclexplode(o.acl) x
  WHERE x.grantee <> o.owner
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT o.id, x.grantee, x.privilege_type, bool_or(x.is_grantable), false
  FROM numbered o CROSS JOIN LATERAL aclexplode(o.dflt) x
  WHERE x.grantee <> o.owner
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT o.id, 0::oid, 'USAGE', false, false FROM numbered o WHERE o.public_schema
)
SELECT o.kind, o.schema_name, o.name, o.args, o.column_name,
       CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE COALESCE(r.rolname::text, e.grantee::text) END AS grantee,
       array_agg(e.privilege ORDER BY e.privilege) FILTER (WHERE e.held) AS held,
       array_agg(e.privilege ORDER BY e.privilege) FILTER (WHERE e.held AND e.grantable) AS held_grantable,
       array_agg(e.privilege ORDER BY e.privilege) FILTER (WHERE NOT e.held) AS dflt,
       array_agg(e.privilege ORDER BY e.privilege) FILTER (WHERE NOT e.held AND e.grantable) AS dflt_grantable
FROM entry e
JOIN numbered o ON o.id = e.id
LEFT JOIN pg_roles r ON r.oid = e.grantee
GROUP BY o.id, o.kind, o.schema_name, o.name, o.args, o.column_name, e.grantee, r.rolname;

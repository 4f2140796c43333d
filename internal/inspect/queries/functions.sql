-- functions.sql: one row per function (prokind 'f') and procedure
-- (prokind 'p') in the selected schemas, skipping those owned by
-- extensions and those another object made for itself (the constructors of
-- a range type depend on it internally). Aggregates and window functions
-- are listed by unsupported.sql instead.
--
-- $1 text[]: schema names. Ordered by schema, name and identity arguments.
-- PostgreSQL >= 13.
--
-- Arguments come in declaration order over proallargtypes (proargtypes
-- when every argument is IN), with their mode (proargmodes, NULL when
-- every argument is IN), name ('' when unnamed) and default, which
-- pg_get_function_arg_default prints one argument at a time (argument
-- numbers count every argument, as information_schema.parameters does).
--
-- SQL-standard bodies (BEGIN ATOMIC ... END and RETURN expr) exist since
-- PostgreSQL 14, in pg_proc.prosqlbody, which 13 does not have: the file is
-- a template (see queryFor) that names the column only for 14 and later.
-- Such a function's definition is printed whole by pg_get_functiondef,
-- whose body the caller cuts out.
--
-- depends_on lists what pg_depend records that the function uses
-- (deptype 'n'): types (a relation's row type is given as its relation),
-- and, for SQL-standard bodies, relations, columns (as their relation)
-- and functions, outside pg_catalog and information_schema. Each element
-- is [kind, schema, name, identity arguments]: kind is pg_class.relkind,
-- 'type' or 'function'/'procedure'.
WITH sel AS (
  SELECT oid FROM pg_namespace WHERE nspname = ANY($1::text[])
), sys AS (
  SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema')
)
SELECT p.oid,
       n.nspname AS schema_name,
       p.proname AS name,
       p.prokind = 'p' AS procedure,
       l.lanname AS language,
       COALESCE(args.names, '{}') AS arg_names,
       COALESCE(args.modes, '{}') AS arg_modes,
       COALESCE(args.types, '{}') AS arg_types,
       COALESCE(args.defaults, '{}') AS arg_defaults,
       COALESCE(pg_get_function_result(p.oid), '') AS returns,
       p.proretset AS returns_set,
       COALESCE(p.prosrc, '') AS body,
       {{if ge .Major 14}}CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_functiondef(p.oid) ELSE '' END{{else}}''{{end}} AS definition,
       p.provolatile::text AS volatility,
       p.proisstrict AS strict,
       p.prosecdef AS security_definer,
       p.proleakproof AS leakproof,
       p.proparallel::text AS parallel,
       p.procost::float8 AS cost,
       p.prorows::float8 AS rows,
       COALESCE(p.proconfig, '{}') AS config,
       COALESCE(d.description, '') AS comment,
       COALESCE(deps.refs, '[]') AS depends_on
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
LEFT JOIN LATERAL (
  SELECT array_agg(COALESCE(p.proargnames[a.n], '') ORDER BY a.n) AS names,
         array_agg(COALESCE(p.proargmodes[a.n]::text, 'i') ORDER BY a.n) AS modes,
         array_agg(format_type(a.typ, NULL) ORDER BY a.n) AS types,
         array_agg(COALESCE(pg_get_function_arg_default(p.oid, a.n::int), '') ORDER BY a.n) AS defaults
  FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS a(typ, n)
) args ON true
LEFT JOIN LATERAL (
  SELECT json_agg(DISTINCT jsonb_build_array(r.kind, r.schema_name, r.name, r.args)) AS refs
  FROM (
    SELECT CASE WHEN t.typrelid <> 0 THEN rc.relkind::text ELSE 'type' END AS kind,
           CASE WHEN t.typrelid <> 0 THEN rn.nspname ELSE tn.nspname END AS schema_name,
           CASE WHEN t.typrelid <> 0 THEN rc.relname ELSE t.typname END AS name,
           '' AS args
    FROM pg_depend dep
    JOIN pg_type dt ON dt.oid = dep.refobjid
    -- An array type stands for its element type.
    JOIN pg_type t ON t.oid = CASE WHEN dt.typcategory = 'A' AND dt.typelem <> 0 THEN dt.typelem ELSE dt.oid END
    JOIN pg_namespace tn ON tn.oid = t.typnamespace
    LEFT JOIN pg_class rc ON rc.oid = t.typrelid
    LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'n'
      AND dep.refclassid = 'pg_type'::regclass AND t.typnamespace NOT IN (SELECT oid FROM sys)
    UNION ALL
    SELECT c.relkind::text, cn.nspname, c.relname, ''
    FROM pg_depend dep
    JOIN pg_class c ON c.oid = dep.refobjid
    JOIN pg_namespace cn ON cn.oid = c.relnamespace
    WHERE dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'n'
      AND dep.refclassid = 'pg_class'::regclass AND c.relnamespace NOT IN (SELECT oid FROM sys)
    UNION ALL
    SELECT CASE WHEN f.prokind = 'p' THEN 'procedure' ELSE 'function' END, fn.nspname, f.proname,
           COALESCE((SELECT string_agg(CASE WHEN f.provariadic <> 0 AND a.n = array_length(f.proargtypes::oid[], 1)
                                            THEN 'VARIADIC ' ELSE '' END || format_type(a.typ, NULL), ', ' ORDER BY a.n)
                     FROM unnest(f.proargtypes::oid[]) WITH ORDINALITY AS a(typ, n)), '')
    FROM pg_depend dep
    JOIN pg_proc f ON f.oid = dep.refobjid
    JOIN pg_namespace fn ON fn.oid = f.pronamespace
    WHERE dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'n'
      AND dep.refclassid = 'pg_proc'::regclass AND f.pronamespace NOT IN (SELECT oid FROM sys)
  ) r
) deps ON true
WHERE p.pronamespace IN (SELECT oid FROM sel)
  AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i'))
ORDER BY 2, 3, pg_get_function_identity_arguments(p.oid);

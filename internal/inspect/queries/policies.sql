-- policies.sql: one row per row level security policy of every table
-- selected by tables.sql.
--
-- $1 text[]: schema names. Unordered: the caller sorts by name.
-- PostgreSQL >= 13 (polpermissive exists since 10).
--
-- command is polcmd's letter: '*' ALL, 'r' SELECT, 'a' INSERT, 'w' UPDATE,
-- 'd' DELETE. roles are the role names sorted (COLLATE "C"), PUBLIC for
-- the oid 0 that stands for all roles. using and with_check are
-- pg_get_expr of the expressions, "" when absent.
SELECT p.polrelid AS table_oid,
       p.polname AS name,
       p.polpermissive AS permissive,
       p.polcmd::text AS command,
       ARRAY(SELECT x.role
             FROM unnest(p.polroles) AS r (oid)
             LEFT JOIN pg_roles a ON a.oid = r.oid
             CROSS JOIN LATERAL (SELECT CASE WHEN r.oid = 0 THEN 'PUBLIC' ELSE a.rolname::text END AS role) x
             ORDER BY x.role COLLATE "C") AS roles,
       COALESCE(pg_get_expr(p.polqual, p.polrelid), '') AS using_expr,
       COALESCE(pg_get_expr(p.polwithcheck, p.polrelid), '') AS with_check,
       COALESCE(d.description, '') AS comment
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_policy'::regclass AND d.objsubid = 0
WHERE c.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname = ANY($1::text[]))
  AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (
        SELECT FROM pg_depend dep
        WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e');

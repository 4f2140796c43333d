-- default_privileges.sql: one row per ALTER DEFAULT PRIVILEGES entry and
-- grantee whose privileges differ from what the entry would give without
-- it: the entries of pg_default_acl for the selected schemas, and those
-- for all schemas (defaclnamespace 0).
--
-- $1 text[]: schema names. Unordered: the caller sorts.
-- PostgreSQL >= 13 (SCHEMAS entries exist since 10).
--
-- An entry for all schemas replaces the built-in default (acldefault: the
-- creating role holds everything, PUBLIC holds EXECUTE on functions and
-- USAGE on types), so it is compared with that; an entry IN SCHEMA only
-- adds to it, so every grantee it lists differs. The creating role's own
-- privileges are left out (owners are out of scope).
--
-- object_type is pg_default_acl.defaclobjtype: r tables, S sequences,
-- f functions, T types, n schemas. held and dflt are as in privileges.sql.
WITH d AS (
  SELECT row_number() OVER () AS id, a.defaclrole AS role_oid, COALESCE(n.nspname::text, '') AS schema_name,
         a.defaclobjtype::text AS object_type, a.defaclacl AS acl,
         CASE WHEN a.defaclnamespace = 0
              THEN acldefault(CASE a.defaclobjtype WHEN 'S' THEN 's' ELSE a.defaclobjtype END::"char", a.defaclrole)
         END AS dflt
  FROM pg_default_acl a
  LEFT JOIN pg_namespace n ON n.oid = a.defaclnamespace
  WHERE a.defaclnamespace = 0 OR n.nspname = ANY($1::text[])
), entry AS (
  SELECT d.id, x.grantee, x.privilege_type AS privilege, bool_or(x.is_grantable) AS grantable, true AS held
  FROM d CROSS JOIN LATERAL aclexplode(d.acl) x
  WHERE x.grantee <> d.role_oid
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT d.id, x.grantee, x.privilege_type, bool_or(x.is_grantable), false
  FROM d CROSS JOIN LATERAL aclexplode(d.dflt) x
  WHERE x.grantee <> d.role_oid
  GROUP BY 1, 2, 3
)
SELECT pg_get_userbyid(d.role_oid)::text AS role_name, d.schema_name, d.object_type,
       CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE COALESCE(r.rolname::text, e.grantee::text) END AS grantee,
       array_agg(e.privilege ORDER BY e.privilege) FILTER (WHERE e.held) AS held,
       array_agg(e.privilege ORDER BY e.privilege) FILTER (WHERE e.held AND e.grantable) AS held_grantable,
       array_agg(e.privilege ORDER BY e.privilege) FILTER (WHERE NOT e.held) AS dflt,
       array_agg(e.privilege ORDER BY e.privilege) FILTER (WHERE NOT e.held AND e.grantable) AS dflt_grantable
FROM entry e
JOIN d ON d.id = e.id
LEFT JOIN pg_roles r ON r.oid = e.grantee
GROUP BY d.id, d.role_oid, d.schema_name, d.object_type, e.grantee, r.rolname;

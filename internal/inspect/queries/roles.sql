-- roles.sql: the roles named in $1 that exist on the server, with the
-- attributes a role block declares: LOGIN, INHERIT, the roles it is a
-- direct member of (sorted) and its comment. Roles are cluster-wide: they
-- are read only for the roles a desired state declares, when roles are
-- managed (diff --manage-roles). PostgreSQL >= 13.
--
-- $1 text[]: role names.
SELECT r.rolname AS name,
       r.rolcanlogin AS login,
       r.rolinherit AS inherit,
       ARRAY(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
             WHERE m.member = r.oid ORDER BY g.rolname)::text[] AS member_of,
       COALESCE(shobj_description(r.oid, 'pg_authid'), '') AS comment
FROM pg_roles r
WHERE r.rolname = ANY($1::text[])
ORDER BY r.rolname

package plan

import (
	"github.com/schemactl/schemactl/internal/diff"
)

// roleChange plans the roles a diff manages (diff.Options.ManageRoles).
// They come first (phRole): grants, default privileges and policies later
// in the plan may name them; memberships follow (phRoleMember), once every
// role they name exists. CREATE ROLE and GRANT role are transactional,
// and they take no lock on any relation.
func (b *builder) roleChange(c diff.Change) {
	switch c := c.(type) {
	case *diff.CreateRole:
		sql := "CREATE ROLE " + ident(c.Role.Name)
		if c.Role.Login {
			sql += " LOGIN"
		}
		if !c.Role.Inherit {
			sql += " NOINHERIT"
		}
		b.add(phRole, c, "create role "+ident(c.Role.Name), sql)
	case *diff.AlterRole:
		sql := "ALTER ROLE " + ident(c.To.Name)
		if c.From.Login != c.To.Login {
			sql += map[bool]string{true: " LOGIN", false: " NOLOGIN"}[c.To.Login]
		}
		if c.From.Inherit != c.To.Inherit {
			sql += map[bool]string{true: " INHERIT", false: " NOINHERIT"}[c.To.Inherit]
		}
		b.add(phRole, c, "alter role "+ident(c.To.Name), sql)
	case *diff.GrantMembership:
		b.add(phRoleMember, c, "make "+ident(c.Member)+" a member of "+ident(c.Role),
			"GRANT "+ident(c.Role)+" TO "+ident(c.Member))
	case *diff.RevokeMembership:
		b.add(phRoleMember, c, "take "+ident(c.Member)+" out of "+ident(c.Role),
			"REVOKE "+ident(c.Role)+" FROM "+ident(c.Member))
	case *diff.CommentOnRole:
		comment := "NULL"
		if c.Comment != "" {
			comment = literal(c.Comment)
		}
		b.add(phComment, c, "comment on role "+ident(c.Role), "COMMENT ON ROLE "+ident(c.Role)+" IS "+comment)
	}
}

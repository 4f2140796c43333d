package plan

import (
	"strings"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// privilegeChange plans GRANT, REVOKE and ALTER DEFAULT PRIVILEGES.
//
// Grants come last (phGrant), once every object they name exists; revokes
// of what a grantee holds come early (phRevoke), before anything is
// dropped, except a revoke of PostgreSQL's defaults (EXECUTE from PUBLIC),
// which must follow the creation of its object. A revoke on a table takes
// the privilege off its columns too: the diff makes the column grants that
// stay again, after it. ALTER DEFAULT PRIVILEGES affects only objects made
// after it, so it runs after the plan's creates (grants and revokes both):
// the grants of every object are planned explicitly, and an object the
// dump creates must not take privileges from a default entry that the
// desired state's own object did not have. (On a live database, an object
// the plan creates still takes the privileges of the default entries that
// exist there before the plan.)
func (b *builder) privilegeChange(c diff.Change) {
	switch c := c.(type) {
	case *diff.Grant:
		sql := "GRANT " + privilegeList(c.Privileges, c.Column) + " ON " + privilegeObject(c.On) + " TO " + grantee(c.Grantee)
		if c.WithGrantOption {
			sql += " WITH GRANT OPTION"
		}
		comment := "grant " + strings.Join(c.Privileges, ", ") + " on " + privilegeTarget(c.On, c.Column) + " to " + grantee(c.Grantee)
		if c.WithGrantOption {
			comment += " with grant option"
		}
		if c.Reason != "" {
			comment += " (" + c.Reason + ")"
		}
		b.add(phGrant, c, comment, sql)
	case *diff.Revoke:
		sql := "REVOKE "
		comment := "revoke "
		if c.GrantOptionOnly {
			sql += "GRANT OPTION FOR "
			comment += "the grant option for "
		}
		sql += privilegeList(c.Privileges, c.Column) + " ON " + privilegeObject(c.On) + " FROM " + grantee(c.Grantee)
		comment += strings.Join(c.Privileges, ", ") + " on " + privilegeTarget(c.On, c.Column) + " from " + grantee(c.Grantee)
		ph := phRevoke
		if c.FromDefaults {
			ph = phGrant
			comment += " (a default of PostgreSQL)"
		}
		b.add(ph, c, comment, sql)
	case *diff.GrantDefault:
		sql := alterDefaultPrivileges(c.Role, c.Schema) + " GRANT " + strings.Join(c.Privileges, ", ") +
			" ON " + c.ObjectType + " TO " + grantee(c.Grantee)
		if c.WithGrantOption {
			sql += " WITH GRANT OPTION"
		}
		b.add(phGrant, c, "grant "+strings.Join(c.Privileges, ", ")+" on "+defaultScope(c.Role, c.Schema, c.ObjectType)+
			" to "+grantee(c.Grantee), sql)
	case *diff.RevokeDefault:
		sql := alterDefaultPrivileges(c.Role, c.Schema) + " REVOKE "
		comment := "revoke "
		if c.GrantOptionOnly {
			sql += "GRANT OPTION FOR "
			comment += "the grant option for "
		}
		sql += strings.Join(c.Privileges, ", ") + " ON " + c.ObjectType + " FROM " + grantee(c.Grantee)
		b.add(phGrant, c, comment+strings.Join(c.Privileges, ", ")+" on "+defaultScope(c.Role, c.Schema, c.ObjectType)+
			" from "+grantee(c.Grantee), sql)
	}
}

// privilegeList renders privileges for GRANT or REVOKE; each privilege of
// a column grant names the column.
func privilegeList(privileges []string, column string) string {
	if column == "" {
		return strings.Join(privileges, ", ")
	}
	parts := make([]string, len(privileges))
	for i, p := range privileges {
		parts[i] = p + " (" + ident(column) + ")"
	}
	return strings.Join(parts, ", ")
}

// privilegeObject renders the object of a GRANT or REVOKE. Views and
// materialized views are granted on as tables, which is PostgreSQL's word
// for every relation.
func privilegeObject(on schema.ObjectRef) string {
	switch on.Kind {
	case schema.KindSchema:
		return "SCHEMA " + ident(on.Name)
	case schema.KindSequence:
		return "SEQUENCE " + qname(on.Relation())
	case schema.KindFunction:
		return "FUNCTION " + qname(on.Relation()) + "(" + on.Args + ")"
	case schema.KindProcedure:
		return "PROCEDURE " + qname(on.Relation()) + "(" + on.Args + ")"
	case schema.KindType:
		// TYPE covers domains too.
		return "TYPE " + qname(on.Relation())
	}
	return "TABLE " + qname(on.Relation())
}

// privilegeTarget names the object of a grant for a statement's comment.
func privilegeTarget(on schema.ObjectRef, column string) string {
	if column != "" {
		return "column " + ident(column) + " of " + on.String()
	}
	return on.String()
}

// grantee renders a grantee: PUBLIC is a keyword, not a role name.
func grantee(name string) string {
	if name == schema.PublicGrantee {
		return name
	}
	return ident(name)
}

func alterDefaultPrivileges(role, schemaName string) string {
	sql := "ALTER DEFAULT PRIVILEGES FOR ROLE " + ident(role)
	if schemaName != "" {
		sql += " IN SCHEMA " + ident(schemaName)
	}
	return sql
}

// defaultScope says which future objects a default privilege is about.
func defaultScope(role, schemaName, objectType string) string {
	s := "the " + strings.ToLower(objectType) + " that " + ident(role) + " creates"
	if schemaName != "" {
		s += " in schema " + ident(schemaName)
	}
	return s
}

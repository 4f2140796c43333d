package schema

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// PublicGrantee is the grantee that stands for every role.
const PublicGrantee = "PUBLIC"

// A Privilege is one grant of privileges on an object to a role: GRANT
// SELECT, INSERT ON TABLE public.t TO app. Privileges are managed only when
// the desired state declares some (or the user asks for it): a database's
// existing grants are otherwise left alone.
//
// A realm lists, per object (and column) and grantee, the privileges that
// differ from the ones PostgreSQL gives that grantee on a new object: its
// owner holds all of them (owners are out of scope and never listed),
// PUBLIC holds EXECUTE on functions and procedures (see DefaultGrants), and
// PUBLIC holds USAGE on the schema named public, as initdb leaves it on
// PostgreSQL 15 and later. A grantee without an entry holds exactly those
// defaults; an entry lists everything the grantee holds, so an entry with
// no Privileges is a revoke of the defaults (REVOKE EXECUTE ON FUNCTION f
// FROM PUBLIC), and an entry equal to the defaults means the same as none.
// Privileges granted by several grantors are merged.
type Privilege struct {
	// On is the object: a schema, table, view, sequence, function or
	// procedure; Column is set for a column privilege (On is its table).
	On     ObjectRef
	Column string
	// Grantee is the role name, or "PUBLIC".
	Grantee string
	// Privileges are PostgreSQL's names, sorted: "INSERT", "SELECT", ...
	Privileges []string
	// Grantable lists the privileges held WITH GRANT OPTION (a subset).
	Grantable []string
	DeclRange hcl.Range
}

// A DefaultPrivilege is one ALTER DEFAULT PRIVILEGES entry: privileges
// granted on objects that Role creates (in Schema, or anywhere when Schema
// is "") from then on.
//
// Like a Privilege, an entry lists everything Grantee gets, and only when
// that differs from what it would get without ALTER DEFAULT PRIVILEGES: for
// all schemas, PUBLIC gets EXECUTE on FUNCTIONS and USAGE on TYPES (an
// entry with no Privileges revokes that); IN SCHEMA entries can only add to
// those (PostgreSQL's rule), so they always list something. Role's own
// privileges are never listed.
type DefaultPrivilege struct {
	Role       string // FOR ROLE; the role that creates the objects
	Schema     string // IN SCHEMA; "" for all schemas
	ObjectType string // "TABLES", "SEQUENCES", "FUNCTIONS", "TYPES", "SCHEMAS"
	Grantee    string
	Privileges []string
	Grantable  []string
	DeclRange  hcl.Range
}

// DefaultGrants returns the privileges that grantee holds, with no GRANT
// or REVOKE, on a new object on (for a column, column is set): EXECUTE for
// PUBLIC on a function or procedure, USAGE for PUBLIC on a type (enum,
// domain, composite) and on the schema named public, nothing otherwise.
// The owner is out of scope.
func DefaultGrants(on ObjectRef, column, grantee string) []string {
	if grantee != PublicGrantee || column != "" {
		return nil
	}
	switch {
	case on.Kind == KindFunction || on.Kind == KindProcedure:
		return []string{"EXECUTE"}
	case on.Kind == KindType, on.Kind == KindSchema && on.Name == "public":
		return []string{"USAGE"}
	}
	return nil
}

// DefaultACLGrants returns what grantee gets on objects of objectType
// ("TABLES", ...) that a role creates when no ALTER DEFAULT PRIVILEGES
// entry says otherwise; inSchema reports an IN SCHEMA entry, which only
// adds to the entry for all schemas.
func DefaultACLGrants(objectType string, inSchema bool, grantee string) []string {
	if inSchema || grantee != PublicGrantee {
		return nil
	}
	switch objectType {
	case "FUNCTIONS":
		return []string{"EXECUTE"}
	case "TYPES":
		return []string{"USAGE"}
	}
	return nil
}

// IsDefault reports whether the entry grants exactly the defaults (see
// DefaultGrants), which is the same as no entry.
func (p *Privilege) IsDefault() bool {
	return len(p.Grantable) == 0 && slices.Equal(p.Privileges, DefaultGrants(p.On, p.Column, p.Grantee))
}

// IsDefault reports whether the entry gives exactly what no entry gives.
func (p *DefaultPrivilege) IsDefault() bool {
	return len(p.Grantable) == 0 && slices.Equal(p.Privileges, DefaultACLGrants(p.ObjectType, p.Schema != "", p.Grantee))
}

// Has reports whether the realm holds the object that ref (and column,
// when set) names: a schema, table, view, materialized view, sequence
// (also the one a serial column owns, see SerialColumn), function,
// procedure, or a type (enum, domain or composite).
func (r *Realm) Has(ref ObjectRef, column string) bool {
	s, ok := r.Schema(ref.Schema)
	if ref.Kind == KindSchema {
		s, ok = r.Schema(ref.Name)
		return ok
	}
	if !ok {
		return false
	}
	switch ref.Kind {
	case KindTable:
		t, ok := s.Table(ref.Name)
		if ok && column != "" {
			_, ok = t.Column(column)
		}
		return ok
	case KindView, KindMaterializedView:
		v, ok := s.View(ref.Name)
		if !ok || v.Kind() != ref.Kind {
			return false
		}
		if column != "" {
			return slices.ContainsFunc(v.Columns, func(c *ViewColumn) bool { return c.Name == column })
		}
		return true
	case KindSequence:
		if _, ok := s.Sequence(ref.Name); ok {
			return true
		}
		_, _, ok := s.SerialColumn(ref.Name)
		return ok
	case KindFunction, KindProcedure:
		f, ok := s.Function(ref.Name, ref.Args)
		return ok && f.Kind() == ref.Kind
	case KindType:
		if _, ok := s.Enum(ref.Name); ok {
			return true
		}
		if _, ok := s.Domain(ref.Name); ok {
			return true
		}
		_, ok := s.Composite(ref.Name)
		return ok
	}
	return false
}

// SerialColumn returns the serial column of the schema whose sequence has
// the name seq (see SerialSequenceName). Such a sequence is not a Sequence
// of the model: the column stands for it, but grants on it are kept.
func (s *Schema) SerialColumn(seq string) (*Table, *Column, bool) {
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			switch c.Type {
			case TypeSmallSerial, TypeSerial, TypeBigSerial:
				if SerialSequenceName(t.Name, c.Name) == seq {
					return t, c, true
				}
			}
		}
	}
	return nil, nil, false
}

// SerialSequenceName is the name PostgreSQL gives the sequence of a serial
// column (makeObjectName in src/backend/commands/indexcmds.c): table,
// column and "seq" joined by underscores, the longer of table and column
// shortened first when the whole exceeds 63 bytes.
func SerialSequenceName(table, column string) string {
	const avail = 63 - len("_seq") - 1
	t, c := table, column
	for len(t)+len(c) > avail {
		if len(t) > len(c) {
			t = clipBytes(t, len(t)-1)
		} else {
			c = clipBytes(c, len(c)-1)
		}
	}
	return t + "_" + c + "_seq"
}

// clipBytes cuts s to at most n bytes on a character boundary.
func clipBytes(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// A Role is a role that the desired state declares. schemactl creates or
// drops a role in a user's database only when asked to; in a throwaway dev
// database it creates the roles a state refers to, NOLOGIN.
type Role struct {
	Name      string
	Login     bool
	Inherit   bool // default true
	MemberOf  []string
	Comment   string
	DeclRange hcl.Range
}

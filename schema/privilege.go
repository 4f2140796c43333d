package schema

import "github.com/hashicorp/hcl/v2"

// A Privilege is one grant of privileges on an object to a role: GRANT
// SELECT, INSERT ON TABLE public.t TO app. Privileges are managed only when
// the desired state declares some (or the user asks for it): a database's
// existing grants are otherwise left alone.
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
type DefaultPrivilege struct {
	Role       string // FOR ROLE; the role that creates the objects
	Schema     string // IN SCHEMA; "" for all schemas
	ObjectType string // "TABLES", "SEQUENCES", "FUNCTIONS", "TYPES", "SCHEMAS"
	Grantee    string
	Privileges []string
	Grantable  []string
	DeclRange  hcl.Range
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

package schema

import "github.com/hashicorp/hcl/v2"

// A Policy is a row level security policy of a table. It takes effect only
// while row level security is enabled on the table (Table.RowSecurity).
type Policy struct {
	Name string
	// Restrictive reports AS RESTRICTIVE; policies are PERMISSIVE by default.
	Restrictive bool
	// Command is "ALL" (the default), "SELECT", "INSERT", "UPDATE" or "DELETE".
	Command string
	// Roles are the roles the policy applies to, sorted; "PUBLIC" for all
	// roles (the default).
	Roles     []string
	Using     Expr
	WithCheck Expr
	Comment   string
	DeclRange hcl.Range
}

// Policy returns the policy with the given name.
func (t *Table) Policy(name string) (*Policy, bool) { return find(t.Policies, name, policyName) }

func policyName(p *Policy) string { return p.Name }

package plan

import (
	"slices"
	"strings"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// policyChange plans row level security and policies. They come late
// (phRowSecurity, phPolicy), after the functions and tables their
// expressions may name; drops come early (phDropPolicy), before the columns
// and functions they use are dropped or changed.
func (b *builder) policyChange(c diff.Change) {
	switch c := c.(type) {
	case *diff.SetRowSecurity:
		q := c.Table.QualifiedName()
		if c.Enabled {
			b.add(phRowSecurity, c, "enable row level security on "+q.String(), "ALTER TABLE "+qname(q)+" ENABLE ROW LEVEL SECURITY")
		} else {
			b.add(phRowSecurity, c, "disable row level security on "+q.String(), "ALTER TABLE "+qname(q)+" DISABLE ROW LEVEL SECURITY")
		}
	case *diff.SetForceRowSecurity:
		q := c.Table.QualifiedName()
		if c.Forced {
			b.add(phRowSecurity, c, "apply the row level security of "+q.String()+" to its owner too", "ALTER TABLE "+qname(q)+" FORCE ROW LEVEL SECURITY")
		} else {
			b.add(phRowSecurity, c, "exempt the owner of "+q.String()+" from its row level security", "ALTER TABLE "+qname(q)+" NO FORCE ROW LEVEL SECURITY")
		}
	case *diff.CreatePolicy:
		q := c.Table.QualifiedName()
		b.add(phPolicy, c, "create policy "+ident(c.Policy.Name)+" on "+q.String(), createPolicy(q, c.Policy))
		if c.Policy.Comment != "" {
			b.add(phComment, c, "comment on policy "+ident(c.Policy.Name)+" on "+q.String(), commentOnPolicy(q, c.Policy))
		}
	case *diff.DropPolicy:
		// The table may be renamed later in the plan; this runs before.
		q := c.Table.QualifiedName()
		b.add(phDropPolicy, c, "drop policy "+ident(c.Policy.Name)+" on "+q.String(),
			"DROP POLICY "+ident(c.Policy.Name)+" ON "+qname(q))
	case *diff.AlterPolicy:
		q := c.Table.QualifiedName()
		from, to := c.From, c.To
		var clauses []string
		if !slices.Equal(policyRoles(from), policyRoles(to)) {
			clauses = append(clauses, "TO "+roleList(to))
		}
		if from.Using != to.Using {
			clauses = append(clauses, "USING ("+string(to.Using)+")")
		}
		if from.WithCheck != to.WithCheck {
			clauses = append(clauses, "WITH CHECK ("+string(to.WithCheck)+")")
		}
		if len(clauses) > 0 {
			b.add(phPolicy, c, "alter policy "+ident(to.Name)+" on "+q.String(),
				"ALTER POLICY "+ident(to.Name)+" ON "+qname(q)+" "+strings.Join(clauses, " "))
		}
		if from.Comment != to.Comment {
			b.add(phComment, c, "comment on policy "+ident(to.Name)+" on "+q.String(), commentOnPolicy(q, to))
		}
	}
}

// createPolicy renders CREATE POLICY, leaving out the clauses that hold
// their defaults (PERMISSIVE, FOR ALL, TO PUBLIC).
func createPolicy(q schema.QualifiedName, p *schema.Policy) string {
	var sb strings.Builder
	sb.WriteString("CREATE POLICY " + ident(p.Name) + " ON " + qname(q))
	if p.Restrictive {
		sb.WriteString(" AS RESTRICTIVE")
	}
	if cmd := strings.ToUpper(p.Command); cmd != "" && cmd != "ALL" {
		sb.WriteString(" FOR " + cmd)
	}
	if roles := policyRoles(p); !slices.Equal(roles, []string{"PUBLIC"}) {
		sb.WriteString(" TO " + roleList(p))
	}
	if p.Using != "" {
		sb.WriteString(" USING (" + string(p.Using) + ")")
	}
	if p.WithCheck != "" {
		sb.WriteString(" WITH CHECK (" + string(p.WithCheck) + ")")
	}
	return sb.String()
}

func commentOnPolicy(q schema.QualifiedName, p *schema.Policy) string {
	val := "NULL"
	if p.Comment != "" {
		val = literal(p.Comment)
	}
	return "COMMENT ON POLICY " + ident(p.Name) + " ON " + qname(q) + " IS " + val
}

// policyRoles returns the roles of a policy sorted, PUBLIC when unset.
func policyRoles(p *schema.Policy) []string {
	if len(p.Roles) == 0 {
		return []string{"PUBLIC"}
	}
	return slices.Sorted(slices.Values(p.Roles))
}

// roleList renders the roles of a policy for TO: PUBLIC is a keyword, not
// a role name, and stays bare.
func roleList(p *schema.Policy) string {
	roles := policyRoles(p)
	out := make([]string, len(roles))
	for i, r := range roles {
		if r == "PUBLIC" {
			out[i] = r
		} else {
			out[i] = ident(r)
		}
	}
	return strings.Join(out, ", ")
}

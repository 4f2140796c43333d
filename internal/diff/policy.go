package diff

import (
	"slices"

	"github.com/schemactl/schemactl/schema"
)

// Row level security and policies. They are top-level changes, not part of
// AlterTable, because the plan runs them late (after the functions their
// expressions may call) and for created tables too.
type (
	// SetRowSecurity is ALTER TABLE ... ENABLE (Enabled) or DISABLE ROW
	// LEVEL SECURITY. Table is the desired table.
	SetRowSecurity struct {
		Table   *schema.Table
		Enabled bool
	}
	// SetForceRowSecurity is ALTER TABLE ... FORCE (Forced) or NO FORCE
	// ROW LEVEL SECURITY: whether the table's owner is subject to its
	// policies too.
	SetForceRowSecurity struct {
		Table  *schema.Table
		Forced bool
	}
	// CreatePolicy creates a policy on a table (the desired one).
	CreatePolicy struct {
		Table  *schema.Table
		Policy *schema.Policy
	}
	// DropPolicy drops a policy of a table that the plan keeps (the
	// current table; a dropped table's policies go with it).
	DropPolicy struct {
		Table  *schema.Table
		Policy *schema.Policy
	}
	// AlterPolicy changes the roles, USING or WITH CHECK expression, or the
	// comment of a policy in place (ALTER POLICY, COMMENT ON POLICY). A
	// change of command or of PERMISSIVE/RESTRICTIVE, which ALTER POLICY
	// cannot make, and the removal of an expression, which it cannot
	// express, are a DropPolicy and a CreatePolicy instead. Table is the
	// desired table.
	AlterPolicy struct {
		Table    *schema.Table
		From, To *schema.Policy
	}
)

func (*SetRowSecurity) change()      {}
func (*SetForceRowSecurity) change() {}
func (*CreatePolicy) change()        {}
func (*DropPolicy) change()          {}
func (*AlterPolicy) change()         {}

func policyName(p *schema.Policy) string { return p.Name }

// rowSecurity compares the row level security switches and the policies of
// a table, created, dropped or kept.
func (d *differ) rowSecurity(td *tableDiff) {
	ft, tt := td.from, td.to
	if tt == nil {
		return // DROP TABLE drops its policies
	}
	if ft == nil {
		ft = &schema.Table{}
	}
	if ft.RowSecurity != tt.RowSecurity {
		d.add(&SetRowSecurity{Table: tt, Enabled: tt.RowSecurity})
	}
	if ft.ForceRowSecurity != tt.ForceRowSecurity {
		d.add(&SetForceRowSecurity{Table: tt, Forced: tt.ForceRowSecurity})
	}
	// A column a policy uses cannot be dropped or change its type while
	// the policy exists: such policies are dropped first and created again.
	changed := map[string]bool{}
	for _, cp := range td.columns {
		switch {
		case cp.from == nil:
		case cp.to == nil || cp.recreate != "":
			changed[cp.from.Name] = true
		case columnChanges(cp.from, cp.to)&(ChangeType|ChangeCollation) != 0:
			changed[cp.from.Name] = true
		}
	}
	usesChanged := func(p *schema.Policy) bool {
		for _, id := range identifiers(string(p.Using) + " " + string(p.WithCheck)) {
			if changed[id] {
				return true
			}
		}
		return false
	}
	for _, fp := range sorted(ft.Policies, policyName) {
		tp, ok := findPolicy(tt.Policies, fp.Name)
		if !ok || !alterablePolicy(fp, tp) || usesChanged(fp) {
			d.add(&DropPolicy{Table: td.from, Policy: fp})
		}
	}
	for _, tp := range sorted(tt.Policies, policyName) {
		fp, ok := findPolicy(ft.Policies, tp.Name)
		switch {
		case !ok || !alterablePolicy(fp, tp) || usesChanged(fp):
			d.add(&CreatePolicy{Table: tt, Policy: tp})
		case !slices.Equal(policyRoles(fp), policyRoles(tp)) || fp.Using != tp.Using || fp.WithCheck != tp.WithCheck || fp.Comment != tp.Comment:
			d.add(&AlterPolicy{Table: tt, From: fp, To: tp})
		}
	}
}

// alterablePolicy reports whether ALTER POLICY can turn policy a into b:
// the command and PERMISSIVE/RESTRICTIVE stay, and neither expression is
// removed (ALTER POLICY can set USING and WITH CHECK but not unset them).
func alterablePolicy(a, b *schema.Policy) bool {
	return policyCommand(a) == policyCommand(b) && a.Restrictive == b.Restrictive &&
		(a.Using == "" || b.Using != "") && (a.WithCheck == "" || b.WithCheck != "")
}

// policyRoles returns the roles of a policy sorted, PUBLIC when unset.
func policyRoles(p *schema.Policy) []string {
	if len(p.Roles) == 0 {
		return []string{"PUBLIC"}
	}
	return slices.Sorted(slices.Values(p.Roles))
}

// policyCommand returns the command of a policy, ALL when unset.
func policyCommand(p *schema.Policy) string { return method(p.Command, "ALL") }

func findPolicy(ps []*schema.Policy, name string) (*schema.Policy, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}

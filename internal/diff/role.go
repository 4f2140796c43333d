package diff

import (
	"slices"

	"github.com/schemactl/schemactl/schema"
)

// Roles, managed only when Options.ManageRoles asks: a role is cluster-wide,
// shared by every database of the server, so creating or changing one is
// never a side effect of a schema change. Only the roles the desired realm
// declares are compared; a role it does not declare is left alone, and no
// role is ever dropped.
type (
	// CreateRole creates Role with its LOGIN and INHERIT attributes.
	CreateRole struct{ Role *schema.Role }
	// AlterRole sets the attributes of a role that differ from From's.
	AlterRole struct{ From, To *schema.Role }
	// GrantMembership makes Member a member of Role.
	GrantMembership struct{ Role, Member string }
	// RevokeMembership takes Member out of Role.
	RevokeMembership struct{ Role, Member string }
	// CommentOnRole sets (or, when empty, removes) a role's comment.
	CommentOnRole struct {
		Role    string
		Comment string
	}
)

func (*CreateRole) change()       {}
func (*AlterRole) change()        {}
func (*GrantMembership) change()  {}
func (*RevokeMembership) change() {}
func (*CommentOnRole) change()    {}

// roles compares the declared roles of the desired realm with the same
// roles of the current one (which holds, when roles are managed, what the
// server has of the declared ones; see inspect.Roles).
func (d *differ) roles() {
	if !d.opts.ManageRoles {
		return
	}
	current := map[string]*schema.Role{}
	for _, r := range d.from.Roles {
		current[r.Name] = r
	}
	for _, t := range sorted(d.to.Roles, func(r *schema.Role) string { return r.Name }) {
		f, ok := current[t.Name]
		if !ok {
			d.add(&CreateRole{Role: t})
			f = &schema.Role{Name: t.Name, Inherit: true}
		} else if f.Login != t.Login || f.Inherit != t.Inherit {
			d.add(&AlterRole{From: f, To: t})
		}
		for _, g := range sortedStrings(t.MemberOf) {
			if !slices.Contains(f.MemberOf, g) {
				d.add(&GrantMembership{Role: g, Member: t.Name})
			}
		}
		for _, g := range sortedStrings(f.MemberOf) {
			if !slices.Contains(t.MemberOf, g) {
				d.add(&RevokeMembership{Role: g, Member: t.Name})
			}
		}
		if f.Comment != t.Comment {
			d.add(&CommentOnRole{Role: t.Name, Comment: t.Comment})
		}
	}
}

// sortedStrings returns a sorted copy of names.
func sortedStrings(names []string) []string {
	return slices.Sorted(slices.Values(names))
}

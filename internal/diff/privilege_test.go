package diff_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// grantLines prints the privilege changes of changes, one a line.
func grantLines(changes []diff.Change) []string {
	var out []string
	for _, c := range changes {
		switch c := c.(type) {
		case *diff.Grant:
			out = append(out, fmt.Sprintf("grant %s on %s %q to %s option=%v %s", strings.Join(c.Privileges, ","), c.On, c.Column, c.Grantee, c.WithGrantOption, c.Reason))
		case *diff.Revoke:
			out = append(out, fmt.Sprintf("revoke %s on %s %q from %s optiononly=%v defaults=%v", strings.Join(c.Privileges, ","), c.On, c.Column, c.Grantee, c.GrantOptionOnly, c.FromDefaults))
		case *diff.GrantDefault:
			out = append(out, fmt.Sprintf("grant default %s on %s for %s in %q to %s option=%v", strings.Join(c.Privileges, ","), c.ObjectType, c.Role, c.Schema, c.Grantee, c.WithGrantOption))
		case *diff.RevokeDefault:
			out = append(out, fmt.Sprintf("revoke default %s on %s for %s in %q from %s optiononly=%v", strings.Join(c.Privileges, ","), c.ObjectType, c.Role, c.Schema, c.Grantee, c.GrantOptionOnly))
		}
	}
	return out
}

func privRealm(privs []*schema.Privilege, defaults ...*schema.DefaultPrivilege) *schema.Realm {
	r := &schema.Realm{Schemas: []*schema.Schema{{
		Name:      "public",
		Tables:    []*schema.Table{{Name: "t", Columns: []*schema.Column{{Name: "a", Type: "integer"}, {Name: "b", Type: "text"}}}},
		Functions: []*schema.Function{{Name: "f", Language: "sql", Returns: "integer", Body: "SELECT 1"}},
	}}, Privileges: privs, DefaultPrivileges: defaults}
	r.Link()
	return r
}

var (
	tRef = schema.ObjectRef{Kind: schema.KindTable, Schema: "public", Name: "t"}
	fRef = schema.ObjectRef{Kind: schema.KindFunction, Schema: "public", Name: "f"}
)

func TestPrivileges(t *testing.T) {
	tests := []struct {
		name     string
		from, to *schema.Realm
		opts     diff.Options
		want     []string
	}{{
		name: "undeclared grants are left alone",
		from: privRealm([]*schema.Privilege{{On: tRef, Grantee: "app", Privileges: []string{"SELECT"}},
			{On: fRef, Grantee: "PUBLIC"}}, &schema.DefaultPrivilege{Role: "o", ObjectType: "TABLES", Grantee: "app", Privileges: []string{"SELECT"}}),
		to: privRealm(nil),
	}, {
		name: "--manage-privileges revokes what the desired state lacks",
		from: privRealm([]*schema.Privilege{{On: tRef, Grantee: "app", Privileges: []string{"SELECT"}},
			{On: fRef, Grantee: "PUBLIC"}}, &schema.DefaultPrivilege{Role: "o", ObjectType: "TABLES", Grantee: "app", Privileges: []string{"SELECT"}}),
		to:   privRealm(nil),
		opts: diff.Options{ManagePrivileges: true},
		want: []string{
			`grant EXECUTE on function public.f() "" to PUBLIC option=false `,
			`revoke SELECT on table public.t "" from app optiononly=false defaults=false`,
			`revoke default SELECT on TABLES for o in "" from app optiononly=false`,
		},
	}, {
		name: "one declared grant manages them all",
		from: privRealm([]*schema.Privilege{{On: tRef, Grantee: "app", Privileges: []string{"SELECT"}}}),
		to:   privRealm([]*schema.Privilege{{On: tRef, Grantee: "ops", Privileges: []string{"TRUNCATE"}}}),
		want: []string{
			`revoke SELECT on table public.t "" from app optiononly=false defaults=false`,
			`grant TRUNCATE on table public.t "" to ops option=false `,
		},
	}, {
		name: "grant option added and removed",
		from: privRealm([]*schema.Privilege{{On: tRef, Grantee: "a", Privileges: []string{"SELECT", "UPDATE"}, Grantable: []string{"UPDATE"}}}),
		to:   privRealm([]*schema.Privilege{{On: tRef, Grantee: "a", Privileges: []string{"SELECT", "UPDATE"}, Grantable: []string{"SELECT"}}}),
		want: []string{
			`revoke UPDATE on table public.t "" from a optiononly=true defaults=false`,
			`grant SELECT on table public.t "" to a option=true `,
		},
	}, {
		name: "revoke of a default runs after the object exists",
		from: privRealm(nil),
		to:   privRealm([]*schema.Privilege{{On: fRef, Grantee: "PUBLIC"}}),
		want: []string{`revoke EXECUTE on function public.f() "" from PUBLIC optiononly=false defaults=true`},
	}, {
		name: "an entry equal to the defaults is no change",
		from: privRealm(nil),
		to:   privRealm([]*schema.Privilege{{On: fRef, Grantee: "PUBLIC", Privileges: []string{"EXECUTE"}}}),
	}, {
		name: "a table-level revoke is followed by the column grant that stays",
		from: privRealm([]*schema.Privilege{{On: tRef, Grantee: "r", Privileges: []string{"SELECT"}},
			{On: tRef, Column: "a", Grantee: "r", Privileges: []string{"SELECT"}}}),
		to: privRealm([]*schema.Privilege{{On: tRef, Column: "a", Grantee: "r", Privileges: []string{"SELECT"}}}),
		want: []string{
			`revoke SELECT on table public.t "" from r optiononly=false defaults=false`,
			`grant SELECT on table public.t "a" to r option=false `,
		},
	}, {
		name: "grants on an object the desired realm lacks go with it",
		from: privRealm([]*schema.Privilege{{On: schema.ObjectRef{Kind: schema.KindTable, Schema: "public", Name: "gone"}, Grantee: "r", Privileges: []string{"SELECT"}}}),
		to:   privRealm([]*schema.Privilege{{On: tRef, Grantee: "r", Privileges: []string{"SELECT"}}}),
		want: []string{`grant SELECT on table public.t "" to r option=false `},
	}, {
		name: "grants in an unmanaged schema are left alone",
		from: privRealm([]*schema.Privilege{{On: schema.ObjectRef{Kind: schema.KindTable, Schema: "other", Name: "x"}, Grantee: "r", Privileges: []string{"SELECT"}},
			{On: schema.ObjectRef{Kind: schema.KindSchema, Name: "other"}, Grantee: "r", Privileges: []string{"USAGE"}}}),
		to:   privRealm(nil),
		opts: diff.Options{ManagePrivileges: true},
	}, {
		name: "default privileges: revoke a default for all schemas, grant in a schema",
		from: privRealm(nil),
		to: privRealm([]*schema.Privilege{}, &schema.DefaultPrivilege{Role: "o", ObjectType: "FUNCTIONS", Grantee: "PUBLIC"},
			&schema.DefaultPrivilege{Role: "o", Schema: "public", ObjectType: "SEQUENCES", Grantee: "app", Privileges: []string{"USAGE"}, Grantable: []string{"USAGE"}}),
		want: []string{
			`revoke default EXECUTE on FUNCTIONS for o in "" from PUBLIC optiononly=false`,
			`grant default USAGE on SEQUENCES for o in "public" to app option=true`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, err := diff.Realms(tt.from, tt.to, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, grantLines(changes)); d != "" {
				t.Errorf("changes (-want +got):\n%s", d)
			}
		})
	}
}

// TestPrivilegesRecreated checks that an object the plan drops and creates
// again gets all its grants again, whatever the current realm says.
func TestPrivilegesRecreated(t *testing.T) {
	grants := []*schema.Privilege{{On: fRef, Grantee: "PUBLIC"}, {On: fRef, Grantee: "app", Privileges: []string{"EXECUTE"}}}
	from := privRealm(grants)
	to := privRealm(grants)
	to.Schemas[0].Functions[0].Returns = "bigint" // a new result type: DROP and CREATE
	changes, err := diff.Realms(from, to, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`revoke EXECUTE on function public.f() "" from PUBLIC optiononly=false defaults=true`,
		`grant EXECUTE on function public.f() "" to app option=false grant again: function public.f() is created again`,
	}
	if d := cmp.Diff(want, grantLines(changes)); d != "" {
		t.Errorf("changes (-want +got):\n%s", d)
	}
}

package inspect_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/schema"
)

// TestRoles reads the attributes of the roles asked for, and only those;
// roles are cluster-wide, so the test's names are its own.
func TestRoles(t *testing.T) {
	ctx := context.Background()
	conn := connect(t, pgtest.New(t))
	const setup = `
CREATE ROLE insp_group_a;
CREATE ROLE insp_group_b;
CREATE ROLE insp_app LOGIN NOINHERIT IN ROLE insp_group_b, insp_group_a;
CREATE ROLE insp_other;
COMMENT ON ROLE insp_app IS 'the service';
`
	if _, err := conn.Exec(ctx, setup); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Exec(context.Background(), "DROP ROLE insp_app; DROP ROLE insp_other; DROP ROLE insp_group_a; DROP ROLE insp_group_b")
	})
	got, err := inspect.Roles(ctx, conn, []string{"insp_group_a", "insp_app", "insp_missing"})
	if err != nil {
		t.Fatal(err)
	}
	want := []*schema.Role{
		{Name: "insp_app", Login: true, Inherit: false, MemberOf: []string{"insp_group_a", "insp_group_b"}, Comment: "the service"},
		{Name: "insp_group_a", Inherit: true},
	}
	if d := cmp.Diff(want, got, modelCmp); d != "" {
		t.Errorf("roles (-want +got):\n%s", d)
	}
	if none, err := inspect.Roles(ctx, conn, nil); err != nil || none != nil {
		t.Errorf("Roles(nil) = %v, %v", none, err)
	}
}

package inspect_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/schema"
)

// TestPrivileges checks that inspect reads grants as differences from
// PostgreSQL's defaults: owners left out, PUBLIC's EXECUTE on functions,
// USAGE on types and USAGE on schema public unlisted, revokes of those listed with no
// privileges, grantors merged, grant options per privilege.
func TestPrivileges(t *testing.T) {
	t.Parallel()
	got, _ := inspectSQL(t, `
DO $$ BEGIN CREATE ROLE insp_prv_a NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE insp_prv_b NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE t (id bigserial PRIMARY KEY, email text);
CREATE VIEW v AS SELECT id FROM t;
CREATE SEQUENCE s;
CREATE FUNCTION open_f() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION shut_f(a int, VARIADIC b text[]) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';
GRANT SELECT, INSERT ON t TO insp_prv_a;
GRANT UPDATE ON t TO insp_prv_a WITH GRANT OPTION;
GRANT SELECT (email) ON t TO insp_prv_b;
GRANT USAGE ON SEQUENCE t_id_seq TO insp_prv_b;
GRANT SELECT ON v TO PUBLIC;
GRANT USAGE ON SEQUENCE s TO insp_prv_a;
GRANT EXECUTE ON FUNCTION open_f() TO insp_prv_a;
REVOKE EXECUTE ON FUNCTION shut_f(int, text[]) FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE p() FROM PUBLIC;
GRANT USAGE ON SCHEMA app TO insp_prv_b;
CREATE TYPE status AS ENUM ('a');
CREATE DOMAIN code AS text;
CREATE TYPE pair AS (a int, b int);
REVOKE USAGE ON TYPE status FROM PUBLIC;
GRANT USAGE ON DOMAIN code TO insp_prv_a WITH GRANT OPTION;
GRANT USAGE ON TYPE pair TO insp_prv_b;
GRANT USAGE ON TYPE t TO insp_prv_b;
REVOKE ALL ON t FROM CURRENT_USER;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO insp_prv_a WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE insp_prv_a GRANT USAGE ON SEQUENCES TO insp_prv_b;
`, inspect.Options{Schemas: []string{"public", "app"}})
	table := schema.ObjectRef{Kind: schema.KindTable, Schema: "public", Name: "t"}
	want := []*schema.Privilege{
		{On: schema.ObjectRef{Kind: schema.KindFunction, Schema: "public", Name: "open_f"}, Grantee: "insp_prv_a", Privileges: []string{"EXECUTE"}},
		{On: schema.ObjectRef{Kind: schema.KindFunction, Schema: "public", Name: "shut_f", Args: "integer, VARIADIC text[]"}, Grantee: "PUBLIC"},
		{On: schema.ObjectRef{Kind: schema.KindProcedure, Schema: "public", Name: "p"}, Grantee: "PUBLIC"},
		{On: schema.ObjectRef{Kind: schema.KindSchema, Name: "app"}, Grantee: "insp_prv_b", Privileges: []string{"USAGE"}},
		{On: schema.ObjectRef{Kind: schema.KindSequence, Schema: "public", Name: "s"}, Grantee: "insp_prv_a", Privileges: []string{"USAGE"}},
		// The serial column's sequence is not a Sequence; its grant stays.
		{On: schema.ObjectRef{Kind: schema.KindSequence, Schema: "public", Name: "t_id_seq"}, Grantee: "insp_prv_b", Privileges: []string{"USAGE"}},
		// Types: PUBLIC's USAGE is the default; a table's row type is
		// not a type of the model.
		{On: schema.ObjectRef{Kind: schema.KindType, Schema: "public", Name: "status"}, Grantee: "PUBLIC"},
		{On: schema.ObjectRef{Kind: schema.KindType, Schema: "public", Name: "code"}, Grantee: "insp_prv_a", Privileges: []string{"USAGE"}, Grantable: []string{"USAGE"}},
		{On: schema.ObjectRef{Kind: schema.KindType, Schema: "public", Name: "pair"}, Grantee: "insp_prv_b", Privileges: []string{"USAGE"}},
		{On: table, Grantee: "insp_prv_a", Privileges: []string{"INSERT", "SELECT", "UPDATE"}, Grantable: []string{"UPDATE"}},
		{On: table, Column: "email", Grantee: "insp_prv_b", Privileges: []string{"SELECT"}},
		{On: schema.ObjectRef{Kind: schema.KindView, Schema: "public", Name: "v"}, Grantee: "PUBLIC", Privileges: []string{"SELECT"}},
	}
	if d := cmp.Diff(want, got.Privileges, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b *schema.Privilege) bool {
		return a.On.String()+a.Column+a.Grantee < b.On.String()+b.Column+b.Grantee
	})); d != "" {
		t.Errorf("privileges (-want +got):\n%s", d)
	}
	// The entries FOR ROLE the current user: its name depends on the
	// server, so it is blanked.
	var gotDefaults []schema.DefaultPrivilege
	for _, p := range got.DefaultPrivileges {
		x := *p
		if x.Role != "insp_prv_a" {
			x.Role = ""
		}
		gotDefaults = append(gotDefaults, x)
	}
	wantDefaults := []schema.DefaultPrivilege{
		{Schema: "", ObjectType: "FUNCTIONS", Grantee: "PUBLIC"},
		{Schema: "app", ObjectType: "TABLES", Grantee: "insp_prv_a", Privileges: []string{"SELECT"}, Grantable: []string{"SELECT"}},
		{Role: "insp_prv_a", ObjectType: "SEQUENCES", Grantee: "insp_prv_b", Privileges: []string{"USAGE"}},
	}
	if d := cmp.Diff(wantDefaults, gotDefaults, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b schema.DefaultPrivilege) bool {
		return a.Role+a.Schema+a.ObjectType < b.Role+b.Schema+b.ObjectType
	})); d != "" {
		t.Errorf("default privileges (-want +got):\n%s", d)
	}
}

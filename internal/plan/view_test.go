package plan

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/schema"
)

// rawRealm is a realm as HCL decodes it: views without DependsOn, with a
// declaration range, named in an order that is not the dependency order.
func rawRealm(views ...*schema.View) *schema.Realm {
	r := &schema.Realm{Schemas: []*schema.Schema{{Name: "public",
		Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{{Name: "id", Type: "integer"}}}},
		Views:  views,
	}}}
	for _, v := range views {
		v.DeclRange = hcl.Range{Filename: "schema.hcl", Start: hcl.Pos{Line: 1, Column: 1}}
	}
	r.Link()
	return r
}

func dumpSQL(t *testing.T, r *schema.Realm) []string {
	t.Helper()
	steps, err := dumpSteps(r)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range steps {
		out = append(out, s.SQL)
	}
	return out
}

// TestRawViewOrder checks that views decoded from HCL (no DependsOn) are
// created after the views their queries name, unqualified names included.
func TestRawViewOrder(t *testing.T) {
	r := rawRealm(
		&schema.View{Name: "a", Query: "SELECT id FROM b"},
		&schema.View{Name: "b", Query: "SELECT id FROM public.c WHERE id > 0"},
		&schema.View{Name: "c", Query: "WITH a AS (SELECT 1) SELECT id FROM t"},
	)
	got := strings.Join(dumpSQL(t, r), "\n")
	ic, ib, ia := strings.Index(got, `VIEW public.c`), strings.Index(got, `VIEW public.b`), strings.Index(got, `VIEW public.a`)
	if ic < 0 || ib < ic || ia < ib {
		t.Errorf("views not in dependency order:\n%s", got)
	}
}

// TestViewCycle checks that views that use each other are refused with
// the objects named.
func TestViewCycle(t *testing.T) {
	r := rawRealm(
		&schema.View{Name: "a", Query: "SELECT id FROM b"},
		&schema.View{Name: "b", Query: "SELECT id FROM a"},
	)
	_, err := dumpSteps(r)
	if err == nil || !strings.Contains(err.Error(), "relation public.a -> relation public.b -> relation public.a") {
		t.Fatalf("err = %v, want a cycle naming both views", err)
	}
}

// TestDropViewOrder checks that views are dropped before the views they
// read, from the DependsOn an inspected realm has.
func TestDropViewOrder(t *testing.T) {
	dep := func(name string) []schema.ObjectRef {
		return []schema.ObjectRef{{Kind: schema.KindColumn, Schema: "public", Name: name, Column: "id"}}
	}
	from := &schema.Realm{Schemas: []*schema.Schema{{Name: "public", Views: []*schema.View{
		{Name: "a", Query: "SELECT 1", DependsOn: dep("b")},
		{Name: "b", Query: "SELECT 1", DependsOn: dep("z")},
		{Name: "z", Query: "SELECT 1", DependsOn: dep("t")},
	}}}}
	from.Link()
	changes, err := diff.Realms(from, &schema.Realm{Schemas: []*schema.Schema{{Name: "public"}}}, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(changes, Options{From: from})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.Statements {
		if strings.HasPrefix(s.SQL, "DROP VIEW") {
			got = append(got, s.SQL)
		}
	}
	want := "DROP VIEW public.a,DROP VIEW public.b,DROP VIEW public.z"
	if strings.Join(got, ",") != want {
		t.Errorf("drops = %q, want %q", got, want)
	}
}

// TestCreateViewSQL checks the statements of views and materialized views.
func TestCreateViewSQL(t *testing.T) {
	s := &schema.Schema{Name: "public"}
	v := &schema.View{Schema: s, Name: "v", Columns: []*schema.ViewColumn{{Name: "id"}, {Name: "Name"}},
		Query: "SELECT id, name FROM t -- trailing\n;", CheckOption: schema.CheckOptionLocal, SecurityBarrier: true}
	want := "CREATE OR REPLACE VIEW public.v (id, \"Name\") WITH (check_option=local, security_barrier=true) AS\nSELECT id, name FROM t -- trailing"
	if got := createViewSQL(v, true); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	mv := &schema.View{Schema: s, Name: "mv", Materialized: true, Query: "SELECT 1 AS one -- x", WithNoData: true,
		StorageParams: []schema.StorageParam{{Name: "fillfactor", Value: "70"}}}
	want = "CREATE MATERIALIZED VIEW public.mv WITH (fillfactor=70) AS\nSELECT 1 AS one -- x\nWITH NO DATA"
	if got := createViewSQL(mv, false); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestRecreateMaterializedView checks that a materialized view that must be
// recreated says why on both statements and that its data is rebuilt
// under the lock of the DROP.
func TestRecreateMaterializedView(t *testing.T) {
	s := &schema.Schema{Name: "public"}
	from := &schema.View{Schema: s, Name: "mv", Materialized: true, Query: "SELECT 1 AS a"}
	to := &schema.View{Schema: s, Name: "mv", Materialized: true, Query: "SELECT 2 AS a",
		Indexes: []*schema.Index{{Name: "mv_a", Unique: true, Parts: []*schema.IndexPart{{Column: "a"}}}}}
	before := &schema.Realm{Schemas: []*schema.Schema{{Name: "public", Views: []*schema.View{from}}}}
	before.Link()
	p, err := Build([]diff.Change{&diff.RecreateView{From: from, To: to, Reason: "its query changes"}}, Options{From: before})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range p.Statements {
		if st.Source != nil {
			got = append(got, st.Comment+" | "+st.SQL+" | "+strings.Join(st.Notes, "; "))
		}
	}
	if len(got) != 3 ||
		!strings.HasPrefix(got[0], "drop materialized view public.mv first: its query changes | DROP MATERIALIZED VIEW public.mv") ||
		!strings.HasPrefix(got[1], "recreate materialized view public.mv: its query changes | CREATE MATERIALIZED VIEW") ||
		!strings.Contains(got[1], "is rebuilt: its query runs in full while the ACCESS EXCLUSIVE lock of the DROP") ||
		!strings.Contains(got[2], "CREATE UNIQUE INDEX mv_a ON public.mv (a)") {
		t.Errorf("statements:\n%s", strings.Join(got, "\n"))
	}
}

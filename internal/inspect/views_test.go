package inspect_test

import (
	"testing"

	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/schema"
)

// TestViews checks what inspect reads of views and materialized views:
// the stored body, columns with types and comments, options, population,
// storage parameters, indexes, and what the query depends on.
func TestViews(t *testing.T) {
	t.Parallel()
	// security_invoker is a view option of PostgreSQL 15 and later.
	invoker := pgtest.Major(t) >= 15
	vvOptions := ""
	if invoker {
		vvOptions = "WITH (security_invoker = on) "
	}
	realm, unsupported := inspectSQL(t, `
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE "C", n numeric);
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE VIEW v WITH (security_barrier, check_option = cascaded) AS SELECT id, name FROM t WHERE id > 0;
COMMENT ON VIEW v IS 'positive';
COMMENT ON COLUMN v.name IS 'the name';
CREATE VIEW vv `+vvOptions+`AS SELECT twice(id) AS d, count(*) OVER () AS c FROM v;
CREATE MATERIALIZED VIEW mv WITH (fillfactor = 70) AS SELECT id, name FROM t WITH NO DATA;
CREATE UNIQUE INDEX mv_id ON mv (id);
CREATE INDEX mv_name ON mv (name COLLATE "default") WHERE id > 1;
COMMENT ON INDEX mv_id IS 'for concurrent refresh';`, inspect.Options{})
	for _, u := range unsupported {
		// Functions are read by another step; this test is about views.
		if u.Kind != "function" {
			t.Errorf("unsupported: %v", u)
		}
	}
	s, _ := realm.Schema("public")
	v, ok := s.View("v")
	if !ok {
		t.Fatal("view v missing")
	}
	if v.Materialized || !v.SecurityBarrier || v.SecurityInvoker || v.CheckOption != schema.CheckOptionCascaded ||
		v.Comment != "positive" || len(v.Columns) != 2 || v.Columns[1].Name != "name" || v.Columns[1].Type != "text" ||
		v.Columns[1].Comment != "the name" || v.Query == "" || v.Schema != s {
		t.Errorf("view v = %+v", v)
	}
	wantDeps := []string{"column public.t.id", "column public.t.name"}
	if got := refStrings(v.DependsOn); !equal(got, wantDeps) {
		t.Errorf("v depends on %q, want %q", got, wantDeps)
	}
	vv, _ := s.View("vv")
	if vv == nil || vv.SecurityInvoker != invoker || vv.SecurityBarrier || vv.Columns[1].Type != "bigint" {
		t.Errorf("view vv = %+v", vv)
	}
	wantDeps = []string{"column public.v.id", "function public.twice(integer)"}
	if got := refStrings(vv.DependsOn); !equal(got, wantDeps) {
		t.Errorf("vv depends on %q, want %q", got, wantDeps)
	}
	mv, _ := s.View("mv")
	if mv == nil || !mv.Materialized || !mv.WithNoData || len(mv.StorageParams) != 1 || mv.StorageParams[0].Value != "70" {
		t.Fatalf("materialized view mv = %+v", mv)
	}
	if len(mv.Indexes) != 2 || mv.Indexes[0].Name != "mv_id" || !mv.Indexes[0].Unique || mv.Indexes[0].Comment != "for concurrent refresh" ||
		mv.Indexes[1].Predicate != "id > 1" || mv.Indexes[1].Parts[0].Collation != `"default"` {
		t.Errorf("indexes of mv = %+v %+v", mv.Indexes[0], mv.Indexes[1])
	}
}

func refStrings(refs []schema.ObjectRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.String()
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

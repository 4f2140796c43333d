package effect_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/internal/effect"
)

func TestQueryNames(t *testing.T) {
	rels, funcs, err := effect.QueryNames(`WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3)
SELECT a.id, app.slugify(a.name), lower(b.x), count(*) FROM accounts a JOIN app.users b USING (id), r, (SELECT * FROM public.t) s
WHERE a.id IN (SELECT id FROM banned)`)
	if err != nil {
		t.Fatal(err)
	}
	wantRels := []effect.Name{{Name: "accounts"}, {Schema: "app", Name: "users"}, {Name: "banned"}, {Schema: "public", Name: "t"}}
	wantFuncs := []effect.Name{{Schema: "app", Name: "slugify"}, {Name: "lower"}, {Name: "count"}}
	if d := cmp.Diff(sortNames(wantRels), sortNames(rels)); d != "" {
		t.Errorf("relations (-want +got):\n%s", d)
	}
	if d := cmp.Diff(sortNames(wantFuncs), sortNames(funcs)); d != "" {
		t.Errorf("functions (-want +got):\n%s", d)
	}
	if _, _, err := effect.QueryNames("SELEC 1"); err == nil {
		t.Error("a syntax error was not reported")
	}
}

func sortNames(ns []effect.Name) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Schema + "." + n.Name
	}
	slices.Sort(out)
	return out
}

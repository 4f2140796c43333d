package diff

import (
	"testing"

	"github.com/schemactl/schemactl/schema"
)

// TestColumnsKept checks when CREATE OR REPLACE VIEW may replace a view.
func TestColumnsKept(t *testing.T) {
	col := func(name, typ string) *schema.ViewColumn { return &schema.ViewColumn{Name: name, Type: typ} }
	tests := []struct {
		from, to []*schema.ViewColumn
		want     string
	}{
		{[]*schema.ViewColumn{col("a", "integer")}, []*schema.ViewColumn{col("a", "integer"), col("b", "text")}, ""},
		{[]*schema.ViewColumn{col("a", "integer"), col("b", "text")}, []*schema.ViewColumn{col("a", "integer")}, "columns are removed"},
		{[]*schema.ViewColumn{col("a", "integer"), col("b", "text")}, []*schema.ViewColumn{col("b", "text"), col("a", "integer")}, `column a is renamed, moved or removed`},
		{[]*schema.ViewColumn{col("a", "integer")}, []*schema.ViewColumn{col("a", "bigint")}, "column a changes type from integer to bigint"},
		{[]*schema.ViewColumn{col("a", "integer")}, []*schema.ViewColumn{col("a", "")}, ""}, // raw HCL: type unknown
	}
	for _, tt := range tests {
		if got := columnsKept(tt.from, tt.to); got != tt.want {
			t.Errorf("columnsKept = %q, want %q", got, tt.want)
		}
	}
}

// TestViewOverRetypedColumn checks that a view over a column whose type
// changes is recreated (its own columns keep their type: it casts), and so
// is the view over that view, each with its reason.
func TestViewOverRetypedColumn(t *testing.T) {
	realm := func(typ string) *schema.Realm {
		r := &schema.Realm{Schemas: []*schema.Schema{{Name: "public",
			Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{{Name: "c", Type: typ}}}},
			Views: []*schema.View{
				{Name: "v", Query: "SELECT t.c FROM public.t", Columns: []*schema.ViewColumn{{Name: "c", Type: "text"}},
					DependsOn: []schema.ObjectRef{{Kind: schema.KindColumn, Schema: "public", Name: "t", Column: "c"}}},
				{Name: "w", Query: "SELECT v.c FROM public.v", Columns: []*schema.ViewColumn{{Name: "c", Type: "text"}},
					DependsOn: []schema.ObjectRef{{Kind: schema.KindColumn, Schema: "public", Name: "v", Column: "c"}}},
			},
		}}}
		r.Link()
		return r
	}
	changes, err := Realms(realm("integer"), realm("bigint"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, c := range changes {
		if rc, ok := c.(*RecreateView); ok {
			reasons[rc.To.Name] = rc.Reason
		}
	}
	if reasons["v"] != "column public.t.c changes type" || reasons["w"] != "view public.v is recreated" {
		t.Errorf("recreated views and reasons: %q", reasons)
	}
}

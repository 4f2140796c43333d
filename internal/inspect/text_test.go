package inspect

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/schema"
)

func TestUnwrapParens(t *testing.T) {
	tests := []struct{ in, want string }{
		{"(a > 0)", "a > 0"},
		{"((a + b))", "a + b"},
		{"a > 0", "a > 0"},
		{"lower(b)", "lower(b)"},
		{"(a > 0) AND (b > 0)", "(a > 0) AND (b > 0)"},
		{"((a > 0) AND (b > 0))", "(a > 0) AND (b > 0)"},
		{"(b <> ')('::text)", "b <> ')('::text"},
		{`("a)" > 0)`, `"a)" > 0`},
		{`(E'\')' = b)`, `E'\')' = b`},
		{"('it''s)' = b)", "'it''s)' = b"},
		{"(a, b)", "(a, b)"},                           // a row constructor keeps its parentheses
		{"((a, b) IS NOT NULL)", "(a, b) IS NOT NULL"}, // but not the pair around it
		{"(a)::text", "(a)::text"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := unwrapParens(tt.in); got != tt.want {
			t.Errorf("unwrapParens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitTopLevel(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"lower(b), (a + 1), md5(b)", []string{"lower(b)", "(a + 1)", "md5(b)"}},
		{"ARRAY[a, 2], substr(b, 1, 2)", []string{"ARRAY[a, 2]", "substr(b, 1, 2)"}},
		{"(b || ','::text), c", []string{"(b || ','::text)", "c"}},
		{`"a,b", c`, []string{`"a,b"`, "c"}},
		{"a", []string{"a"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, splitTopLevel(tt.in)); diff != "" {
			t.Errorf("splitTopLevel(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestSQLName(t *testing.T) {
	tests := []struct{ schema, name, want string }{
		{"pg_catalog", "C", `"C"`},
		{"pg_catalog", "text_pattern_ops", "text_pattern_ops"},
		{"pg_catalog", "en_US.utf8", `"en_US.utf8"`},
		{"public", "gist_trgm_ops", "public.gist_trgm_ops"},
		{"My Schema", "Coll", `"My Schema"."Coll"`},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := sqlName(tt.schema, tt.name); got != tt.want {
			t.Errorf("sqlName(%q, %q) = %q, want %q", tt.schema, tt.name, got, tt.want)
		}
	}
}

func TestStorageParams(t *testing.T) {
	got := storageParams([]string{"fillfactor=70", "autovacuum_enabled=false", "odd"})
	want := []schema.StorageParam{{Name: "autovacuum_enabled", Value: "false"}, {Name: "fillfactor", Value: "70"}, {Name: "odd"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("storageParams mismatch (-want +got):\n%s", diff)
	}
}

package inspect

import (
	"strings"
	"testing"
)

// TestQueryVariants renders every query file for every supported major
// version and checks that a catalog column a version lacks is named only in
// the variants of the versions that have it.
func TestQueryVariants(t *testing.T) {
	// column -> the first major version whose catalogs have it
	newer := map[string]int{
		"prosqlbody":          14,
		"indnullsnotdistinct": 15,
		"confdelsetcols":      15,
		"conenforced":         18,
		"conperiod":           18,
	}
	entries, err := queries.ReadDir("queries")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		for major := 13; major <= 18; major++ {
			text := queryFor(e.Name(), major*10000+1)
			if strings.Contains(text, "{{") || strings.Contains(text, "}}") {
				t.Errorf("%s for %d: template left unrendered", e.Name(), major)
			}
			// Comments may name any column; the SQL may not.
			var sql strings.Builder
			for _, line := range strings.Split(text, "\n") {
				if i := strings.Index(line, "--"); i >= 0 {
					line = line[:i]
				}
				sql.WriteString(line + "\n")
			}
			for col, since := range newer {
				if major < since && strings.Contains(sql.String(), col) {
					t.Errorf("%s for PostgreSQL %d names %s (PostgreSQL %d and later)", e.Name(), major, col, since)
				}
			}
		}
	}
	if a, b := queryFor("indexes.sql", 140000), queryFor("indexes.sql", 150000); a == b {
		t.Error("indexes.sql: the same text for 14 and 15")
	}
}

func TestParseServerVersion(t *testing.T) {
	for in, want := range map[string]int{
		"15.4 (Debian 15.4-1.pgdg120+1)": 150004,
		"16.0":                           160000,
		"17beta1":                        170000,
		"18beta1":                        180000,
		"13.22":                          130022,
		"9.6.24":                         90600,
		"":                               0,
		"devel":                          0,
	} {
		if got := ParseServerVersion(in); got != want {
			t.Errorf("ParseServerVersion(%q) = %d, want %d", in, got, want)
		}
	}
}

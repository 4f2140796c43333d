package lint

import (
	"strings"
	"testing"
)

// TestMayHoldLongIdent checks the pre-filter of identifier-too-long: it
// may say yes too often (the scanner then decides) but never no to a
// statement that holds a long identifier.
func TestMayHoldLongIdent(t *testing.T) {
	long, limit := strings.Repeat("a", 64), strings.Repeat("a", 63)
	for _, c := range []struct {
		sql  string
		want bool
	}{
		{"CREATE TABLE " + long + " (id int)", true},
		{"CREATE TABLE t (" + long + " int)", true},
		{"CREATE TABLE " + limit + " (id int)", false},
		{"CREATE TABLE s." + limit + " (" + limit + " int)", false},
		{`CREATE TABLE "a b" (id int, note text default 'x', created_at timestamptz)`, true},
		{"CREATE TABLE t (id int)", false},
		{"CREATE TABLE t_é" + strings.Repeat("é", 31) + " (id int)", true},
	} {
		if got := mayHoldLongIdent(c.sql); got != c.want {
			t.Errorf("mayHoldLongIdent(%q) = %v, want %v", c.sql, got, c.want)
		}
	}
}

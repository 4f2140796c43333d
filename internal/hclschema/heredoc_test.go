package hclschema

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/schema"
)

// TestHeredocReadsBackFastAgreesWithParse checks the shortcut against the
// parser on every string it decides: generated strings built from the
// characters that matter to a flush heredoc (spaces, tabs, a no-break
// space, newlines, template introducers, the marker's letters), and the
// bodies of TestSQLTextAsHeredoc. It also checks that the shortcut decides
// the common bodies, so that it cannot pass by deciding nothing.
func TestHeredocReadsBackFastAgreesWithParse(t *testing.T) {
	pieces := []string{"a", "b", " ", "  ", "\t", "\u00a0", "\n", "\n", "\n", "$", "{", "%", "S", "Q", "L", "SQL", ";", "'"}
	rng := rand.New(rand.NewPCG(1, 2))
	decided := 0
	for range 30000 {
		var b strings.Builder
		for range 1 + rng.IntN(14) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if !strings.Contains(strings.TrimSpace(s), "\n") {
			continue
		}
		for _, trim := range []bool{false, true} {
			fast, known := heredocReadsBackFast(s, trim)
			if !known {
				continue
			}
			decided++
			if slow := heredocParsesBack(s, trim); fast != slow {
				t.Fatalf("heredoc of %q (trim %v): shortcut says %v, parser %v", s, trim, fast, slow)
			}
		}
	}
	if decided < 5000 {
		t.Errorf("the shortcut decided only %d strings", decided)
	}
	for _, body := range []string{"\nBEGIN\n  RETURN NEW;\nEND;\n", " SELECT a,\n    b\n   FROM t;", "\nBEGIN\n\n  RETURN 1;\n\nEND;\n"} {
		if _, known := heredocReadsBackFast(body, false); !known {
			t.Errorf("the shortcut does not decide the common body %q", body)
		}
	}
}

// BenchmarkEncodeHCLBodies encodes the objects make bench adds to its
// 2,000 tables: 300 plpgsql functions and 500 views, whose bodies span
// lines.
func BenchmarkEncodeHCLBodies(b *testing.B) {
	s := &schema.Schema{Name: "public"}
	for i := range 300 {
		s.Functions = append(s.Functions, &schema.Function{Name: fmt.Sprintf("touch_%03d", i), Language: "plpgsql", Returns: "trigger",
			Body: "\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n"})
	}
	for i := range 500 {
		s.Views = append(s.Views, &schema.View{Name: fmt.Sprintf("v_%03d", i),
			Query: fmt.Sprintf(" SELECT t.col_00,\n    t.col_01\n   FROM table_%04d t\n  WHERE t.col_01 > 0;", i)})
	}
	r := &schema.Realm{Schemas: []*schema.Schema{s}}
	r.Normalize()
	b.ReportAllocs()
	for b.Loop() {
		Encode(r)
	}
}

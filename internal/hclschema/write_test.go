package hclschema

import (
	"strings"
	"testing"

	"github.com/schemactl/schemactl/schema"
)

// TestSQLTextAsHeredoc checks which function bodies and view queries are
// written as heredocs and that every one reads back exactly: a body whose
// indentation or blank lines a heredoc would change, or that holds the
// heredoc's marker, stays a quoted string.
func TestSQLTextAsHeredoc(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		heredoc    bool
	}{
		{"plpgsql", "\nBEGIN\n  RETURN NEW;\nEND;\n", true},
		{"template introducers", "\nBEGIN\n  PERFORM '${x}' || '%{y}';\nEND;\n", true},
		{"backslashes and quotes", "\nBEGIN\n  RAISE NOTICE 'a \\n \"b\"';\nEND;\n", true},
		{"one line", " SELECT 1 ", false},
		{"every line indented", "\n    SELECT 1\n    + 2\n", false},
		{"no final newline", "\nBEGIN\n  RETURN 1;\nEND;", false},
		{"holds the marker", "\nBEGIN\nSQL\nEND;\n", false},
		{"carriage return", "\r\nBEGIN\r\n  RETURN 1;\r\nEND;\r\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &schema.Function{Name: "f", Language: "plpgsql", Returns: "trigger", Body: tc.body}
			r := &schema.Realm{Schemas: []*schema.Schema{{Name: "public", Functions: []*schema.Function{f}}}}
			src := Encode(r)
			if got := strings.Contains(string(src), "<<-SQL"); got != tc.heredoc {
				t.Errorf("heredoc = %v, want %v:\n%s", got, tc.heredoc, src)
			}
			back, diags := DecodeBytes(src, "schema.hcl")
			if diags.HasErrors() {
				t.Fatalf("%v\n%s", diags, src)
			}
			if got := back.Schemas[0].Functions[0].Body; got != tc.body {
				t.Errorf("body reads back as %q, want %q", got, tc.body)
			}
		})
	}
}

package lint

import (
	"os"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDocsRuleTable keeps docs/lint.md honest: its rule tables list every
// rule once, with its default severity.
func TestDocsRuleTable(t *testing.T) {
	b, err := os.ReadFile("../../docs/lint.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\| (error|warning|info) \\|")
	got := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		if _, dup := got[m[1]]; dup {
			t.Errorf("docs/lint.md lists %s twice", m[1])
		}
		got[m[1]] = m[2]
	}
	want := map[string]string{}
	for _, r := range Rules() {
		want[r.ID] = r.Severity.String()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("docs/lint.md rule tables (-code +docs):\n%s", diff)
	}
}

package lint

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readDocs(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/lint.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDocsRuleTable keeps docs/lint.md honest: its rule tables list every
// rule once, with its default severity.
func TestDocsRuleTable(t *testing.T) {
	row := regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\| \\**(error|warning|info|off)\\** \\|")
	got := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(readDocs(t), -1) {
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

// TestDocsSettings checks that docs/lint.md names every setting of the
// config file (read from configFile's hcl tags) in its settings table, and
// every flag that `lint` and `migrate lint` declare (read from their
// source, which this package cannot import).
func TestDocsSettings(t *testing.T) {
	docs := readDocs(t)
	ft := reflect.TypeOf(configFile{})
	for i := 0; i < ft.NumField(); i++ {
		name, kind, _ := strings.Cut(ft.Field(i).Tag.Get("hcl"), ",")
		if kind == "block" {
			name = "rule \""
		}
		if !strings.Contains(docs, "| `"+name) {
			t.Errorf("docs/lint.md has no settings row for %s", name)
		}
	}
	flag := regexp.MustCompile(`Flag\{\s*Name:\s*"([a-z-]+)"`)
	n := 0
	for _, src := range []string{"lint.go", "migrate_lint.go", "runnertable.go"} {
		b, err := os.ReadFile("../../cmd/schemactl/" + src)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range flag.FindAllStringSubmatch(string(b), -1) {
			n++
			if !strings.Contains(docs, "--"+m[1]) {
				t.Errorf("docs/lint.md does not name --%s (cmd/schemactl/%s)", m[1], src)
			}
		}
	}
	if n < 10 {
		t.Errorf("found %d flags in cmd/schemactl; the pattern no longer matches", n)
	}
}

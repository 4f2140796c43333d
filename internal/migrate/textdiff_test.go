package migrate

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnifiedDiff(t *testing.T) {
	lines := func(n int) []string {
		var out []string
		for i := 1; i <= n; i++ {
			out = append(out, "line "+string(rune('a'+i-1))+"\n")
		}
		return out
	}
	join := func(l []string) string { return strings.Join(l, "") }
	base := lines(20)
	replaced := append([]string{}, base...)
	replaced[9] = "changed j\n"
	twoApart := append([]string{}, replaced...)
	twoApart[17] = "changed r\n"
	nearby := append([]string{}, replaced...)
	nearby[12] = "changed m\n"
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"equal", join(base), join(base), ""},
		{"created", "", "a\nb\n", "--- f\n+++ f\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"emptied", "a\n", "", "--- f\n+++ f\n@@ -1 +0,0 @@\n-a\n"},
		{"one line replaced", join(base), join(replaced),
			"--- f\n+++ f\n@@ -7,7 +7,7 @@\n line g\n line h\n line i\n-line j\n+changed j\n line k\n line l\n line m\n"},
		{"two hunks", join(base), join(twoApart),
			"--- f\n+++ f\n@@ -7,7 +7,7 @@\n line g\n line h\n line i\n-line j\n+changed j\n line k\n line l\n line m\n" +
				"@@ -15,6 +15,6 @@\n line o\n line p\n line q\n-line r\n+changed r\n line s\n line t\n"},
		{"changes close together share a hunk", join(base), join(nearby),
			"--- f\n+++ f\n@@ -7,10 +7,10 @@\n line g\n line h\n line i\n-line j\n+changed j\n line k\n line l\n-line m\n+changed m\n line n\n line o\n line p\n"},
		{"appended at the end", "a\nb\n", "a\nb\nc\n", "--- f\n+++ f\n@@ -1,2 +1,3 @@\n a\n b\n+c\n"},
		{"no final newline", "a\nb", "a\nc", "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnifiedDiff("f", "f", tt.old, tt.new)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\ngot:\n%s", diff, got)
			}
		})
	}
}

package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

func TestLineIndex(t *testing.T) {
	text := "ab\nçé x\r\n\n€z"
	ix := newLineIndex(text)
	cases := []struct {
		off  int
		want hcl.Pos
	}{
		{0, hcl.Pos{Line: 1, Column: 1, Byte: 0}},
		{2, hcl.Pos{Line: 1, Column: 3, Byte: 2}},                 // the \n itself
		{3, hcl.Pos{Line: 2, Column: 1, Byte: 3}},                 // ç
		{7, hcl.Pos{Line: 2, Column: 3, Byte: 7}},                 // the space after é: two characters, four bytes
		{8, hcl.Pos{Line: 2, Column: 4, Byte: 8}},                 // x
		{11, hcl.Pos{Line: 3, Column: 1, Byte: 11}},               // empty line
		{12, hcl.Pos{Line: 4, Column: 1, Byte: 12}},               // €
		{15, hcl.Pos{Line: 4, Column: 2, Byte: 15}},               // z
		{len(text), hcl.Pos{Line: 4, Column: 3, Byte: len(text)}}, // end of file
		{len(text) + 5, hcl.Pos{Line: 4, Column: 3, Byte: len(text)}},
		{-1, hcl.Pos{Line: 1, Column: 1, Byte: 0}},
	}
	for _, c := range cases {
		if got := ix.pos(c.off); got != c.want {
			t.Errorf("pos(%d) = %+v, want %+v", c.off, got, c.want)
		}
	}
}

// TestSyntaxErrorPositions: the finding points at the token the parser
// rejects, in lines and characters of the whole file.
func TestSyntaxErrorPositions(t *testing.T) {
	cases := []struct {
		text string
		want string // line:col message
	}{
		{"SELEC 1;", `1:1 syntax error at or near "SELEC"`},
		{"SELECT 1;\nSELECT 2;\n  CREATE TABLE (a int);", `3:16 syntax error at or near "("`},
		{"-- ünïcödé\n/* ö */ SELECT 'ä' FROM WHERE;", `2:25 syntax error at or near "WHERE"`},
		{"SELECT 1;\r\nSELECT (;", `2:9 syntax error at or near ";"`},
		{"CREATE TABLE t (a int", `1:22 syntax error at end of input`},
		{"SELECT $$unterminated", `1:8 unterminated dollar-quoted string at or near "$$unterminated"`},
		{"SELECT 1;\x00", `1:10 invalid byte sequence for encoding "UTF8"`},
		{"SELECT '\xff';", `1:9 invalid byte sequence for encoding "UTF8"`},
		// The parser cuts its quote of the token inside "ø" (found by FuzzLint).
		{"0ø", `1:1 trailing junk after numeric literal at or near "0"`},
	}
	for _, c := range cases {
		l := New(DefaultConfig(), nil)
		fs := l.Lint(File{Name: "f.sql", Text: c.text})
		var got []string
		for _, f := range fs {
			if f.Rule == "syntax-error" {
				got = append(got, fmt.Sprintf("%d:%d %s", f.Range.Start.Line, f.Range.Start.Column, f.Message))
			}
		}
		if diff := cmp.Diff([]string{c.want}, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", c.text, diff)
		}
	}
}

// TestSection lints only the up section of a file, with positions counted
// from the start of the file, and suppressions found anywhere in it.
func TestSection(t *testing.T) {
	text := "-- schemactl:ignore-file lock-timeout\n-- +goose Up\nCREATE INDEX i ON t (a);\n-- +goose Down\nDROP TABLE t;\n"
	start := strings.Index(text, "CREATE")
	end := strings.Index(text, "-- +goose Down")
	fs := New(DefaultConfig(), nil).Lint(File{Name: "g.sql", Text: text, Start: start, End: end, Mode: TxFile, Runner: "goose"})
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%d:%d-%d:%d %s", f.Range.Start.Line, f.Range.Start.Column, f.Range.End.Line, f.Range.End.Column, f.Rule))
	}
	if diff := cmp.Diff([]string{"3:1-3:24 concurrent-index"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestSuppressionPlacement: a directive applies to the statement right
// after its comment block, not to one further down.
func TestSuppressionPlacement(t *testing.T) {
	text := `SET lock_timeout = '1s';
-- schemactl:ignore concurrent-index first
CREATE INDEX a ON t (a); CREATE INDEX b ON t (b);
CREATE INDEX c ON t (c);
`
	fs := New(DefaultConfig(), nil).Lint(File{Name: "s.sql", Text: text})
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%d:%d %s", f.Range.Start.Line, f.Range.Start.Column, f.Rule))
	}
	want := []string{"3:26 concurrent-index", "4:1 concurrent-index"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestReplay: replayed files give context and no findings.
func TestReplay(t *testing.T) {
	l := New(DefaultConfig(), nil)
	if err := l.Replay(File{Name: "1.sql", Text: "CREATE TABLE t (a int, CONSTRAINT t_a_nn CHECK (a IS NOT NULL));\nCREATE INDEX t_a ON t (a);"}); err != nil {
		t.Fatal(err)
	}
	fs := l.Lint(File{Name: "2.sql", Text: "SET lock_timeout = '1s';\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\nDROP INDEX t_a;\n"})
	var got []string
	for _, f := range fs {
		got = append(got, f.Rule+" "+f.Relation)
	}
	if diff := cmp.Diff([]string{"concurrent-index-drop public.t"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if err := l.Replay(File{Name: "bad.sql", Text: "CREATE TABLE u (a int);\nCREAT x;"}); err == nil || !strings.HasPrefix(err.Error(), "bad.sql: syntax error") {
		t.Errorf("Replay error = %v", err)
	}
}

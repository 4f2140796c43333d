package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtractUnit(t *testing.T) {
	got, err := extractUnit(filepath.Join("testdata", "spec_test.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ name, contains string }{
		{"Plain-1", `table "t"`},
		{"Plain-2", `schema "out"`},
		{"Format-int", "type = int\n"},
		{"Format-text", "type = text\n"},
		{"Sub-Columns", `schema "sub" {}`},
		{"Types", "# The 2 cases of TestTypes, a column each.\n"},
		{"Types-hstore", "type = hstore\n"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d documents, want %d: %v", len(got), len(want), names(got))
	}
	for i, w := range want {
		if got[i].name != w.name || !strings.Contains(got[i].text, w.contains) {
			t.Errorf("document %d = %s:\n%s\nwant %s containing %q", i, got[i].name, got[i].text, w.name, w.contains)
		}
	}
	types := got[5].text
	for _, c := range []string{`column "c1" {`, "type = int\n", `column "c2" {`, `type = sql("int[]")`} {
		if !strings.Contains(types, c) {
			t.Errorf("Types lacks %q:\n%s", c, types)
		}
	}
	for _, s := range got {
		if strings.Contains(s.text, "UNK") || strings.Contains(s.text, "rejected") {
			t.Errorf("%s comes from t.Run(\"Invalid\"): %s", s.name, s.text)
		}
	}
}

func TestExtractDocs(t *testing.T) {
	got, err := extractDocs(filepath.Join("testdata", "page.mdx"))
	if err != nil {
		t.Fatal(err)
	}
	// The MySQL tab and the MySQL-only section are left out; a "####"
	// heading does not name a block.
	if n := names(got); strings.Join(n, " ") != "hcl-01-schema hcl-02-primary-key" {
		t.Fatalf("got %v", n)
	}
	if got[0].text != "schema \"pg\" {}\n" {
		t.Errorf("hcl-01 = %q", got[0].text)
	}
}

func TestRuleAndMarkers(t *testing.T) {
	r := rule{
		markers: []string{"wrapped: a table", "setup: CREATE EXTENSION x", `rejects: type "x\[\]"`},
		before:  "table \"t\" {\n",
		after:   "}\n",
		edits:   [][2]string{{"column.id", "column.c"}},
	}
	text := r.apply("primary_key { columns = [column.id] }\n")
	want := "# atlascorpus-wrapped: a table\n# atlascorpus-setup: CREATE EXTENSION x\n# atlascorpus-rejects: type \"x\\[\\]\"\n" +
		"table \"t\" {\nprimary_key { columns = [column.c] }\n}\n"
	if text != want {
		t.Fatalf("apply:\n%s\nwant:\n%s", text, want)
	}
	d := &document{text: text}
	if err := readMarkers(d); err != nil {
		t.Fatal(err)
	}
	if len(d.setup) != 1 || d.setup[0] != "CREATE EXTENSION x" || d.rejects == nil || !d.rejects.MatchString(`type "x[]" does not exist`) {
		t.Errorf("markers read as setup %q, rejects %v", d.setup, d.rejects)
	}
	if err := readMarkers(&document{text: "# atlascorpus-bogus: x\n"}); err == nil {
		t.Error("an unknown marker is accepted")
	}
	if err := readMarkers(&document{text: "# atlascorpus-rejects: (\n"}); err == nil {
		t.Error("a bad regular expression is accepted")
	}
}

func TestWriteSnippets(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "stale.hcl")
	if err := os.WriteFile(stale, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	snippets := []snippet{{"a", "schema \"a\" {}\n"}}
	if err := writeSnippets(dir, snippets, map[string]rule{"a": publicSchema}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "a.hcl"))
	if err != nil || string(b) != "# atlascorpus-wrapped: schema public\nschema \"a\" {}\nschema \"public\" {}\n" {
		t.Errorf("a.hcl = %q, %v", b, err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a file no longer cut stays: %v", err)
	}
	// A rule for a document that was not cut means the source changed.
	if err := writeSnippets(dir, snippets, map[string]rule{"gone": publicSchema}); err == nil {
		t.Error("a rule for a document not cut is not reported")
	}
}

func names(s []snippet) []string {
	var n []string
	for _, x := range s {
		n = append(n, x.name)
	}
	return n
}

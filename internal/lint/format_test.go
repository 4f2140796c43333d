package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// sampleFindings covers every severity, a file name that needs escaping,
// and text with the characters each format must escape.
func sampleFindings(t *testing.T) []Finding {
	t.Helper()
	l := New(DefaultConfig(), nil)
	fs := l.Lint(File{Name: "db/migrations/20240101_add index.sql", Text: "-- é\nCREATE INDEX ON \"a|b\" (x);\nALTER TABLE t DROP COLUMN c;\nCREATE TABLE u (d json);\n"})
	fs = append(fs, l.Lint(File{Name: "odd:name,with%chars.sql", Text: "SELECT 'x\n"})...)
	if len(fs) < 5 {
		t.Fatalf("want a varied sample, got %d findings", len(fs))
	}
	sev := map[Severity]bool{}
	for _, f := range fs {
		sev[f.Severity] = true
	}
	if !sev[Error] || !sev[Warning] || !sev[Info] {
		t.Fatalf("sample lacks a severity: %v", sev)
	}
	return fs
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	const path = "testdata/sarif/sarif-schema-2.1.0.json"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft4
	c.AssertFormat = true
	if err := c.AddResource("sarif-schema-2.1.0.json", f); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateJSON(t *testing.T, s *jsonschema.Schema, doc []byte) error {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return s.Validate(v)
}

// TestSARIFValidates checks --format sarif against the official SARIF
// 2.1.0 JSON schema (testdata/sarif, see SOURCE.md there).
func TestSARIFValidates(t *testing.T) {
	schema := compileSARIFSchema(t)
	for name, fs := range map[string][]Finding{"findings": sampleFindings(t), "none": nil} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, FormatSARIF, fs, WriteOptions{Version: "0.1.0"}); err != nil {
				t.Fatal(err)
			}
			if err := validateJSON(t, schema, b.Bytes()); err != nil {
				t.Errorf("SARIF output does not validate: %v", err)
			}
			var log sarifLog
			if err := json.Unmarshal(b.Bytes(), &log); err != nil {
				t.Fatal(err)
			}
			if len(log.Runs) != 1 || len(log.Runs[0].Results) != len(fs) || len(log.Runs[0].Tool.Driver.Rules) != len(allRules) {
				t.Fatalf("runs = %d, results = %d, rules = %d", len(log.Runs), len(log.Runs[0].Results), len(log.Runs[0].Tool.Driver.Rules))
			}
			for i, r := range log.Runs[0].Results {
				if got := log.Runs[0].Tool.Driver.Rules[r.RuleIndex].ID; got != r.RuleID {
					t.Errorf("result %d: ruleIndex points at %s, ruleId is %s", i, got, r.RuleID)
				}
				if want := fs[i].Range.Start.Line; r.Locations[0].PhysicalLocation.Region.StartLine != want {
					t.Errorf("result %d: startLine %d, want %d", i, r.Locations[0].PhysicalLocation.Region.StartLine, want)
				}
			}
		})
	}
}

// TestSARIFSchemaRejects makes sure the validation above can fail: a
// level SARIF does not know and a missing message are refused.
func TestSARIFSchemaRejects(t *testing.T) {
	schema := compileSARIFSchema(t)
	var b bytes.Buffer
	if err := Write(&b, FormatSARIF, sampleFindings(t), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(string) string{
		"level info": func(s string) string { return strings.Replace(s, `"level": "note"`, `"level": "info"`, 1) },
		"no message": func(s string) string { return strings.Replace(s, `"message": {`, `"notmessage": {`, 1) },
		"line zero":  func(s string) string { return strings.Replace(s, `"startLine": 2`, `"startLine": 0`, 1) },
		"columnKind": func(s string) string {
			return strings.Replace(s, `"columnKind": "unicodeCodePoints"`, `"columnKind": "bytes"`, 1)
		},
	} {
		bad := edit(b.String())
		if bad == b.String() {
			t.Fatalf("%s: the edit changed nothing", name)
		}
		if err := validateJSON(t, schema, []byte(bad)); err == nil {
			t.Errorf("%s: invalid SARIF validated", name)
		}
	}
}

func TestFormatsEscape(t *testing.T) {
	fs := []Finding{{
		Rule: "drop-table", Severity: Error, Message: "50% of a|b: lost\nreally", Hint: "see <docs>",
		Range: hcl.Range{Filename: "a,b:c.sql", Start: hcl.Pos{Line: 1, Column: 2}, End: hcl.Pos{Line: 1, Column: 9}},
	}}
	cases := map[Format]string{
		FormatGitHub: "::error file=a%2Cb%3Ac.sql,line=1,col=2,endLine=1,endColumn=9,title=drop-table::50%25 of a|b: lost%0Areally%0A%0Ahint: see <docs>\n",
		FormatMarkdown: "### schemactl lint\n\n1 error, 0 warnings, 0 info.\n\n| Severity | Rule | Location | Finding |\n|---|---|---|---|\n" +
			"| ❌ error | `drop-table` | `a,b:c.sql:1:2` | 50% of a\\|b: lost<br>really<br>**Hint:** see &lt;docs&gt; |\n",
		FormatText: "a,b:c.sql:1:2: error drop-table: 50% of a|b: lost\nreally\n    hint: see <docs>\n",
	}
	for format, want := range cases {
		var b bytes.Buffer
		if err := Write(&b, format, fs, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, b.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", format, diff)
		}
	}
}

func TestTextColor(t *testing.T) {
	fs := []Finding{{Rule: "truncate", Severity: Error, Message: "m", Hint: "h", Range: hcl.Range{Filename: "f.sql", Start: hcl.Pos{Line: 1, Column: 1}}}}
	var plain, color bytes.Buffer
	if err := Write(&plain, FormatText, fs, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&color, FormatText, fs, WriteOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("plain output has escape codes: %q", plain.String())
	}
	if !strings.Contains(color.String(), ansiRed+"error"+ansiReset) {
		t.Errorf("coloured output lacks a red severity: %q", color.String())
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("yaml"); err == nil {
		t.Error("yaml accepted")
	}
}

func TestDiagnostics(t *testing.T) {
	fs := []Finding{
		{Rule: "drop-table", Severity: Error, Message: "m", Hint: "h", Range: hcl.Range{Filename: "f.sql"}},
		{Rule: "prefer-text", Severity: Info, Message: "m2", Range: hcl.Range{Filename: "f.sql"}},
	}
	diags := Diagnostics(fs)
	if len(diags) != 2 || diags[0].Severity != hcl.DiagError || diags[1].Severity != hcl.DiagWarning {
		t.Fatalf("diags = %v", diags)
	}
	if diags[0].Summary != "drop-table: m" || diags[0].Detail != "h" || diags[0].Subject.Filename != "f.sql" {
		t.Errorf("diag = %+v", diags[0])
	}
	if !HasErrors(fs) || HasErrors(fs[1:]) {
		t.Error("HasErrors")
	}
}

package lint

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConfigLoad(t *testing.T) {
	src := `
# Project lint settings.
small_table_rows = 500

rule "drop-column" {
  severity = "warning"
}
rule "prefer-text" {
  enabled = false
}
rule "lock-timeout" {
  enabled  = true
  severity = "error"
}
`
	c := DefaultConfig()
	if diags := c.Load([]byte(src), "schemactl.lint.hcl"); diags.HasErrors() {
		t.Fatal(diags)
	}
	got := map[string]Severity{}
	for _, id := range []string{"drop-column", "prefer-text", "lock-timeout", "drop-table"} {
		r, _ := LookupRule(id)
		got[id] = c.Severity(r)
	}
	want := map[string]Severity{"drop-column": Warning, "prefer-text": Off, "lock-timeout": Error, "drop-table": Error}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("severities (-want +got):\n%s", diff)
	}
	if c.SmallTableRows != 500 {
		t.Errorf("small_table_rows = %v", c.SmallTableRows)
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // file:line:col: summary
	}{
		{"unknown rule", "rule \"drop-colum\" {}\n", []string{`c.hcl:1:1: Unknown lint rule`}},
		{"bad severity", "rule \"drop-column\" {\n  severity = \"fatal\"\n}\n", []string{`c.hcl:1:1: Invalid severity`}},
		{"conflict", "rule \"drop-column\" {\n  enabled = false\n  severity = \"error\"\n}\n", []string{`c.hcl:1:1: Conflicting rule settings`}},
		{"unknown argument", "rule \"drop-column\" {\n  level = \"x\"\n}\n", []string{`c.hcl:2:3: Unsupported argument`}},
		{"unknown block", "rules {}\n", []string{`c.hcl:1:1: Unsupported block type`}},
		{"negative rows", "small_table_rows = -1\n", []string{`c.hcl:1:20: Invalid small_table_rows`}},
		{"syntax", "rule \"x\" {\n", []string{`c.hcl:1:10: Unclosed configuration block`}},
		{"two mistakes", "rule \"nope\" {}\nrule \"drop-table\" {\n  x = 1\n}\n", []string{`c.hcl:1:1: Unknown lint rule`, `c.hcl:3:3: Unsupported argument`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			diags := DefaultConfig().Load([]byte(c.src), "c.hcl")
			var got []string
			for _, d := range diags {
				got = append(got, d.Subject.Filename+":"+strconv.Itoa(d.Subject.Start.Line)+":"+strconv.Itoa(d.Subject.Start.Column)+": "+d.Summary)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigFlags(t *testing.T) {
	c := DefaultConfig()
	for _, err := range []error{
		c.Disable("prefer-bigint"),
		c.SetSeverityFlag("drop-table = warning"),
		c.Enable("prefer-bigint"),
		c.Disable("truncate"),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	check := func(id string, want Severity) {
		t.Helper()
		r, _ := LookupRule(id)
		if got := c.Severity(r); got != want {
			t.Errorf("%s = %s, want %s", id, got, want)
		}
	}
	check("prefer-bigint", Info)
	check("drop-table", Warning)
	check("truncate", Off)
	for _, bad := range []string{"drop-table", "drop-table=", "nope=error", "drop-table=fatal"} {
		if err := c.SetSeverityFlag(bad); err == nil {
			t.Errorf("SetSeverityFlag(%q) accepted", bad)
		}
	}
	if err := c.Enable("concurent-index"); err == nil || !strings.Contains(err.Error(), `did you mean "concurrent-index"`) {
		t.Errorf("Enable typo: %v", err)
	}
}

func TestConfigFileMissing(t *testing.T) {
	diags := DefaultConfig().LoadFile(filepath.Join(t.TempDir(), "none.hcl"))
	if !diags.HasErrors() || diags[0].Summary != "Cannot read lint config" {
		t.Errorf("diags = %v", diags)
	}
	p := filepath.Join(t.TempDir(), "ok.hcl")
	if err := os.WriteFile(p, []byte("rule \"truncate\" {\n  enabled = false\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if diags := DefaultConfig().LoadFile(p); diags.HasErrors() {
		t.Error(diags)
	}
}

// TestRuleTable checks the rule list against the issue: every id, its
// default severity, a summary and an alternative, and a rule_<id>.go file.
func TestRuleTable(t *testing.T) {
	want := map[string]Severity{
		"concurrent-index": Warning, "concurrent-index-drop": Warning, "concurrent-reindex": Warning,
		"concurrent-detach-partition": Warning, "concurrent-in-transaction": Error, "constraint-not-valid": Warning,
		"unique-constraint-index": Warning, "set-not-null": Warning, "column-type-rewrite": Warning,
		"volatile-default": Warning, "exclusion-constraint": Warning, "lock-timeout": Warning, "vacuum-full": Warning,
		"enum-value-in-transaction": Error, "transaction-nesting": Warning, "uncommitted-transaction": Error, "rerun-safe": Off,
		"identifier-too-long": Warning,
		"drop-table":          Error, "drop-column": Error, "drop-schema": Error, "drop-database": Error, "truncate": Error,
		"rename-table": Warning, "rename-column": Warning, "add-required-column": Error, "drop-not-null": Warning,
		"prefer-bigint": Info, "prefer-identity": Info, "prefer-timestamptz": Info, "prefer-text": Info,
		"ban-char": Info, "prefer-jsonb": Info,
		"migration-edited": Error, "migration-order": Error, "syntax-error": Error, "unused-suppression": Warning,
	}
	got := map[string]Severity{}
	for _, r := range Rules() {
		got[r.ID] = r.Severity
		if r.Summary == "" || r.Alternative == "" {
			t.Errorf("%s: missing summary or alternative", r.ID)
		}
		if _, err := os.Stat("rule_" + strings.ReplaceAll(r.ID, "-", "_") + ".go"); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}

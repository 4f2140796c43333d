package lint

import (
	"fmt"
	"strings"
	"testing"
)

// benchMigrations returns n migration files of ten statements each, in
// the mix a real directory has: new tables with indexes and constraints,
// columns added to earlier tables, indexes built concurrently or not,
// constraints added NOT VALID and validated, some data statements, and
// a suppression now and then.
func benchMigrations(n int) []File {
	files := make([]File, n)
	for i := range files {
		var b strings.Builder
		t := fmt.Sprintf("t%04d", i)
		prev := fmt.Sprintf("t%04d", i-1)
		if i == 0 {
			prev = "accounts" // a table that exists before the first migration
		}
		fmt.Fprintf(&b, "SET lock_timeout = '5s';\n")
		fmt.Fprintf(&b, "CREATE TABLE %s (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    account_id bigint NOT NULL,\n    name varchar(100),\n    payload jsonb,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n", t)
		fmt.Fprintf(&b, "CREATE INDEX %s_account_idx ON %s (account_id);\n", t, t)
		fmt.Fprintf(&b, "ALTER TABLE %s ADD COLUMN note text;\n", prev)
		fmt.Fprintf(&b, "-- schemactl:ignore concurrent-index the table is tiny\n")
		fmt.Fprintf(&b, "CREATE INDEX %s_note_idx ON %s (note);\n", prev, prev)
		fmt.Fprintf(&b, "ALTER TABLE %s ADD CONSTRAINT %s_fk FOREIGN KEY (account_id) REFERENCES %s (id) NOT VALID;\n", t, t, prev)
		fmt.Fprintf(&b, "ALTER TABLE %s VALIDATE CONSTRAINT %s_fk;\n", t, t)
		fmt.Fprintf(&b, "UPDATE %s SET note = 'n' || id WHERE note IS NULL AND id %% 100 = %d;\n", prev, i%100)
		fmt.Fprintf(&b, "ALTER TABLE %s ALTER COLUMN name TYPE text;\n", prev)
		fmt.Fprintf(&b, "COMMENT ON TABLE %s IS 'migration %d';\n", t, i)
		files[i] = File{Name: fmt.Sprintf("migrations/%014d_m%d.sql", 20240101000000+i, i), Text: b.String(), Mode: TxFile, Runner: "sqlx"}
	}
	return files
}

// BenchmarkLint1000Migrations lints a directory of 1,000 migrations
// (10,000 statements) in order, each against what the ones before it
// created. Run with -benchmem.
func BenchmarkLint1000Migrations(b *testing.B) {
	files := benchMigrations(1000)
	stmts := 0
	for _, f := range files {
		stmts += strings.Count(f.Text, ";\n")
	}
	b.ReportAllocs()
	b.ResetTimer()
	var findings int
	for b.Loop() {
		l := New(DefaultConfig(), nil)
		l.Preparse(files) // as the lint commands do
		findings = 0
		for _, f := range files {
			findings += len(l.Lint(f))
		}
	}
	b.ReportMetric(float64(stmts), "statements/op")
	b.ReportMetric(float64(findings), "findings/op")
}

// TestBenchMigrations keeps the benchmark's input honest: 10,000
// statements that lint without syntax errors.
func TestBenchMigrations(t *testing.T) {
	files := benchMigrations(1000)
	l := New(DefaultConfig(), nil)
	stmts := 0
	for _, f := range files {
		stmts += strings.Count(f.Text, ";\n")
		for _, x := range l.Lint(f) {
			if x.Rule == "syntax-error" || x.Rule == "unused-suppression" {
				t.Fatalf("%s: %s", x.Rule, x.Message)
			}
		}
	}
	if stmts != 10000 {
		t.Errorf("statements = %d, want 10000", stmts)
	}
}

// TestPreparseSameFindings checks that linting with the parses Preparse
// made ahead finds what linting without them finds, on files with a
// syntax error, an empty file and two files of the same text.
func TestPreparseSameFindings(t *testing.T) {
	files := benchMigrations(50)
	files = append(files,
		File{Name: "bad.sql", Text: "CREATE TABLE ok (id int);\nCREATE TABLE (;\n", Mode: TxFile},
		File{Name: "empty.sql", Text: "", Mode: TxFile},
		files[3], files[3])
	lintAll := func(pre bool) []Finding {
		l := New(DefaultConfig(), nil)
		if pre {
			l.Preparse(files)
		}
		var out []Finding
		for _, f := range files {
			out = append(out, l.Lint(f)...)
		}
		return out
	}
	want, got := lintAll(false), lintAll(true)
	if len(want) == 0 {
		t.Fatal("no findings: the comparison would prove nothing")
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings differ with Preparse:\n got %v\nwant %v", got, want)
	}
}

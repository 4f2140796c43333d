package migrate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/internal/lint"
)

// findingLines prints findings as `file:line:col: severity rule` lines.
func findingLines(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s %s", f.Range.Filename, f.Range.Start.Line, f.Range.Start.Column, f.Severity, f.Rule))
	}
	return out
}

func mustDir(t *testing.T, kv ...string) *Dir {
	t.Helper()
	d, err := FromFiles("m", files(kv...), "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLint(t *testing.T) {
	const (
		init1 = "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
		add2  = "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN name text;\n"
		idx3  = "SET lock_timeout = '5s';\nCREATE INDEX users_email_idx ON users (email);\n"
		new4  = "SET lock_timeout = '5s';\nCREATE TABLE teams (id bigint PRIMARY KEY);\nCREATE INDEX teams_id ON teams (id);\nDROP TABLE users;\n"
	)
	base := mustDir(t,
		"20240101000000_init.sql", init1,
		"20240102000000_add.sql", add2,
		"20240105000000_idx.sql", idx3,
	)
	cases := []struct {
		name   string
		head   *Dir
		opts   LintOptions
		want   []string
		linted []string
	}{
		{
			name: "all new without a base",
			head: base,
			want: []string{
				"m/20240105000000_idx.sql:2:1: warning concurrent-index",
			},
			linted: []string{"m/20240101000000_init.sql", "m/20240102000000_add.sql", "m/20240105000000_idx.sql"},
		},
		{
			name: "latest 1: the index on a table of an earlier migration is flagged",
			head: base,
			opts: LintOptions{Latest: 1},
			want: []string{
				"m/20240105000000_idx.sql:2:1: warning concurrent-index",
			},
			linted: []string{"m/20240105000000_idx.sql"},
		},
		{
			name: "git base: new file linted, edit and deletion and order reported",
			head: mustDir(t,
				"20240101000000_init.sql", init1,
				"20240102000000_add.sql", add2+"-- fixed a typo\n",
				"20240103000000_new.sql", new4,
			),
			opts: LintOptions{Base: base, BaseName: "origin/main"},
			want: []string{
				"m/20240102000000_add.sql:1:1: error migration-edited",
				"m/20240103000000_new.sql:1:1: error migration-order",
				"m/20240103000000_new.sql:4:1: error drop-table",
				"m/20240105000000_idx.sql:1:1: error migration-edited",
			},
			linted: []string{"m/20240103000000_new.sql"},
		},
		{
			name: "git base: nothing new",
			head: base,
			opts: LintOptions{Base: base},
		},
		{
			name: "git base: migration-order off",
			head: mustDir(t,
				"20240101000000_init.sql", init1,
				"20240102000000_add.sql", add2,
				"20240104000000_late.sql", "SELECT 1;\n",
				"20240105000000_idx.sql", idx3,
			),
			opts:   LintOptions{Base: base},
			want:   []string{"m/20240104000000_late.sql:1:1: error migration-order"},
			linted: []string{"m/20240104000000_late.sql"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := Lint(lint.New(lint.DefaultConfig(), nil), c.head, c.opts)
			if diff := cmp.Diff(c.want, findingLines(res.Findings)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.linted, res.Linted); diff != "" {
				t.Errorf("linted (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLintMessages(t *testing.T) {
	base := mustDir(t, "2_a.sql", "SELECT 1;\n", "3_gone.sql", "SELECT 3;\n")
	head := mustDir(t, "2_a.sql", "SELECT 2;\n", "1_early.sql", "SELECT 1;\n")
	res := Lint(lint.New(lint.DefaultConfig(), nil), head, LintOptions{Base: base, BaseName: "main"})
	var msgs []string
	for _, f := range res.Findings {
		msgs = append(msgs, f.Range.Filename+": "+f.Message)
	}
	want := []string{
		"m/1_early.sql: new migration version 1 is older than 3, the newest at main: databases already past 3 skip it or refuse to migrate",
		"m/2_a.sql: 2_a.sql was changed since main, where it already exists: databases that applied it will not run the change, and sqlx and Flyway refuse a changed checksum",
		"m/3_gone.sql: 3_gone.sql exists at main but was deleted: databases that applied it keep its changes, and runners that check history (sqlx, goose, Flyway) report it missing",
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestLintContextNotes: an old migration that does not parse is replayed
// as far as it goes, and said so.
func TestLintContextNotes(t *testing.T) {
	d := mustDir(t, "1_a.sql", "CREATE TABLE t (a int);\nCREAT oops;\n", "2_b.sql", "CREATE INDEX t_a ON t (a);\n")
	res := Lint(lint.New(lint.DefaultConfig(), nil), d, LintOptions{Latest: 1})
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "m/1_a.sql") || !strings.Contains(res.Notes[0], "syntax error") {
		t.Errorf("notes = %q", res.Notes)
	}
	if got := findingLines(res.Findings); len(got) != 2 || !strings.Contains(got[0], "concurrent-index") {
		t.Errorf("findings = %q, want the index on t (created before the error) flagged", got)
	}
}

// TestLintGooseSections: only the up section is linted, and positions
// count from the start of the file.
func TestLintGooseSections(t *testing.T) {
	d := mustDir(t, "1_a.sql", "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY i ON t (a);\nCREATE INDEX j ON t (b);\n-- +goose Down\nDROP TABLE t;\n")
	res := Lint(lint.New(lint.DefaultConfig(), nil), d, LintOptions{})
	want := []string{"m/1_a.sql:4:1: warning concurrent-index", "m/1_a.sql:4:1: warning lock-timeout"}
	if diff := cmp.Diff(want, findingLines(res.Findings)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestLintRunnerTable checks that statements on the runner's bookkeeping
// table are not findings, unless asked for, and that the findings of the
// statements beside them stay.
func TestLintRunnerTable(t *testing.T) {
	const fix = "TRUNCATE _sqlx_migrations;\n" +
		"ALTER TABLE public._sqlx_migrations ALTER COLUMN description TYPE varchar(10);\n" +
		"CREATE INDEX ON _sqlx_migrations (description);\n" +
		"DROP TABLE _sqlx_migrations;\n" +
		"DROP TABLE users;\n" +
		"TRUNCATE schema_migrations CASCADE;\n"
	d := mustDir(t,
		"20240101000000_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE schema_migrations (v text);\n",
		"20240102000000_fix.sql", fix)
	rules := func(fs []lint.Finding) []string {
		var out []string
		for _, f := range fs {
			if f.Range.Filename == "m/20240102000000_fix.sql" {
				out = append(out, fmt.Sprintf("%d %s", f.Range.Start.Line, f.Rule))
			}
		}
		return out
	}
	got := rules(Lint(lint.New(nil, nil), d, LintOptions{Latest: 1}).Findings)
	// schema_migrations is golang-migrate's and dbmate's table, but this is
	// a sqlx directory: there it is the user's.
	want := []string{"5 drop-table", "5 lock-timeout", "6 truncate"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	all := rules(Lint(lint.New(nil, nil), d, LintOptions{Latest: 1, IncludeRunnerTable: true}).Findings)
	if len(all) <= len(want)+3 {
		t.Errorf("IncludeRunnerTable: findings %q, want those on _sqlx_migrations too", all)
	}
}

package migrate

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/lint"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

// splitFrom and splitTo give a plan with every kind of file: a
// transactional group (a SET lock_timeout, a new column, a new table and
// its index, a check added NOT VALID), two indexes built concurrently on
// an existing table, and the validation of the check, which runs alone.
const splitFrom = `
schema "public" {}
table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "email" {
    type = text
  }
  primary_key {
    columns = [column.id]
  }
}
`

const splitTo = `
schema "public" {}
table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "email" {
    type = text
  }
  column "name" {
    type = text
    null = true
  }
  primary_key {
    columns = [column.id]
  }
  index "users_email_idx" {
    columns = [column.email]
  }
  index "users_name_idx" {
    columns = [column.name]
  }
  check "users_email_at" {
    expr = "email LIKE '%@%'"
  }
}
table "logins" {
  schema = schema.public
  column "user_id" {
    type = bigint
  }
  column "at" {
    type = timestamptz
  }
  index "logins_user_id_idx" {
    columns = [column.user_id]
  }
}
`

// testPlans returns the up and down plans between two HCL schemas, built
// without a database.
func testPlans(t *testing.T, from, to string) (up, down *plan.Plan) {
	t.Helper()
	decode := func(src string) *schema.Realm {
		r, diags := hclschema.DecodeBytes([]byte(src), "test.hcl")
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return r
	}
	f, tr := decode(from), decode(to)
	build := func(a, b *schema.Realm) *plan.Plan {
		changes, err := diff.Realms(a, b, diff.Options{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := plan.Build(changes, plan.Options{From: a})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	return build(f, tr), build(tr, f)
}

var testNow = time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)

// TestNewFilesGolden writes the split migration in every format and
// compares the files with testdata/newfiles/<format>.txtar.
func TestNewFilesGolden(t *testing.T) {
	up, down := testPlans(t, splitFrom, splitTo)
	for _, format := range Formats {
		t.Run(string(format), func(t *testing.T) {
			d := &Dir{Path: "migrations", Format: format}
			files, err := d.NewFiles(NewOptions{Name: "add user names", Up: up, Down: down, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			ar := &txtar.Archive{}
			for _, f := range files {
				ar.Files = append(ar.Files, txtar.File{Name: f.Name, Data: f.Data})
			}
			got := txtar.Format(ar)
			golden := filepath.Join("testdata", "newfiles", string(format)+".txtar")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s (-want +got; go test -update rewrites it):\n%s", golden, diff)
			}
		})
	}
}

// TestNewFilesRunnerRules reads the written files back as the runner of
// each format does and checks its rules: names, markers, one statement per
// no-transaction file, statements in plan order, nothing lost.
func TestNewFilesRunnerRules(t *testing.T) {
	up, down := testPlans(t, splitFrom, splitTo)
	var upSQL []string
	for _, s := range up.Statements {
		upSQL = append(upSQL, s.SQL)
	}
	tests := []struct {
		format     Format
		reversible bool
		names      []string
	}{
		{FormatSQLx, false, []string{
			"20240517093000_add_user_names.sql", "20240517093001_add_user_names.sql",
			"20240517093002_add_user_names.sql", "20240517093003_add_user_names.sql"}},
		{FormatSQLx, true, []string{
			"20240517093000_add_user_names.up.sql", "20240517093000_add_user_names.down.sql",
			"20240517093001_add_user_names.up.sql", "20240517093001_add_user_names.down.sql",
			"20240517093002_add_user_names.up.sql", "20240517093002_add_user_names.down.sql",
			"20240517093003_add_user_names.up.sql", "20240517093003_add_user_names.down.sql"}},
		{FormatGolangMigrate, false, []string{
			"20240517093000_add_user_names.up.sql", "20240517093000_add_user_names.down.sql",
			"20240517093001_add_user_names.up.sql", "20240517093001_add_user_names.down.sql",
			"20240517093002_add_user_names.up.sql", "20240517093002_add_user_names.down.sql",
			"20240517093003_add_user_names.up.sql", "20240517093003_add_user_names.down.sql"}},
		{FormatGoose, false, []string{
			"20240517093000_add_user_names.sql", "20240517093001_add_user_names.sql",
			"20240517093002_add_user_names.sql", "20240517093003_add_user_names.sql"}},
		{FormatDbmate, false, []string{
			"20240517093000_add_user_names.sql", "20240517093001_add_user_names.sql",
			"20240517093002_add_user_names.sql", "20240517093003_add_user_names.sql"}},
		{FormatFlyway, false, []string{
			"V20240517093000__add_user_names.sql", "V20240517093001__add_user_names.sql",
			"V20240517093001__add_user_names.sql.conf", "V20240517093002__add_user_names.sql",
			"V20240517093002__add_user_names.sql.conf", "V20240517093003__add_user_names.sql",
			"V20240517093003__add_user_names.sql.conf"}},
	}
	for _, tt := range tests {
		name := string(tt.format)
		if tt.reversible {
			name += "-reversible"
		}
		t.Run(name, func(t *testing.T) {
			d := &Dir{Path: "m", Format: tt.format}
			files, err := d.NewFiles(NewOptions{Name: "add user names", Up: up, Down: down, Reversible: tt.reversible, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			raw := map[string][]byte{}
			var names []string
			for _, f := range files {
				names = append(names, f.Name)
				raw[f.Name] = f.Data
			}
			if diff := cmp.Diff(tt.names, names); diff != "" {
				t.Fatalf("names (-want +got):\n%s", diff)
			}
			if got := DetectFormat(raw); got != tt.format && !(tt.format == FormatSQLx && tt.reversible) {
				t.Errorf("DetectFormat = %s", got)
			}
			back, err := FromFiles("m", raw, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			var gotSQL []string
			for _, f := range back.Files {
				stmts, err := effect.Parse(f.Up())
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				hasNoTx := false
				for _, s := range stmts {
					gotSQL = append(gotSQL, s.SQL)
					if !effect.Analyze(s, nil).Transactional || strings.Contains(s.SQL, "VALIDATE") {
						hasNoTx = true
					}
				}
				if hasNoTx {
					// The runner must not wrap the file in a transaction,
					// and, sending it as one query string, needs it alone.
					if f.Tx == lint.TxFile || f.Tx == lint.TxFlyway {
						t.Errorf("%s holds a statement that cannot run in a transaction, but its runner wraps it in one (%s)", f.Name, f.Tx)
					}
					if f.Tx == lint.TxOneQuery && len(stmts) != 1 {
						t.Errorf("%s is sent as one query string and holds %d statements, want 1", f.Name, len(stmts))
					}
				}
				if f.Tx == lint.TxOneQuery && tt.format == FormatSQLx && !strings.HasPrefix(f.Text, "-- no-transaction\n") {
					t.Errorf("%s does not start with -- no-transaction", f.Name)
				}
			}
			// Every statement of the plan, in order; a SET lock_timeout in
			// front of a no-transaction statement may be dropped where the
			// file must hold that statement alone.
			if diff := cmp.Diff(upSQL, gotSQL); diff != "" {
				t.Errorf("statements (-plan +files):\n%s", diff)
			}
		})
	}
}

func TestNextVersion(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		files  []string
		want   []string // names of the files written for a two-unit plan
	}{
		{"empty directory", FormatSQLx, nil, []string{"20240517093000_x.sql", "20240517093001_x.sql"}},
		{"older timestamp", FormatSQLx, []string{"20240101000000_a.sql"}, []string{"20240517093000_x.sql", "20240517093001_x.sql"}},
		{"same second", FormatSQLx, []string{"20240517093000_a.sql"}, []string{"20240517093001_x.sql", "20240517093002_x.sql"}},
		{"newer than now", FormatSQLx, []string{"20300101000000_a.sql"}, []string{"20300101000001_x.sql", "20300101000002_x.sql"}},
		{"sequential", FormatGoose, []string{"00001_a.sql", "00009_b.sql"}, []string{"00010_x.sql", "00011_x.sql"}},
		{"sequential unpadded", FormatDbmate, []string{"1_a.sql", "2_b.sql"}, []string{"3_x.sql", "4_x.sql"}},
		{"golang-migrate sequential", FormatGolangMigrate, []string{"000001_a.up.sql", "000001_a.down.sql"},
			[]string{"000002_x.up.sql", "000002_x.down.sql", "000003_x.up.sql", "000003_x.down.sql"}},
		{"flyway", FormatFlyway, []string{"V1__a.sql", "V2__b.sql"}, []string{"V3__x.sql", "V4__x.sql", "V4__x.sql.conf"}},
		{"flyway dotted", FormatFlyway, []string{"V1__a.sql", "V1_2__b.sql"}, []string{"V2__x.sql", "V3__x.sql", "V3__x.sql.conf"}},
		{"sqlx up and down pairs", FormatSQLx, []string{"20240101000000_a.up.sql", "20240101000000_a.down.sql"},
			[]string{"20240517093000_x.up.sql", "20240517093000_x.down.sql", "20240517093001_x.up.sql", "20240517093001_x.down.sql"}},
	}
	up, down := testPlans(t, splitFrom, `
schema "public" {}
table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "email" {
    type = text
  }
  column "name" {
    type = text
    null = true
  }
  primary_key {
    columns = [column.id]
  }
  index "users_name_idx" {
    columns = [column.name]
  }
}
`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := map[string][]byte{}
			for _, n := range tt.files {
				text := "SELECT 1;\n"
				if tt.format == FormatGoose {
					text = "-- +goose Up\nSELECT 1;\n"
				}
				if tt.format == FormatDbmate {
					text = "-- migrate:up\nSELECT 1;\n"
				}
				raw[n] = []byte(text)
			}
			d, err := FromFiles("m", raw, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			files, err := d.NewFiles(NewOptions{Name: "x", Up: up, Down: down, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range files {
				names = append(names, f.Name)
			}
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMigrationName(t *testing.T) {
	for in, want := range map[string]string{
		"add users":          "add_users",
		"add-users.index":    "add_users_index",
		"  AddUsers  ":       "AddUsers",
		"__x__":              "x",
		"ajouter l'été":      "ajouter_l_t",
		"2fa":                "2fa",
		"users/../../passwd": "users_passwd",
	} {
		got, err := migrationName(in)
		if err != nil || got != want {
			t.Errorf("migrationName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := migrationName("--"); err == nil {
		t.Error("migrationName(\"--\") did not fail")
	}
}

// TestUnits checks where the SET lock_timeout that the plan puts before a
// statement goes: with that statement, even when the statement runs alone.
func TestUnits(t *testing.T) {
	src := &diff.CreateTable{}
	set := plan.Statement{SQL: "SET lock_timeout = '5s'", Transactional: true}
	st := func(sql string, tx bool) plan.Statement {
		return plan.Statement{SQL: sql, Transactional: tx, Source: src}
	}
	p := &plan.Plan{Statements: []plan.Statement{
		set, st("ALTER TABLE a", true), st("ALTER TABLE b", true),
		st("CREATE INDEX CONCURRENTLY c", false),
		set, st("DROP INDEX CONCURRENTLY d", false),
		st("ALTER TABLE e", true), set, st("DROP INDEX CONCURRENTLY f", false),
	}}
	var got [][]string
	for _, u := range units(p) {
		var sqls []string
		for _, s := range u.stmts {
			sqls = append(sqls, s.SQL)
		}
		if u.noTx {
			sqls = append(sqls, "(no transaction)")
		}
		got = append(got, sqls)
	}
	want := [][]string{
		{"SET lock_timeout = '5s'", "ALTER TABLE a", "ALTER TABLE b"},
		{"CREATE INDEX CONCURRENTLY c", "(no transaction)"},
		{"SET lock_timeout = '5s'", "DROP INDEX CONCURRENTLY d", "(no transaction)"},
		{"ALTER TABLE e"},
		{"SET lock_timeout = '5s'", "DROP INDEX CONCURRENTLY f", "(no transaction)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// In a file sent as one query string, the setting stays as a comment.
	var b bytes.Buffer
	writeUnit(&b, &units(p)[2], false, nil)
	if stmts, err := effect.Parse(b.String()); err != nil || len(stmts) != 1 {
		t.Errorf("one-query no-transaction file holds %d statements (%v):\n%s", len(stmts), err, b.String())
	}
}

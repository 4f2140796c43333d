package migrate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/effect"
	"github.com/schemactl/schemactl/internal/lint"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/state"
	"github.com/schemactl/schemactl/schema"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// newLoader returns a loader on the test server, without a cache, so that
// every replay really runs.
func newLoader(t *testing.T) *state.Loader {
	t.Helper()
	l := &state.Loader{DevURL: pgtest.AdminURL(t)}
	t.Cleanup(func() { l.Close() })
	return l
}

// desired loads an HCL schema through the dev database.
func desired(t *testing.T, l *state.Loader, src string) *state.State {
	t.Helper()
	p := filepath.Join(t.TempDir(), "schema.hcl")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := l.Files(context.Background(), []string{p})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// sameRealm fails t when a and b differ, in either direction.
func sameRealm(t *testing.T, what string, a, b *schema.Realm) {
	t.Helper()
	for _, pair := range [][2]*schema.Realm{{a, b}, {b, a}} {
		changes, err := diff.Realms(pair[0], pair[1], diff.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) > 0 {
			t.Fatalf("%s: %d differences, the first %T %+v", what, len(changes), changes[0], changes[0])
		}
	}
}

// downText returns the down part of a migration file of the format, and
// whether the runner sends it as one query string (false: statement by
// statement, as goose NO TRANSACTION does).
func downText(format Format, name, text string) (string, bool) {
	switch format {
	case FormatGoose:
		_, down, _ := strings.Cut(text, "-- +goose Down\n")
		return down, !strings.Contains(text, "-- +goose NO TRANSACTION")
	case FormatDbmate:
		_, down, _ := strings.Cut(text, "-- migrate:down")
		_, down, _ = strings.Cut(down, "\n") // its options
		return down, true
	}
	return text, true
}

// TestDiffFormats writes two migrations in each format, the second one
// split around statements that cannot run in a transaction, and checks
// that the files follow the runner's naming and markers, that every
// no-transaction file holds one statement, that replaying the directory
// reproduces the desired state, that running the down migrations newest
// first returns to the state before, and that a third run writes nothing.
func TestDiffFormats(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		format     Format
		reversible bool
		// pattern of a migration's file names, with V for the version.
		names []string
	}{
		{FormatSQLx, false, []string{"V_init.sql"}},
		{FormatSQLx, true, []string{"V_init.down.sql", "V_init.up.sql"}},
		{FormatGolangMigrate, false, []string{"V_init.down.sql", "V_init.up.sql"}},
		{FormatGoose, false, []string{"V_init.sql"}},
		{FormatDbmate, false, []string{"V_init.sql"}},
		{FormatFlyway, false, []string{"VV__init.sql"}},
	}
	for _, tt := range tests {
		name := string(tt.format)
		if tt.reversible {
			name += "-reversible"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			l := newLoader(t)
			dir := filepath.Join(t.TempDir(), "db", "migrations")
			v1, v2 := desired(t, l, splitFrom), desired(t, l, splitTo)
			t0 := time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)

			res, err := Diff(ctx, l, DiffOptions{Dir: dir, Format: tt.format, Name: "init", Desired: v1, Reversible: tt.reversible, Now: t0})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Files {
				got = append(got, f.Name)
			}
			slices.Sort(got)
			var want []string
			for _, n := range tt.names {
				want = append(want, strings.Replace(n, "V", "20240517093000", 1))
			}
			if tt.format == FormatFlyway {
				want = []string{"V20240517093000__init.sql"}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("first migration's files (-want +got):\n%s", diff)
			}
			if res.DumpPath != filepath.Join(filepath.Dir(dir), "derived_schema.sql") {
				t.Errorf("dump path %s", res.DumpPath)
			}

			res, err = Diff(ctx, l, DiffOptions{Dir: dir, Name: "add user names", Desired: v2, Now: t0.Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if res.Dir.Format != tt.format {
				t.Errorf("detected format %s, want %s", res.Dir.Format, tt.format)
			}
			d, err := ReadDir(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			if d.Format != tt.format && !(tt.format == FormatSQLx && tt.reversible) {
				t.Errorf("ReadDir detects %s, want %s", d.Format, tt.format)
			}
			d, err = ReadDir(dir, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			noTx := 0
			for _, f := range d.Files {
				stmts, err := effect.Parse(f.Up())
				if err != nil {
					t.Fatal(err)
				}
				alone := false
				for _, s := range stmts {
					alone = alone || strings.Contains(s.SQL, "CONCURRENTLY") || strings.Contains(s.SQL, "VALIDATE")
				}
				if !alone {
					continue
				}
				noTx++
				switch {
				case f.Tx == lint.TxFile || f.Tx == lint.TxFlyway:
					t.Errorf("%s: a statement that must run outside a transaction is in a file its runner wraps in one:\n%s", f.Name, f.Up())
				case len(stmts) != 1:
					t.Errorf("%s: a no-transaction file holds %d statements:\n%s", f.Name, len(stmts), f.Up())
				}
			}
			// Two concurrent index builds and a validation.
			if noTx != 3 {
				t.Errorf("%d no-transaction files, want 3", noTx)
			}

			check, err := Check(ctx, l, CheckOptions{Dir: dir, Format: tt.format, Desired: v2})
			if err != nil {
				t.Fatal(err)
			}
			if !check.OK() {
				t.Errorf("check: sum %v, %d missing statements, dump diff:\n%s", check.Sum, len(check.Missing.Statements), check.DumpDiff)
			}

			// Nothing to do the third time: nothing is written.
			before := readTree(t, filepath.Dir(dir))
			res, err = Diff(ctx, l, DiffOptions{Dir: dir, Name: "again", Desired: v2, Now: t0.Add(2 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Up.Statements) != 0 || len(res.Files) != 0 {
				t.Errorf("third diff: %d statements, %d files", len(res.Up.Statements), len(res.Files))
			}
			if diff := cmp.Diff(before, readTree(t, filepath.Dir(dir))); diff != "" {
				t.Errorf("third diff changed files (-before +after):\n%s", diff)
			}

			reversible, _ := d.Reversible(tt.reversible)
			if !reversible {
				return
			}
			// Down migrations of the second migration, newest first, bring
			// the replay back to the first migration's state.
			url := pgtest.New(t)
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			for _, s := range d.Scripts() {
				if err := apply.RunScript(ctx, conn, s); err != nil {
					t.Fatal(err)
				}
			}
			files, err := SumFiles(dir)
			if err != nil {
				t.Fatal(err)
			}
			for i := len(d.Files) - 1; i >= 1; i-- {
				f := d.Files[i]
				name, text := f.Name, f.Text
				if strings.HasSuffix(name, ".up.sql") {
					name = strings.TrimSuffix(name, ".up.sql") + ".down.sql"
					text = string(files[name])
				}
				down, oneQuery := downText(tt.format, name, text)
				mode := apply.OneTransaction
				if !oneQuery {
					mode = apply.Autocommit
				}
				if err := apply.RunScript(ctx, conn, apply.Script{Name: name + " (down)", SQL: down, Mode: mode}); err != nil {
					t.Fatal(err)
				}
			}
			back, err := l.Database(ctx, conn, nil)
			if err != nil {
				t.Fatal(err)
			}
			sameRealm(t, "after the down migrations", v1.Realm, back.Realm)
		})
	}
}

// TestDiffRefusals checks that migrate diff refuses a directory that does
// not match its sum, and that a failure leaves every file as it was.
func TestDiffRefusals(t *testing.T) {
	ctx := context.Background()
	l := newLoader(t)
	v1, v2 := desired(t, l, splitFrom), desired(t, l, splitTo)
	t0 := time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)
	setup := func(t *testing.T) (root, dir string) {
		root = t.TempDir()
		dir = filepath.Join(root, "migrations")
		if _, err := Diff(ctx, l, DiffOptions{Dir: dir, Name: "init", Desired: v1, Now: t0}); err != nil {
			t.Fatal(err)
		}
		return root, dir
	}
	const first = "20240517093000_init.sql"

	tests := []struct {
		name   string
		change func(t *testing.T, dir string) DiffOptions
		want   string // in the error
	}{
		{"edited migration", func(t *testing.T, dir string) DiffOptions {
			os.WriteFile(filepath.Join(dir, first), []byte("CREATE TABLE x ();\n"), 0o644)
			return DiffOptions{}
		}, first + ": edited after it was written"},
		{"deleted migration", func(t *testing.T, dir string) DiffOptions {
			os.Remove(filepath.Join(dir, first))
			return DiffOptions{}
		}, first + ": deleted or renamed by hand"},
		{"migration added by hand", func(t *testing.T, dir string) DiffOptions {
			os.WriteFile(filepath.Join(dir, "20240518000000_hand.sql"), []byte("CREATE TABLE x ();\n"), 0o644)
			return DiffOptions{}
		}, "20240518000000_hand.sql: added by hand"},
		{"sum deleted", func(t *testing.T, dir string) DiffOptions {
			os.Remove(filepath.Join(dir, SumFile))
			return DiffOptions{}
		}, "has migrations but no schemactl.sum"},
		{"dump cannot be written", func(t *testing.T, dir string) DiffOptions {
			blocker := filepath.Join(filepath.Dir(dir), "not-a-folder")
			os.WriteFile(blocker, []byte("x"), 0o644)
			return DiffOptions{DumpPath: filepath.Join(blocker, "derived_schema.sql")}
		}, "not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, dir := setup(t)
			opts := tt.change(t, dir)
			opts.Dir, opts.Name, opts.Desired, opts.Now = dir, "next", v2, t0.Add(time.Hour)
			before := readTree(t, root)
			_, err := Diff(ctx, l, opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Diff error = %v, want one containing %q", err, tt.want)
			}
			if diff := cmp.Diff(before, readTree(t, root)); diff != "" {
				t.Errorf("a refused diff changed files (-before +after):\n%s", diff)
			}
		})
	}

	t.Run("planned against a database the directory does not describe", func(t *testing.T) {
		root, dir := setup(t)
		// The database has a table that the directory never created; the
		// migration alters it, so it cannot be replayed after the others.
		db := desired(t, l, splitFrom+`
table "logins" {
  schema = schema.public
  column "user_id" {
    type = bigint
  }
}
`)
		before := readTree(t, root)
		_, err := Diff(ctx, l, DiffOptions{Dir: dir, Name: "next", Current: db, Desired: v2, Now: t0.Add(time.Hour)})
		if err == nil || !strings.Contains(err.Error(), "does not hold that database's history") {
			t.Fatalf("Diff error = %v", err)
		}
		var applyErr *apply.Error
		if !errors.As(err, &applyErr) {
			t.Errorf("the replay's error is not reachable: %T", err)
		}
		if diff := cmp.Diff(before, readTree(t, root)); diff != "" {
			t.Errorf("files changed (-before +after):\n%s", diff)
		}
	})
}

// TestCheckReports checks what migrate check finds: a stale or missing
// dump, and statements the replay lacks.
func TestCheckReports(t *testing.T) {
	ctx := context.Background()
	l := newLoader(t)
	v1, v2 := desired(t, l, splitFrom), desired(t, l, splitTo)
	root := t.TempDir()
	dir := filepath.Join(root, "migrations")
	if _, err := Diff(ctx, l, DiffOptions{Dir: dir, Name: "init", Desired: v1}); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(root, DumpFile)

	res, err := Check(ctx, l, CheckOptions{Dir: dir, Desired: v1})
	if err != nil || !res.OK() {
		t.Fatalf("fresh directory: %v %+v", err, res)
	}

	res, err = Check(ctx, l, CheckOptions{Dir: dir, Desired: v2})
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, s := range res.Missing.Statements {
		missing = append(missing, s.SQL)
	}
	if !slices.Contains(missing, "CREATE INDEX CONCURRENTLY users_name_idx ON public.users (name)") || res.OK() {
		t.Errorf("missing statements: %q", missing)
	}

	old, _ := os.ReadFile(dump)
	os.WriteFile(dump, []byte(strings.Replace(string(old), "email text NOT NULL", "email text", 1)), 0o644)
	res, err = Check(ctx, l, CheckOptions{Dir: dir, Desired: v1})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.DumpDiff, "-    email text,\n+    email text NOT NULL,\n") || res.OK() {
		t.Errorf("stale dump diff:\n%s", res.DumpDiff)
	}

	os.Remove(dump)
	res, err = Check(ctx, l, CheckOptions{Dir: dir, Desired: v1})
	if err != nil || !res.DumpMissing || res.OK() {
		t.Errorf("missing dump: %v %+v", err, res)
	}

	if _, err := Check(ctx, l, CheckOptions{Dir: filepath.Join(root, "nope"), Desired: v1}); err == nil {
		t.Error("Check of a missing directory did not fail")
	}
}

// TestDumpRoundTrip applies the derived dump of a directory to an empty
// database and requires the schema of the replay: the dump is a faithful
// picture of the migrations. The schema is the platform example's.
func TestDumpRoundTrip(t *testing.T) {
	ctx := context.Background()
	l := newLoader(t)
	st, err := l.Files(ctx, []string{"../../examples/platform/schema.hcl"})
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dir := filepath.Join(root, "migrations")
	res, err := Diff(ctx, l, DiffOptions{Dir: dir, Name: "platform", Desired: st})
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := Open(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	replayed, err := Replay(ctx, l, d)
	if err != nil {
		t.Fatal(err)
	}
	url := pgtest.New(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := apply.RunScript(ctx, conn, apply.Script{Name: res.DumpPath, SQL: string(res.NewDump)}); err != nil {
		t.Fatal(err)
	}
	fromDump, err := l.Database(ctx, conn, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameRealm(t, "dump applied to an empty database vs replay", replayed.Realm, fromDump.Realm)
	again, _, err := DumpDir(ctx, l, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(res.NewDump) {
		t.Error("DumpDir differs from the dump migrate diff wrote")
	}
}

// TestReplayRunsFilesLikeTheirRunner checks the transaction handling of
// the replay, and that its errors point into the file.
func TestReplayRunsFilesLikeTheirRunner(t *testing.T) {
	ctx := context.Background()
	l := newLoader(t)
	const table = "CREATE TABLE t (a int, b int);\n"
	tests := []struct {
		name   string
		format Format
		files  map[string]string
		want   string // in the error; "" for success
	}{
		{"sqlx: two concurrent builds in one file fail", FormatSQLx, map[string]string{
			"1_t.sql": table,
			"2_i.sql": "-- no-transaction\nCREATE INDEX CONCURRENTLY ta ON t (a);\nCREATE INDEX CONCURRENTLY tb ON t (b);\n",
		}, "2_i.sql:2:1: error: PostgreSQL rejected the statement: CREATE INDEX CONCURRENTLY cannot run inside a transaction block"},
		{"sqlx: a concurrent build alone in a file without the marker fails", FormatSQLx, map[string]string{
			"1_t.sql": table,
			"2_i.sql": "\nCREATE INDEX CONCURRENTLY ta ON t (a);\n",
		}, "2_i.sql:2:1: error: PostgreSQL rejected the statement: CREATE INDEX CONCURRENTLY cannot run inside a transaction block"},
		{"goose: a concurrent build in a transaction fails", FormatGoose, map[string]string{
			"1_t.sql": "-- +goose Up\n" + table,
			"2_i.sql": "-- +goose Up\nCREATE INDEX CONCURRENTLY ta ON t (a);\n",
		}, "2_i.sql:2:1"},
		{"sqlx: an error inside the transaction points at its statement", FormatSQLx, map[string]string{
			"1_t.sql": table,
			"2_x.sql": "CREATE TABLE u (a int);\nALTER TABLE t ADD COLUMN a int;\n",
		}, "2_x.sql:2:1"},
		{"sqlx: one per file runs", FormatSQLx, map[string]string{
			"1_t.sql": table,
			"2_i.sql": "-- no-transaction\nCREATE INDEX CONCURRENTLY ta ON t (a);\n",
			"3_i.sql": "-- no-transaction\nCREATE INDEX CONCURRENTLY tb ON t (b);\n",
		}, ""},
		{"goose NO TRANSACTION runs statements alone", FormatGoose, map[string]string{
			"1_t.sql": "-- +goose Up\n" + table,
			"2_i.sql": "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY ta ON t (a);\nCREATE INDEX CONCURRENTLY tb ON t (b);\n-- +goose Down\nDROP INDEX ta;\n",
		}, ""},
		{"goose: the down section does not run, errors point into the file", FormatGoose, map[string]string{
			"1_t.sql": "-- +goose Up\n" + table + "-- +goose Down\nDROP TABLE t;\n",
			"2_x.sql": "-- +goose Up\n\nALTER TABLE t ADD COLUMN a int;\n",
		}, "2_x.sql:3:"},
		{"golang-migrate: a file is one query string", FormatGolangMigrate, map[string]string{
			"1_t.up.sql":   table,
			"1_t.down.sql": "DROP TABLE t;\n",
			"2_i.up.sql":   "CREATE TABLE u (a int);\nCREATE INDEX CONCURRENTLY ta ON t (a);\n",
			"2_i.down.sql": "DROP INDEX ta;\n",
		}, "2_i.up.sql:2:1"},
		{"dbmate transaction:false", FormatDbmate, map[string]string{
			"1_t.sql": "-- migrate:up\n" + table + "\n-- migrate:down\nDROP TABLE t;\n",
			"2_i.sql": "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY ta ON t (a);\n\n-- migrate:down\nDROP INDEX ta;\n",
		}, ""},
		{"flyway runs a concurrent build alone", FormatFlyway, map[string]string{
			"V1__t.sql": table,
			"V2__i.sql": "CREATE INDEX CONCURRENTLY ta ON t (a);\n",
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeDir(t, tt.files)
			d, err := ReadDir(dir, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Replay(ctx, l, d)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Replay: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Replay error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestDiffEnumValueUsed checks a value added to an enum and used in the
// same migration: PostgreSQL accepts the use only once the addition is
// committed, so the addition goes into a no-transaction file of its own,
// before the file that uses it, and the replay succeeds.
func TestDiffEnumValueUsed(t *testing.T) {
	ctx := context.Background()
	l := newLoader(t)
	const from = `
schema "public" {}
enum "status" {
  schema = schema.public
  values = ["queued", "done"]
}
table "jobs" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "status" {
    type    = enum.status
    default = "queued"
  }
}
`
	to := strings.Replace(strings.Replace(from, `["queued", "done"]`, `["queued", "running", "done"]`, 1), `default = "queued"`, `default = "running"`, 1)
	dir := filepath.Join(t.TempDir(), "migrations")
	t0 := time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)
	if _, err := Diff(ctx, l, DiffOptions{Dir: dir, Name: "init", Desired: desired(t, l, from), Now: t0}); err != nil {
		t.Fatal(err)
	}
	res, err := Diff(ctx, l, DiffOptions{Dir: dir, Name: "running", Desired: desired(t, l, to), Now: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Name+": "+strings.Join(strings.Fields(strings.ReplaceAll(string(f.Data), "\n", " ")), " "))
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "20240517103000_running.sql: -- no-transaction ") ||
		!strings.Contains(got[0], "ALTER TYPE public.status ADD VALUE 'running' AFTER 'queued';") ||
		!strings.Contains(got[1], "SET DEFAULT 'running'") {
		t.Errorf("files:\n%s", strings.Join(got, "\n"))
	}
}

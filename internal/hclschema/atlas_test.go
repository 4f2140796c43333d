package hclschema_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schemactl/schemactl/internal/diff"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/schema"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestAtlasHCL checks that schema HCL written as Atlas's PostgreSQL driver
// writes it builds the schema Atlas builds. Each testdata/atlas/NAME.hcl
// exercises features that Atlas's own docs, test archives and unit tests
// use (docs/hcl.md, "Atlas compatibility", lists them with their sources);
// the fixtures are ours. Beside it:
//
//   - NAME.sql is hand-written SQL for the schema that Atlas builds from
//     the HCL (as Atlas's test archives show it with \d). The HCL is
//     decoded, dumped as SQL and applied to one empty database, NAME.sql to
//     another; both are inspected and must not differ. The HCL that
//     inspect writes for the first must load back to the same realm.
//   - or NAME.unsupported holds the text of the diagnostic that schemactl
//     gives for a feature it does not support, with the reason in a
//     comment of the HCL file. The test fails when that stops being true,
//     so that the list in docs/hcl.md stays honest.
//
// inspectGaps are fixtures whose schema builds right but whose inspected
// realm does not encode to HCL that loads, for a reason outside the codec.
// The test checks that the gap is still there, so that the entry goes when
// it is fixed.
var inspectGaps = map[string]string{}

func TestAtlasHCL(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "atlas", "*.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".hcl")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			base := strings.TrimSuffix(path, ".hcl")
			if want, err := os.ReadFile(base + ".unsupported"); err == nil {
				checkUnsupported(t, path, strings.TrimSpace(string(want)))
				return
			}
			wantSQL, err := os.ReadFile(base + ".sql")
			if err != nil {
				t.Fatalf("%s has neither a .sql nor a .unsupported file: %v", path, err)
			}
			checkAtlasFixture(t, path, string(wantSQL), inspectGaps[name])
		})
	}
}

func checkUnsupported(t *testing.T, path, want string) {
	t.Helper()
	_, diags := hclschema.DecodeFile(path)
	if !diags.HasErrors() {
		t.Fatalf("%s loads now; move it to the supported fixtures (add a .sql file) and update docs/hcl.md", path)
	}
	if !strings.Contains(diags.Error(), want) {
		t.Errorf("diagnostics of %s do not contain %q:\n%s", path, want, diags.Error())
	}
}

func checkAtlasFixture(t *testing.T, path, wantSQL, gap string) {
	t.Helper()
	decoded, diags := hclschema.DecodeFile(path)
	if diags.HasErrors() {
		t.Fatalf("does not load:\n%s", diags.Error())
	}
	var dump strings.Builder
	if err := plan.Dump(decoded, &dump); err != nil {
		t.Fatalf("dump: %v", err)
	}
	fromHCL := connect(t, pgtest.New(t))
	run(t, fromHCL, dump.String(), "the dump of "+path)
	fromSQL := connect(t, pgtest.New(t))
	run(t, fromSQL, wantSQL, strings.TrimSuffix(path, ".hcl")+".sql")

	// The realms compare types without a default precision
	// (schema.WithoutDefaultPrecision); the catalogs must agree on them
	// as written, as psql's \d in Atlas's archives shows them.
	if g, w := columnTypes(t, fromHCL), columnTypes(t, fromSQL); g != w {
		t.Errorf("the column types differ from the SQL's:\n got: %s\nwant: %s", g, w)
	}
	got, want := inspectRealm(t, fromHCL), inspectRealm(t, fromSQL)
	changes, err := diff.Realms(got, want, diff.Options{})
	if err != nil {
		t.Fatalf("diff: %v", err)
	}
	if len(changes) > 0 {
		var b strings.Builder
		for _, c := range changes {
			b.WriteString("  " + describe(c) + "\n")
		}
		t.Errorf("the HCL builds another schema than the SQL; the changes from the HCL's to the SQL's:\n%s\ndump of the HCL:\n%s", b.String(), dump.String())
	}
	// inspect --format hcl of what was built loads back to the same realm.
	text := hclschema.Encode(got)
	back, diags := hclschema.DecodeBytes(text, "inspected.hcl")
	if gap != "" {
		if !strings.Contains(diags.Error(), gap) {
			t.Errorf("the known gap %q is gone (diagnostics: %v); remove it from inspectGaps", gap, diags)
		}
		return
	}
	if diags.HasErrors() {
		t.Fatalf("the inspected schema's HCL does not load:\n%s\n%s", diags.Error(), text)
	}
	if changes, err := diff.Realms(got, back, diff.Options{}); err != nil || len(changes) > 0 {
		t.Errorf("the inspected schema's HCL loads as another schema (err %v, %d changes):\n%s", err, len(changes), text)
	}
}

// describe names a change for a failure message: its type and, through
// %+v, its fields (objects print as pointers, which is enough to tell
// which kind of object differs; the dump printed beside it says the rest).
func describe(c diff.Change) string {
	return fmt.Sprintf("%T %+v", c, c)
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// run executes a script of several statements as one simple-protocol
// request, as psql -f would.
func run(t *testing.T, conn *pgx.Conn, script, what string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), script, pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, script)
	}
}

// columnTypes lists every column of the user's tables with its type as
// format_type prints it from the catalog.
func columnTypes(t *testing.T, conn *pgx.Conn) string {
	t.Helper()
	var list string
	err := conn.QueryRow(context.Background(), `
		SELECT coalesce(string_agg(format('%s.%s %s', c.oid::regclass, a.attname, format_type(a.atttypid, a.atttypmod)), ', '
		       ORDER BY c.oid::regclass::text, a.attnum), '')
		  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'c')
		   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`).Scan(&list)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func inspectRealm(t *testing.T, conn *pgx.Conn) *schema.Realm {
	t.Helper()
	r, unsupported, err := inspect.Realm(context.Background(), conn, inspect.Options{})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	if len(unsupported) > 0 {
		t.Errorf("inspect lists objects it cannot model: %v", unsupported)
	}
	return r
}

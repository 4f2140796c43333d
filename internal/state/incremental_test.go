package state

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/inspect"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/schema"
)

// TestIncrementalEqualsFull edits schema.hcl from the `from` to the `to`
// schema of every convergence case and checks that the canonical state the
// loader builds from what changed equals the one a fresh loader builds
// from scratch. It also checks that the shortcut was taken often enough to
// mean something.
func TestIncrementalEqualsFull(t *testing.T) {
	files, err := filepath.Glob("../convergence/testdata/*/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no convergence cases: %v", err)
	}
	files = sampleCases(files)
	ctx := context.Background()
	var partial atomic.Int64
	t.Cleanup(func() {
		// After the parallel subtests: most edits of a case touch a few
		// objects of a small schema, which the loader canonicalises in part.
		if n, min := partial.Load(), int64(len(files))/3; n < min {
			t.Errorf("only %d of %d edits were canonicalised in part (want %d); the test no longer exercises the shortcut", n, len(files), min)
		}
	})
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var setup, from, to string
		skip := false
		minMajor, minWhy := 0, ""
		for _, f := range ar.Files {
			switch f.Name {
			case "setup.sql":
				// Roles the case's grants and policies name: they are
				// cluster-wide, so creating them in hclOf's database makes
				// them exist for the loaders too.
				setup = string(f.Data)
			case "from.sql":
				from = string(f.Data)
			case "to.sql":
				to = string(f.Data)
			case "plan-error":
				skip = true
			case "min-version":
				// "15 NULLS NOT DISTINCT", as the convergence suite reads it.
				major, why, _ := strings.Cut(strings.TrimSpace(string(f.Data)), " ")
				minMajor, _ = strconv.Atoi(major)
				minWhy = why
			}
		}
		if skip {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(file), "../convergence/testdata/"), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if minMajor != 0 {
				pgtest.RequireMajor(t, minMajor, minWhy)
			}
			// The convergence suite fails a case with objects the model
			// does not hold, so none has any.
			fromHCL := hclOf(t, setup+from)
			toHCL := hclOf(t, setup+to)
			path := filepath.Join(t.TempDir(), "schema.hcl")
			l := newLoader(t)
			l.alwaysPartial = true // small schemas: take the shortcut anyway
			for _, src := range [][]byte{fromHCL, toHCL} {
				if err := os.WriteFile(path, src, 0o644); err != nil {
					t.Fatal(err)
				}
				if _, err := l.Files(ctx, []string{path}); err != nil {
					t.Fatalf("load:\n%s\n%v", src, err)
				}
			}
			got, err := l.Files(ctx, []string{path})
			if err != nil {
				t.Fatal(err)
			}
			want, err := newLoader(t).Files(ctx, []string{path})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(realmJSON(t, want.Realm), realmJSON(t, got.Realm)); d != "" {
				t.Errorf("canonical state after the edit differs from a full canonicalisation (-full +incremental):\n%s", d)
			}
			partial.Add(l.partialRuns.Load())
		})
	}
}

// sampleCases returns every incrementalSample-th case of each category of
// files (sorted by name, starting with the first), or all of them when
// SCHEMACTL_TEST_ALL_CASES=1. The property under test is the loader's,
// not the case's: a quarter of each category reaches every kind of edit
// the shortcut handles, at a quarter of the suite's cost, which keeps the
// package inside CI's budget when it runs on several PostgreSQL versions.
func sampleCases(files []string) []string {
	if os.Getenv("SCHEMACTL_TEST_ALL_CASES") == "1" {
		return files
	}
	files = slices.Clone(files)
	slices.Sort(files)
	var out []string
	seen := map[string]int{}
	for _, f := range files {
		category := filepath.Base(filepath.Dir(f))
		if seen[category]%incrementalSample == 0 {
			out = append(out, f)
		}
		seen[category]++
	}
	return out
}

// incrementalSample is the share of convergence cases (one in this many,
// per category) that TestIncrementalEqualsFull runs by default.
const incrementalSample = 4

// hclOf applies sql to a new database and returns its realm as HCL. A
// database with objects the model does not hold fails the test.
func hclOf(t *testing.T, sql string) []byte {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := apply.RunScript(ctx, conn, apply.Script{Name: "case.sql", SQL: sql}); err != nil {
		t.Fatal(err)
	}
	r, unsupported, err := inspect.Realm(ctx, conn, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(unsupported) > 0 {
		t.Fatalf("objects the model does not hold: %v", unsupported)
	}
	return hclschema.Encode(r)
}

func realmJSON(t *testing.T, r *schema.Realm) string {
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// chainHCL declares n tables, each with a foreign key to the one before,
// and extra as more HCL.
func chainHCL(n int, extra string) []byte {
	var b strings.Builder
	b.WriteString("schema \"public\" {}\n")
	for i := range n {
		fmt.Fprintf(&b, "table \"t%d\" {\n  schema = schema.public\n  column \"id\" {\n    type = bigint\n  }\n", i)
		if i == 0 {
			b.WriteString(extra)
		}
		b.WriteString("  column \"parent\" {\n    type = bigint\n    null = true\n  }\n  primary_key {\n    columns = [column.id]\n  }\n")
		if i > 0 {
			fmt.Fprintf(&b, "  foreign_key \"t%d_parent_fk\" {\n    columns     = [column.parent]\n    ref_columns = [table.t%d.column.id]\n  }\n", i, i-1)
		}
		b.WriteString("}\n")
	}
	return []byte(b.String())
}

// TestIncrementalChain edits the first of a chain of tables linked by
// foreign keys: the tables that refer to it are checked again, but the
// check does not run down the chain, and an edit that breaks a reference
// is still reported.
func TestIncrementalChain(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "schema.hcl")
	l := newLoader(t)
	load := func(src []byte) (*State, error) {
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		return l.Files(ctx, []string{path})
	}
	if _, err := load(chainHCL(10, "")); err != nil {
		t.Fatal(err)
	}
	got, err := load(chainHCL(10, "  column \"note\" {\n    type = text\n    null = true\n  }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if n := l.partialRuns.Load(); n != 1 {
		t.Fatalf("%d partial runs, want 1", n)
	}
	want, err := newLoader(t).Files(ctx, []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(realmJSON(t, want.Realm), realmJSON(t, got.Realm)); d != "" {
		t.Errorf("incremental state differs from a full canonicalisation (-full +incremental):\n%s", d)
	}
	// t0's key becomes text, which t1's bigint foreign key cannot
	// reference: PostgreSQL refuses the desired state, partial run or not.
	broken := strings.Replace(string(chainHCL(10, "")), "column \"id\" {\n    type = bigint\n", "column \"id\" {\n    type = text\n", 1)
	if _, err := load([]byte(broken)); err == nil || !strings.Contains(err.Error(), "cannot be implemented") {
		t.Fatalf("load of a broken reference: %v, want PostgreSQL's refusal", err)
	}
}

// TestIncrementalRenames renames a table and a column of a two-table
// schema after a first load: the renames reach the canonical state, as
// after a full canonicalisation, and are gone again once taken back.
func TestIncrementalRenames(t *testing.T) {
	ctx := context.Background()
	const before = `schema "public" {}
table "users" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "name" {
    type = text
  }
  primary_key {
    columns = [column.id]
  }
}
table "teams" {
  schema = schema.public
  column "id" {
    type = bigint
  }
  column "owner" {
    type = bigint
  }
  primary_key {
    columns = [column.id]
  }
  foreign_key "teams_owner_fk" {
    columns     = [column.owner]
    ref_columns = [table.people.column.id]
  }
}
`
	renamed := strings.NewReplacer(
		`table "users" {`, "table \"people\" {\n  renamed_from = \"users\"",
		`column "name" {`, "column \"full_name\" {\n    renamed_from = \"name\"",
	).Replace(before)
	before2 := strings.Replace(before, "table.people.column.id", "table.users.column.id", 1)
	path := filepath.Join(t.TempDir(), "schema.hcl")
	l := newLoader(t)
	l.alwaysPartial = true
	for i, src := range []string{before2, renamed, before2} {
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := l.Files(ctx, []string{path})
		if err != nil {
			t.Fatalf("load %d: %v", i, err)
		}
		want, err := newLoader(t).Files(ctx, []string{path})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(realmJSON(t, want.Realm), realmJSON(t, got.Realm)); d != "" {
			t.Errorf("load %d differs from a full canonicalisation (-full +incremental):\n%s", i, d)
		}
	}
	// The third load has the bytes of the first: it comes from the cache.
	if n := l.partialRuns.Load(); n != 1 {
		t.Errorf("%d partial runs, want 1", n)
	}
}

// TestNameClash finds two relations of a schema with one name, as a
// partial canonicalisation can leave behind when PostgreSQL would have
// given one of them a suffix.
func TestNameClash(t *testing.T) {
	realm := func(index string) *schema.Realm {
		r := &schema.Realm{Schemas: []*schema.Schema{{Name: "public", Tables: []*schema.Table{
			{Name: "a", PrimaryKey: &schema.Key{Name: "a_pkey"}},
			{Name: "b", Indexes: []*schema.Index{{Name: index}}},
		}}}}
		r.Link()
		return r
	}
	if nameClash(realm("b_idx")) {
		t.Error("distinct names reported as a clash")
	}
	if !nameClash(realm("a_pkey")) {
		t.Error("an index named like another table's primary key is not a clash")
	}
}

// TestIncrementalAroundTables edits tables that a view, a trigger and an
// inheritance child hang on: each edit is canonicalised in part (the view
// and the child are made again with their table) and gives the state a
// full canonicalisation gives.
func TestIncrementalAroundTables(t *testing.T) {
	ctx := context.Background()
	const base = `schema "public" {}
function "touch" {
  schema = schema.public
  lang   = PLpgSQL
  return = sql("trigger")
  as     = "BEGIN RETURN NEW; END"
}
table "parent" {
  schema = schema.public
  column "id" {
    type = integer
  }
}
table "child" {
  schema   = schema.public
  inherits = [table.parent]
  column "note" {
    type = text
    null = true
  }
}
table "users" {
  schema = schema.public
  column "id" {
    type = integer
  }
  column "name" {
    type = varchar(20)
  }
}
trigger "users_touch" {
  on = table.users
  before {
    update = true
  }
  for = ROW
  execute {
    function = function.touch
  }
}
view "names" {
  schema = schema.public
  as     = "SELECT id, name FROM public.users"
}
view "short_names" {
  schema = schema.public
  as     = "SELECT name FROM public.names WHERE id < 10"
}
` + "%s\n"
	edits := []string{
		"",
		// The type of a column the views show: they come out of the
		// partial run with the new type.
		`table "other" {
  schema = schema.public
  column "id" {
    type = integer
  }
}`,
	}
	src := []string{
		fmt.Sprintf(base, edits[0]),
		strings.Replace(fmt.Sprintf(base, edits[0]), "type = varchar(20)", "type = text", 1),
		strings.Replace(strings.Replace(fmt.Sprintf(base, edits[0]), "type = varchar(20)", "type = text", 1), "update = true", "insert = true", 1),
		strings.Replace(strings.Replace(fmt.Sprintf(base, edits[0]), "type = varchar(20)", "type = text", 1), "update = true", "insert = true\n    update = true", 1),
		strings.Replace(fmt.Sprintf(base, edits[1]), "table \"parent\" {\n  schema = schema.public\n", "table \"parent\" {\n  schema = schema.public\n  column \"added\" {\n    type = bigint\n    null = true\n  }\n", 1),
	}
	path := filepath.Join(t.TempDir(), "schema.hcl")
	l := newLoader(t)
	l.alwaysPartial = true
	for i, s := range src {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := l.Files(ctx, []string{path})
		if err != nil {
			t.Fatalf("load %d: %v", i, err)
		}
		if want := int64(i); l.partialRuns.Load() != want {
			t.Errorf("load %d: %d partial runs, want %d", i, l.partialRuns.Load(), want)
		}
		want, err := newLoader(t).Files(ctx, []string{path})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(realmJSON(t, want.Realm), realmJSON(t, got.Realm)); d != "" {
			t.Errorf("load %d differs from a full canonicalisation (-full +incremental):\n%s", i, d)
		}
	}
}

package state

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/schemactl/schemactl/internal/apply"
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
	ctx := context.Background()
	var partial atomic.Int64
	t.Cleanup(func() {
		// After the parallel subtests.
		if n := partial.Load(); n < 200 {
			t.Errorf("only %d edits were canonicalised in part; the test no longer exercises the shortcut", n)
		}
	})
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var from, to string
		skip := false
		for _, f := range ar.Files {
			switch f.Name {
			case "from.sql":
				from = string(f.Data)
			case "to.sql":
				to = string(f.Data)
			case "plan-error":
				skip = true
			}
		}
		if skip {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(file), "../convergence/testdata/"), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fromHCL, ok := hclOf(t, from)
			if !ok {
				t.Skip("objects the model does not hold")
			}
			toHCL, ok := hclOf(t, to)
			if !ok {
				t.Skip("objects the model does not hold")
			}
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

// hclOf applies sql to a new database and returns its realm as HCL, or
// false when the database holds objects the model does not.
func hclOf(t *testing.T, sql string) ([]byte, bool) {
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
	return schema.EncodeHCL(r), len(unsupported) == 0
}

func realmJSON(t *testing.T, r *schema.Realm) string {
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

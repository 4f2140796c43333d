package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/plan"
)

var update = flag.Bool("update", false, "rewrite golden files and scripts")

// testingM stops the test PostgreSQL server after the tests have run.
type testingM struct{ m *testing.M }

func (t testingM) Run() int { return pgtest.Main(t.m) }

func TestMain(m *testing.M) {
	testscript.Main(testingM{m}, map[string]func(){
		"schemactl": func() {
			// A plan that leaves a difference, for apply's rehearsal to catch.
			if os.Getenv("SCHEMACTL_TEST_DROP_LAST_STATEMENT") == "1" {
				planHook = func(p *plan.Plan) { p.Statements = p.Statements[:len(p.Statements)-1] }
			}
			os.Exit(run(context.Background(), os.Args, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs cmd/schemactl/testdata/script/*.txtar. A script that
// needs PostgreSQL starts with `[!db] skip`; Setup gives it a fresh database
// in $DATABASE_URL, and the server's superuser URL in $ADMIN_URL.
func TestScripts(t *testing.T) {
	testscript.Run(t, scriptParams(t, "testdata/script"))
}

func scriptParams(t *testing.T, dir string) testscript.Params {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return testscript.Params{
		Dir:                 dir,
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", filepath.Join(wd, "..", ".."))
			// The CLI must never pick up the developer's own database.
			for _, v := range []string{"DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "SCHEMACTL_DEV_URL"} {
				env.Setenv(v, "")
			}
			if !pgtest.Available() {
				if os.Getenv("SCHEMACTL_TEST_REQUIRE_DB") == "1" {
					_, _, err := pgtest.Create("probe")
					return err
				}
				return nil
			}
			url, drop, err := pgtest.Create(filepath.Base(env.WorkDir))
			if err != nil {
				return err
			}
			env.Defer(func() {
				if err := drop(); err != nil {
					env.T().Log(err)
				}
			})
			env.Setenv("DATABASE_URL", url)
			env.Setenv("ADMIN_URL", pgtest.AdminURL(t))
			// The test server doubles as the dev server: scratch databases
			// there are much cheaper than a throwaway server per script.
			env.Setenv("SCHEMACTL_DEV_URL", pgtest.AdminURL(t))
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "db" {
				return pgtest.Available(), nil
			}
			return false, nil
		},
	}
}

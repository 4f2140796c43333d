package convergence

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// caseTimeout bounds one case run; a quiet machine needs about a second.
const caseTimeout = 2 * time.Minute

// TestConvergence runs every case of testdata/<category>/<name>.txtar, with
// the desired state given as SQL and as HCL. A case's sections: setup.sql
// (run on both databases first: cluster-wide objects such as roles),
// from.sql (the starting schema), data.sql (rows added to it before planning),
// to.sql (the desired schema), managed (the schemas it manages, for the
// reader), renames (the renames the desired state declares, one
// "KIND SCHEMA.NAME FROM" a line, KIND table or view), plan-has and
// plan-lacks (texts the first plan must and must not hold, one a line),
// plan-error (the refusal a change PostgreSQL cannot make must produce,
// instead of a plan) and min-version (the oldest PostgreSQL whose syntax
// the case uses and what needs it, "15 NULLS NOT DISTINCT": the case is
// skipped, saying so, on older servers).
func TestConvergence(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no cases in testdata")
	}
	dev, err := devdb.Open(context.Background(), pgtest.AdminURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	t.Run("cases", func(t *testing.T) {
		for _, file := range files {
			c := readCase(t, file)
			for _, via := range testedVias(t, c) {
				t.Run(c.Name+"/"+via.String(), func(t *testing.T) {
					t.Parallel()
					if c.minMajor != 0 {
						pgtest.RequireMajor(t, c.minMajor, c.minWhy)
					}
					// A plan that waits on a lock forever fails its case
					// instead of stalling the suite until go test's timeout.
					ctx, cancel := context.WithTimeout(context.Background(), caseTimeout)
					defer cancel()
					start := time.Now()
					res, err := Run(ctx, dev, c.Case, via)
					if d := time.Since(start); d > caseTimeout/4 {
						t.Logf("slow case: %v", d.Round(time.Millisecond))
					}
					if err == nil {
						return
					}
					if !IsFailure(err) {
						t.Fatal(err) // the harness itself failed
					}
					if res != nil && res.Plan != nil {
						var sb strings.Builder
						res.Plan.WriteSQL(&sb)
						t.Logf("plan:\n%s", sb.String())
					}
					t.Fatalf("does not converge: %v", err)
				})
			}
		}
	})
}

// testedVias returns the modes to run c in: both, or only SQL when
// SCHEMACTL_CONVERGENCE_VIA=sql, as scripts/test-versions.sh asks on the
// extra PostgreSQL versions (the HCL mode differs only in decoding, which
// does not depend on the server), except for cases of a version-specific
// feature (a min-version tag), whose HCL round trip is run on every version
// that has it.
func testedVias(t *testing.T, c testCase) []Via {
	switch v := os.Getenv("SCHEMACTL_CONVERGENCE_VIA"); v {
	case "":
		return []Via{ViaSQL, ViaHCL}
	case "sql":
		if c.minMajor != 0 {
			return []Via{ViaSQL, ViaHCL}
		}
		return []Via{ViaSQL}
	case "hcl":
		return []Via{ViaHCL}
	default:
		t.Fatalf("SCHEMACTL_CONVERGENCE_VIA=%s: want sql or hcl", v)
		return nil
	}
}

// A testCase is a case and the oldest PostgreSQL it runs on.
type testCase struct {
	Case
	minMajor int    // from the min-version section; 0 for every version
	minWhy   string // what needs it
}

func readCase(t *testing.T, file string) testCase {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rel := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(file), "testdata/"), ".txtar")
	tc := testCase{Case: Case{Name: rel}}
	c := &tc.Case
	for _, f := range ar.Files {
		switch f.Name {
		case "from.sql":
			c.From = string(f.Data)
		case "to.sql":
			c.To = string(f.Data)
		case "setup.sql":
			// Run on both databases first: cluster-wide objects such as
			// the roles a policy names, which the harness cannot drop.
			c.Setup = string(f.Data)
		case "data.sql":
			c.Data = string(f.Data)
		case "renames":
			// One line per declared rename: KIND SCHEMA.NAME FROM.
			for _, line := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
				kind, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
				qname, from, _ := strings.Cut(strings.TrimSpace(rest), " ")
				schemaName, name, ok := strings.Cut(qname, ".")
				if !ok || from == "" {
					t.Fatalf("%s: renames: want KIND SCHEMA.NAME FROM, got %q", file, line)
				}
				c.Renames = append(c.Renames, Rename{Kind: kind, Schema: schemaName, Name: name, From: strings.TrimSpace(from)})
			}
		case "plan-has", "plan-lacks":
			for _, line := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
				if line = strings.TrimSpace(line); line == "" {
					continue
				}
				if f.Name == "plan-has" {
					c.PlanHas = append(c.PlanHas, line)
				} else {
					c.PlanLacks = append(c.PlanLacks, line)
				}
			}
		case "plan-error":
			c.PlanError = strings.TrimSpace(string(f.Data))
		case "min-version":
			// "15 NULLS NOT DISTINCT": the case uses what that PostgreSQL
			// brought, and is skipped, saying so, on older servers.
			major, why, _ := strings.Cut(strings.TrimSpace(string(f.Data)), " ")
			n, err := strconv.Atoi(major)
			if err != nil || n < 14 || strings.TrimSpace(why) == "" {
				t.Fatalf("%s: min-version must be a major version above 13 and what needs it, e.g. \"15 NULLS NOT DISTINCT\"; got %q", file, f.Data)
			}
			tc.minMajor, tc.minWhy = n, strings.TrimSpace(why)
		case "managed":
			// Every case manages the schemas of both sides; the section
			// documents intent and is checked to be non-empty.
			if strings.TrimSpace(string(f.Data)) == "" {
				t.Fatalf("%s: empty managed section", file)
			}
		default:
			t.Fatalf("%s: unknown section %q", file, f.Name)
		}
	}
	return tc
}

package convergence

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestConvergence runs every case of testdata/<category>/<name>.txtar, with
// the desired state given as SQL and as HCL. A case file holds from.sql,
// to.sql and optionally data.sql and managed (one schema per line).
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
	for _, file := range files {
		c := readCase(t, file)
		for _, via := range []Via{ViaSQL, ViaHCL} {
			t.Run(c.Name+"/"+via.String(), func(t *testing.T) {
				t.Parallel()
				res, err := Run(context.Background(), dev, c, via)
				if err != nil {
					if res != nil && res.Plan != nil {
						var sb strings.Builder
						res.Plan.WriteSQL(&sb)
						t.Logf("plan:\n%s", sb.String())
					}
					t.Fatal(err)
				}
			})
		}
	}
}

func readCase(t *testing.T, file string) Case {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rel := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(file), "testdata/"), ".txtar")
	c := Case{Name: rel}
	for _, f := range ar.Files {
		switch f.Name {
		case "from.sql":
			c.From = string(f.Data)
		case "to.sql":
			c.To = string(f.Data)
		case "data.sql":
			c.Data = string(f.Data)
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
	return c
}

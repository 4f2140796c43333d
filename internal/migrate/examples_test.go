package migrate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/realmjson"
	"github.com/schemactl/schemactl/internal/state"
)

// TestExamplesDumpReproducesReplay checks, for every migrations directory
// under examples/, the promise of the derived dump: it is what dump --dir
// writes, the replay holds nothing the model cannot represent (a dump
// without it would be a lie), and applying the dump to an empty database
// gives the same catalog as the replay.
func TestExamplesDumpReproducesReplay(t *testing.T) {
	dirs, _ := filepath.Glob("../../examples/*/migrations")
	if len(dirs) == 0 {
		t.Fatal("no examples/*/migrations found")
	}
	ctx := context.Background()
	// A throwaway server of its own: it creates the roles the examples'
	// migrations use without creating them (Terraform's, say).
	l, _ := throwawayLoader(t)
	for _, dir := range dirs {
		t.Run(filepath.Base(filepath.Dir(dir)), func(t *testing.T) {
			d, _, err := Open(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			replayed, err := Replay(ctx, l, d)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range replayed.Unsupported {
				t.Errorf("the replay holds an object the model cannot represent: %s", u)
			}
			var dump bytes.Buffer
			if err := plan.Dump(replayed.Realm, &dump); err != nil {
				t.Fatal(err)
			}
			// The committed dumps are PostgreSQL 15's words. Other majors
			// print some objects differently (16 stops qualifying a
			// single-table view's columns; 13 and 14 grant CREATE on
			// public to PUBLIC, which the dump shows): there the dump must
			// build exactly the replay's schema, as migrate check asks.
			if want, err := os.ReadFile(DefaultDumpPath(dir)); err != nil {
				t.Error(err)
			} else if string(want) != dump.String() {
				if pgtest.Major(t) == 15 {
					t.Errorf("%s is not the dump of the replay", DefaultDumpPath(dir))
				} else if same, err := SameSchema(ctx, l, replayed, DefaultDumpPath(dir), string(want)); err != nil {
					t.Fatal(err)
				} else if !same {
					t.Errorf("PostgreSQL %d: %s does not build the schema of the replay", pgtest.Major(t), DefaultDumpPath(dir))
				}
			}
			applied, err := l.Scripts(ctx, []apply.Script{{Name: "derived dump of " + dir, SQL: dump.String()}}, nil)
			if err != nil {
				t.Fatalf("the dump does not apply to an empty database: %v", err)
			}
			if a, b := realmJSON(t, replayed), realmJSON(t, applied); a != b {
				t.Errorf("the dump applied to an empty database differs from the replay:\n%s",
					UnifiedDiff("replay", "dump applied", a, b))
			}
		})
	}
}

func realmJSON(t *testing.T, st *state.State) string {
	t.Helper()
	var b bytes.Buffer
	if err := realmjson.Write(&b, st.Realm); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

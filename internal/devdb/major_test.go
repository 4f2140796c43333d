package devdb_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/schemactl/schemactl/internal/devdb"
	"github.com/schemactl/schemactl/internal/pgtest"
)

// TestOpenMajor checks that a dev server for a target of another major
// version is started from that version's binaries in the pg-install cache
// (scripts/pg-install.sh), and that a version installed nowhere falls back
// to the default server, whose version the caller then compares.
func TestOpenMajor(t *testing.T) {
	ctx := context.Background()
	pgtest.AdminURL(t) // skips or fails without PostgreSQL
	def, err := devdb.OpenMajor(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	defMajor := def.Major()
	def.Close()

	fallback, err := devdb.OpenMajor(ctx, "", 99)
	if err != nil {
		t.Fatal(err)
	}
	if fallback.Major() != defMajor {
		t.Errorf("OpenMajor(99) started PostgreSQL %d, want the default %d", fallback.Major(), defMajor)
	}
	fallback.Close()

	other := 0
	for m := 13; m <= 18; m++ {
		if _, err := os.Stat(filepath.Join(devdb.PGCacheDir(), strconv.Itoa(m), "bin", "postgres")); err == nil && m != defMajor {
			other = m
			break
		}
	}
	if other == 0 {
		t.Skipf("no PostgreSQL other than %d in %s (scripts/pg-install.sh installs one)", defMajor, devdb.PGCacheDir())
	}
	db, err := devdb.OpenMajor(ctx, "", other)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Major() != other {
		t.Errorf("OpenMajor(%d) started PostgreSQL %d from %s", other, db.Major(), db.Where())
	}
	id, devMajor, where, err := devdb.IdentityMajor(ctx, "", other)
	if err != nil {
		t.Fatal(err)
	}
	if devMajor != other || where != db.Where() || id == "" {
		t.Errorf("IdentityMajor(%d) = %q, %d, %q; want major %d at %s", other, id, devMajor, where, other, db.Where())
	}
	scratch, _, err := db.Scratch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, scratch, "CREATE TABLE t (id int)")
}

package state

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/pgtest"
)

// TestTargetMajorMismatchNoted checks that a loader whose dev server is not
// of the target's major version says so, once, with both versions, whether
// the canonical form is made or comes from the cache; and that it says
// nothing when the versions match.
func TestTargetMajorMismatchNoted(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "schema.hcl")
	if err := os.WriteFile(path, []byte(usersHCL), 0o644); err != nil {
		t.Fatal(err)
	}
	dev := pgtest.Major(t)
	cache := t.TempDir()
	load := func(target int) string {
		var stderr bytes.Buffer
		l := &Loader{DevURL: pgtest.AdminURL(t), CacheDir: cache, TargetMajor: target, Stderr: &stderr}
		defer l.Close()
		for range 2 {
			if _, err := l.Files(ctx, []string{path}); err != nil {
				t.Fatal(err)
			}
		}
		return stderr.String()
	}
	// No server of major 99 exists: the dev server is the test server.
	for _, pass := range []string{"made", "cached"} {
		got := load(99)
		want := "the target database is PostgreSQL 99 but the dev database is PostgreSQL " + strconv.Itoa(dev)
		if strings.Count(got, "schemactl: ") != 1 || !strings.Contains(got, want) || !strings.Contains(got, "scripts/pg-install.sh 99") {
			t.Errorf("%s: stderr = %q, want one note containing %q", pass, got, want)
		}
	}
	if got := load(dev); got != "" {
		t.Errorf("same major: stderr = %q, want nothing", got)
	}
	if got := load(0); got != "" {
		t.Errorf("unknown target: stderr = %q, want nothing", got)
	}
}

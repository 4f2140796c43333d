package state

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/apply"
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

// TestNewerSyntaxDiagnostic checks that a desired state in syntax newer than
// schemactl's parser (pg_query_go v5 is PostgreSQL 16's grammar) fails with
// a diagnostic at its file:line:col that says so, on every server version,
// and never reaches a crash.
func TestNewerSyntaxDiagnostic(t *testing.T) {
	l := newLoader(t)
	_, err := l.Scripts(context.Background(), []apply.Script{{Name: "to.sql", SQL: `
CREATE TABLE public.a (id bigint, twice bigint GENERATED ALWAYS AS (id * 2) STORED);
ALTER TABLE public.a ALTER COLUMN twice SET EXPRESSION AS (id * 3);`}}, nil)
	var ae *apply.Error
	if !errors.As(err, &ae) || ae.Line != 3 || ae.Column != 45 {
		t.Fatalf("err = %v, want an *apply.Error at to.sql:3:45", err)
	}
	for _, want := range []string{`to.sql:3:45: error: cannot parse the statement: syntax error at or near "EXPRESSION"`, "PostgreSQL 16's grammar"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("err = %q, want it to contain %q", err, want)
		}
	}
}

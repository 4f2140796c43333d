package state

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/schemactl/schemactl/internal/apply"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/schema"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const usersHCL = `schema "public" {}
table "people" {
  schema       = schema.public
  renamed_from = "users"
  column "id" {
    type = int
  }
  column "name" {
    type    = varchar(20)
    default = "x"
  }
}
`

func newLoader(t *testing.T) *Loader {
	l := &Loader{DevURL: pgtest.AdminURL(t), CacheDir: t.TempDir()}
	t.Cleanup(func() { l.Close() })
	return l
}

// TestFilesCanonicalAndCached loads HCL through the dev database: types and
// defaults come back spelled by PostgreSQL, the declared rename survives,
// and a second load of the same files comes from the cache, renames and all.
func TestFilesCanonicalAndCached(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "schema.hcl")
	if err := os.WriteFile(file, []byte(usersHCL), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newLoader(t)
	for i, wantCached := range []bool{false, true} {
		st, err := l.Files(ctx, []string{file})
		if err != nil {
			t.Fatal(err)
		}
		if st.Cached != wantCached {
			t.Errorf("load %d: cached = %v, want %v", i, st.Cached, wantCached)
		}
		tbl, ok := st.Realm.Table(qualified("public", "people"))
		if !ok {
			t.Fatalf("load %d: no table public.people", i)
		}
		if tbl.RenamedFrom != "users" {
			t.Errorf("load %d: RenamedFrom = %q, want users", i, tbl.RenamedFrom)
		}
		name, _ := tbl.Column("name")
		if name.Type != "character varying(20)" || name.Default != "'x'::character varying" {
			t.Errorf("load %d: name column = %q default %q, not canonical", i, name.Type, name.Default)
		}
	}
	// An edit misses the cache.
	if err := os.WriteFile(file, []byte(usersHCL+"\n# edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l.Close()
	st, err := l.Files(ctx, []string{file})
	if err != nil {
		t.Fatal(err)
	}
	// The comment changes the file but not the SQL: the last canonical
	// form of the file serves without a dev database.
	if !st.Cached {
		t.Errorf("an HCL edit that generates the same SQL should be served from the last canonical form")
	}
}

// TestFilesSQLErrorPosition checks that SQL the server rejects is reported
// at its file, line and column: where the server points, or else at the
// start of the statement.
func TestFilesSQLErrorPosition(t *testing.T) {
	for _, tc := range []struct {
		sql       string
		line, col int
	}{
		// The server points at the unknown type.
		{"CREATE TABLE a (id int);\n\nCREATE TABLE b (id int, x no_such_type);\n", 3, 27},
		// No position for a missing referenced table: the statement's start.
		{"CREATE TABLE a (id int);\n\n  CREATE TABLE b (id int REFERENCES nope);\n", 3, 3},
	} {
		file := filepath.Join(t.TempDir(), "schema.sql")
		os.WriteFile(file, []byte(tc.sql), 0o644)
		_, err := newLoader(t).Files(context.Background(), []string{file})
		var ae *apply.Error
		if !errors.As(err, &ae) {
			t.Fatalf("got %v, want an *apply.Error", err)
		}
		if ae.File != file || ae.Line != tc.line || ae.Column != tc.col {
			t.Errorf("error at %s:%d:%d, want %s:%d:%d (%v)", ae.File, ae.Line, ae.Column, file, tc.line, tc.col, err)
		}
	}
}

// TestExpand checks the rules for --to paths.
func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.hcl", "a.hcl", "notes.txt"} {
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644)
	}
	files, kind, err := expand([]string{dir})
	if err != nil || kind != ".hcl" || len(files) != 2 || filepath.Base(files[0]) != "a.hcl" {
		t.Errorf("expand(dir) = %v, %q, %v", files, kind, err)
	}
	os.WriteFile(filepath.Join(dir, "c.sql"), []byte("x"), 0o644)
	if _, _, err := expand([]string{dir}); err == nil {
		t.Error("a folder mixing .hcl and .sql should be refused")
	}
	if _, _, err := expand([]string{filepath.Join(dir, "notes.txt")}); err == nil {
		t.Error("a .txt file should be refused")
	}
	if _, _, err := expand(nil); err == nil {
		t.Error("no paths should be refused")
	}
}

func qualified(schemaName, name string) schema.QualifiedName {
	return schema.QualifiedName{Schema: schemaName, Name: name}
}

package migrate

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readTree returns every file under dir by relative path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteFiles(t *testing.T) {
	before := map[string]string{"m/1_a.sql": "a", "m/schemactl.sum": "old sum", "dump.sql": "old dump"}
	setup := func(t *testing.T) string {
		dir := t.TempDir()
		for n, s := range before {
			os.MkdirAll(filepath.Join(dir, filepath.Dir(n)), 0o755)
			if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	set := func(dir string) []FileWrite {
		return []FileWrite{
			{Path: filepath.Join(dir, "m/2_b.sql"), Data: []byte("b"), New: true},
			{Path: filepath.Join(dir, "m/3_b.sql"), Data: []byte("b2"), New: true},
			{Path: filepath.Join(dir, "m/schemactl.sum"), Data: []byte("new sum")},
			{Path: filepath.Join(dir, "dump.sql"), Data: []byte("new dump")},
		}
	}

	t.Run("all written", func(t *testing.T) {
		dir := setup(t)
		if err := WriteFiles(set(dir)); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"m/1_a.sql": "a", "m/2_b.sql": "b", "m/3_b.sql": "b2", "m/schemactl.sum": "new sum", "dump.sql": "new dump"}
		if diff := cmp.Diff(want, readTree(t, dir)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})

	t.Run("a migration is never rewritten", func(t *testing.T) {
		dir := setup(t)
		files := append(set(dir), FileWrite{Path: filepath.Join(dir, "m/1_a.sql"), Data: []byte("edited"), New: true})
		if err := WriteFiles(files); err == nil {
			t.Fatal("WriteFiles rewrote an existing migration")
		}
		if diff := cmp.Diff(before, readTree(t, dir)); diff != "" {
			t.Errorf("files changed (-want +got):\n%s", diff)
		}
	})

	t.Run("a file that cannot be written changes nothing", func(t *testing.T) {
		dir := setup(t)
		files := append(set(dir), FileWrite{Path: filepath.Join(dir, "dump.sql", "under-a-file"), Data: []byte("x")})
		if err := WriteFiles(files); err == nil {
			t.Fatal("WriteFiles did not fail")
		}
		if diff := cmp.Diff(before, readTree(t, dir)); diff != "" {
			t.Errorf("files changed (-want +got):\n%s", diff)
		}
	})

	// Each rename is atomic; when one fails part way through the set, the
	// files already renamed are put back.
	for fail := range 4 {
		t.Run("rename fails at file "+string(rune('1'+fail)), func(t *testing.T) {
			dir := setup(t)
			n := 0
			rename = func(from, to string) error {
				if n == fail {
					return errors.New("disk on fire")
				}
				n++
				return os.Rename(from, to)
			}
			defer func() { rename = os.Rename }()
			if err := WriteFiles(set(dir)); err == nil {
				t.Fatal("WriteFiles did not fail")
			}
			rename = os.Rename
			if diff := cmp.Diff(before, readTree(t, dir)); diff != "" {
				t.Errorf("files changed (-want +got):\n%s", diff)
			}
		})
	}
}

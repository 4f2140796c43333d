package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBadHCLExitsWithDiagnostics runs `schemactl dump --to` on every bad
// input of internal/hclschema/testdata/bad: each must exit 1 and print exactly the
// file:line:col lines of its golden file, and nothing on stdout. Decoding
// fails before any database is needed.
func TestBadHCLExitsWithDiagnostics(t *testing.T) {
	dir := filepath.Join("..", "..", "internal", "hclschema", "testdata", "bad")
	files, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("only %d bad inputs in %s", len(files), dir)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(path, ".hcl") + ".golden")
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"schemactl", "dump", "--to", path}, &stdout, &stderr)
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout: %q", stdout.String())
			}
			// The goldens name the file without its folder.
			got := strings.ReplaceAll(stderr.String(), dir+string(filepath.Separator), "")
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

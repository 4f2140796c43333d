package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecodeGolden decodes testdata/decode/*.hcl and compares the realm, or
// the diagnostics, with the .golden file beside each.
func TestDecodeGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/decode/*.hcl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r, diags := DecodeBytes(src, filepath.Base(path))
			got := formatDiagnostics(diags)
			if !diags.HasErrors() {
				got = dumpRealm(r) + got
			}
			golden(t, strings.TrimSuffix(path, ".hcl")+".golden", got)
		})
	}
}

// TestDecodeBad decodes testdata/bad/*.hcl, each a mistake, and compares the
// diagnostics with the .golden file beside each: one file:line:col line per
// diagnostic, as schemactl prints them.
func TestDecodeBad(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Errorf("only %d bad inputs, want at least 30", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r, diags := DecodeBytes(src, filepath.Base(path))
			if !diags.HasErrors() {
				t.Fatalf("no error")
			}
			if r != nil {
				t.Errorf("got a realm along with errors")
			}
			for _, d := range diags {
				if d.Subject == nil {
					t.Errorf("diagnostic without a position: %s: %s", d.Summary, d.Detail)
				}
			}
			golden(t, strings.TrimSuffix(path, ".hcl")+".golden", formatDiagnostics(diags))
		})
	}
}

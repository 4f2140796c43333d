package hclschema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemactl/schemactl/schema"
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

// TestDecodeFiles reads a realm spread over several files, given as a
// folder or one by one, and checks where each object was declared.
func TestDecodeFiles(t *testing.T) {
	dir := filepath.Join("testdata", "multi")
	files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	fromDir, diags := DecodeFiles(dir)
	if diags.HasErrors() {
		t.Fatalf("folder:\n%s", formatDiagnostics(diags))
	}
	// The same file twice, or once through its folder, is read once.
	fromFiles, diags := DecodeFiles(append(files, dir, files[0])...)
	if diags.HasErrors() {
		t.Fatalf("files:\n%s", formatDiagnostics(diags))
	}
	if diff := cmp.Diff(fromDir, fromFiles, realmCmp...); diff != "" {
		t.Errorf("folder and files differ:\n%s", diff)
	}
	s, _ := fromDir.Schema("public")
	users, ok := s.Table("users")
	if !ok {
		t.Fatal("no table users")
	}
	if got, want := posString(users.DeclRange), filepath.Join(dir, "03_users.hcl")+":1:1"; got != want {
		t.Errorf("users declared at %s, want %s", got, want)
	}
	members, _ := s.Table("members")
	if got := members.ForeignKeys[0].RefTable; got != (schema.QualifiedName{Schema: "public", Name: "users"}) {
		t.Errorf("foreign key references %v", got)
	}
	if got := members.Columns[1].Type; got != "public.role" {
		t.Errorf("role has type %q", got)
	}
	if members.Schema != s || members.Columns[0].Table != members {
		t.Error("the realm is not linked")
	}
}

// TestDecodeFilesErrors checks diagnostics about files themselves, and that
// an error names the file it is in.
func TestDecodeFilesErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	a := write("a.hcl", "schema \"public\" {}\n")
	b := write("b.hcl", "table \"t\" {\n  schema = schema.public\n  column \"c\" {\n    type = enum.missing\n  }\n}\n")
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"reference across files", []string{a, b}, b + ":4:12: error: Reference to undeclared enum: Enum \"missing\" is not declared.\n"},
		{"missing file", []string{filepath.Join(dir, "nope.hcl")}, "error: Failed to read file: stat " + filepath.Join(dir, "nope.hcl") + ": no such file or directory.\n"},
		{"empty folder", []string{empty}, "error: No HCL files: The folder \"" + empty + "\" holds no .hcl file.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, diags := DecodeFiles(tc.paths...)
			if r != nil {
				t.Error("got a realm along with errors")
			}
			if diff := cmp.Diff(tc.want, formatDiagnostics(diags)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

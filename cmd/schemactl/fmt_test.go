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

// runFmt runs schemactl fmt in-process and returns its exit code and output.
func runFmt(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"schemactl", "fmt"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

const (
	unformatted = "schema \"public\" {\ncomment=\"x\"\n}\ntable \"t\" {\n  schema = schema.public\n      column \"id\" {\n type=bigint\n  }\n}\n"
	formatted   = "schema \"public\" {\n  comment = \"x\"\n}\ntable \"t\" {\n  schema = schema.public\n  column \"id\" {\n    type = bigint\n  }\n}\n"
)

func TestFmtRewritesInPlace(t *testing.T) {
	dir := t.TempDir()
	messy := filepath.Join(dir, "messy.hcl")
	tidy := filepath.Join(dir, "tidy.hcl")
	if err := os.WriteFile(messy, []byte(unformatted), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tidy, []byte(formatted), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runFmt(t, messy, tidy)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if diff := cmp.Diff(messy+"\n", stdout); diff != "" {
		t.Errorf("printed names (-want +got):\n%s", diff)
	}
	got, err := os.ReadFile(messy)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(formatted, string(got)); diff != "" {
		t.Errorf("formatted file (-want +got):\n%s", diff)
	}
	fi, err := os.Stat(messy)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", fi.Mode().Perm())
	}
	// Nothing is left behind, and a second run changes nothing.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %d entries, want the 2 files", len(entries))
	}
	if code, stdout, _ := runFmt(t, messy); code != exitOK || stdout != "" {
		t.Errorf("second run: exit %d, stdout %q", code, stdout)
	}
}

func TestFmtFolderAndSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.hcl")
	if err := os.WriteFile(real, []byte(unformatted), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not { hcl"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link.hcl")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runFmt(t, link)
	if code != exitOK || stdout != link+"\n" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symbolic link was replaced: %v", err)
	}
	if got, _ := os.ReadFile(real); string(got) != formatted {
		t.Errorf("the link's target is not formatted:\n%s", got)
	}
	// A folder stands for its .hcl files; other files are left alone.
	if err := os.WriteFile(real, []byte(unformatted), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runFmt(t, dir)
	if code != exitOK || stdout != real+"\n" {
		t.Errorf("folder: exit %d, stdout %q", code, stdout)
	}
}

func TestFmtRefusesSyntaxErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.hcl")
	good := filepath.Join(dir, "good.hcl")
	broken := "table \"t\" {\n  schema = schema.public\n  column \"id\" {\n    type = bigint\n}\n"
	if err := os.WriteFile(bad, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(unformatted), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runFmt(t, bad, good)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	want := bad + ":1:11: error: Unclosed configuration block"
	if !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr %q, want it to start with %q", stderr, want)
	}
	if got, _ := os.ReadFile(bad); string(got) != broken {
		t.Errorf("a file with a syntax error was rewritten:\n%s", got)
	}
	if stdout != good+"\n" {
		t.Errorf("stdout %q: the file without errors should still be formatted", stdout)
	}
}

func TestFmtUsage(t *testing.T) {
	if code, _, stderr := runFmt(t); code != exitUsage {
		t.Errorf("no FILE: exit %d (stderr %q), want %d", code, stderr, exitUsage)
	}
	code, _, stderr := runFmt(t, filepath.Join(t.TempDir(), "missing.hcl"))
	if code != exitError || !strings.Contains(stderr, "missing.hcl") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}

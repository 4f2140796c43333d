package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/pgtest"
	"github.com/schemactl/schemactl/internal/state"
)

// listFiles returns every file under dir, relative to it, with contents.
func listFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
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

// TestProjectFileErrorsExit2: a schemactl.hcl that cannot be used stops
// every command with exit 2 and file:line:col, before anything runs or is
// written, and the URL's password never shows.
func TestProjectFileErrorsExit2(t *testing.T) {
	tests := []struct {
		name, file string
		args       []string
		want       string
	}{
		{"unknown attribute", "migrations {\n  dir = \"migrations\"\n}\nto = [\"schema.hcl\"]\ndev_ulr = \"postgres://localhost/x\"\n",
			[]string{"migrate", "check"}, `schemactl.hcl:5:1: error: Unsupported argument: An argument named "dev_ulr" is not expected here. Did you mean "dev_url"?`},
		{"missing dir", "migrations {\n  dir = \"migraitons\"\n}\nto = [\"schema.hcl\"]\n",
			[]string{"migrate", "hash"}, `schemactl.hcl:2:9: error: Missing migrations directory: migraitons: no such file or directory.`},
		{"unknown env", "env \"dev\" {}\n", []string{"diff", "--env", "prod"},
			`schemactl.hcl:1:1: error: Unknown env: The file declares no env "prod"; its envs are dev.`},
		{"bad url", "url = \"postgres://app:hunter2@db:5x/app\"\nto = [\"schema.hcl\"]\n", []string{"apply"},
			`schemactl.hcl:1:7: error: Invalid url: postgres://app:xxxxx@db:5x/app is not a postgres:// URL: invalid port ":5x" after host.`},
		{"bad lint rule", "lint {\n  rule \"drop-colum\" {}\n}\n", []string{"migrate", "lint", "--dir", "migrations"},
			`schemactl.hcl:2:3: error: Unknown lint rule: unknown rule "drop-colum"; did you mean "drop-column"?.`},
		{"migrate diff", "migrations {\n  dir = \"migrations\"\n  format = \"liquibase\"\n}\n", []string{"migrate", "diff", "add_x"},
			`schemactl.hcl:3:12: error: Invalid migrations format: unknown migrations format "liquibase"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			os.Mkdir("migrations", 0o755)
			os.WriteFile("migrations/20240101000000_a.sql", []byte("CREATE TABLE a (id int);\n"), 0o644)
			os.WriteFile("schema.hcl", []byte("schema \"public\" {}\n"), 0o644)
			os.WriteFile("schemactl.hcl", []byte(tt.file), 0o644)
			before := listFiles(t, dir)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"schemactl"}, tt.args...), &stdout, &stderr)
			if code != exitUsage {
				t.Errorf("exit %d, want 2; stderr:\n%s", code, stderr.String())
			}
			if !strings.HasPrefix(stderr.String(), tt.want) {
				t.Errorf("stderr:\n%s\nwant it to start with:\n%s", stderr.String(), tt.want)
			}
			if strings.Contains(stderr.String()+stdout.String(), "hunter2") {
				t.Errorf("the password shows:\n%s", stderr.String())
			}
			if after := listFiles(t, dir); !equalFiles(before, after) {
				t.Errorf("files changed: before %v, after %v", keys(before), keys(after))
			}
		})
	}
}

func equalFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestMigrateInitUndo: when anything fails after migrate init has written
// its files (here the final check), the directory is as it was: new files
// are removed, and files --force overwrote get their old contents back.
func TestMigrateInitUndo(t *testing.T) {
	if !pgtest.Available() {
		if os.Getenv("SCHEMACTL_TEST_REQUIRE_DB") == "1" {
			t.Fatal("no PostgreSQL")
		}
		t.Skip("no PostgreSQL")
	}
	t.Setenv("SCHEMACTL_DEV_URL", pgtest.AdminURL(t))
	root := t.TempDir()
	wd, _ := os.Getwd()
	if out, err := exec.Command("cp", "-r", filepath.Join(wd, "..", "..", "examples", "sqlx-runner-table"), root).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	proj := filepath.Join(root, "sqlx-runner-table")
	// The sum and the project file are new; schema.hcl and the dump exist
	// and are overwritten with --force.
	os.Remove(filepath.Join(proj, "migrations", migrate.SumFile))
	os.WriteFile(filepath.Join(proj, "schema.hcl"), []byte("# old\n"), 0o600)
	os.Chmod(filepath.Join(proj, "schema.hcl"), 0o600)
	before := listFiles(t, proj)

	initCheck = func(context.Context, *state.Loader, migrate.CheckOptions) (*migrate.CheckResult, error) {
		return nil, errors.New("check failed on purpose")
	}
	defer func() { initCheck = migrate.Check }()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"schemactl", "migrate", "init", "--dir", filepath.Join(proj, "migrations"), "--force"}, &stdout, &stderr)
	if code != exitError {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "check failed on purpose") || !strings.Contains(stderr.String(), "is as it was") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	after := listFiles(t, proj)
	if !equalFiles(before, after) {
		t.Errorf("the directory changed: before %v, after %v", keys(before), keys(after))
	}
	if fi, err := os.Stat(filepath.Join(proj, "schema.hcl")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("schema.hcl: %v, mode %v; want its old mode 0600", err, fi.Mode().Perm())
	}
}

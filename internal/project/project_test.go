package project

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"github.com/schemactl/schemactl/internal/lint"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testEnv is the environment getenv sees in the tests.
var testEnv = map[string]string{
	"TEST_DEV_URL": "postgres://dev:devpass@localhost/dev",
	"STAGING_URL":  "postgres://deploy:topsecret@staging.internal/app?sslmode=require",
	"BAD_URL":      "postgres://deploy:hunter2@[::1/app",
}

// TestLoad loads each testdata/load/*.hcl (from that folder, so paths in
// the goldens are short) and compares the settings, or the diagnostics as
// the CLI prints them, with the .golden file beside it. A first line
// "# env: NAME" chooses the env.
func TestLoad(t *testing.T) {
	dir := filepath.Join("testdata", "load")
	files, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, f := range files {
		name := filepath.Base(f)
		if name == "schema.hcl" {
			continue
		}
		t.Run(strings.TrimSuffix(name, ".hcl"), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Getenv: func(k string) (string, bool) { v, ok := testEnv[k]; return v, ok }}
			if env, ok := strings.CutPrefix(strings.SplitN(string(src), "\n", 2)[0], "# env: "); ok {
				opts.Env = env
			}
			s, diags := Load(name, opts)
			got := render(s, diags)
			for _, secret := range []string{"devpass", "topsecret", "hunter2", "s3cret"} {
				if strings.Contains(got, secret) && !strings.Contains(name, "full") && !strings.Contains(name, "default") {
					t.Errorf("output holds the password %q:\n%s", secret, got)
				}
			}
			golden := filepath.Join(wd, dir, strings.TrimSuffix(name, ".hcl")+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("%s (-want +got):\n%s", name, d)
			}
			if strings.HasPrefix(name, "bad_") && !diags.HasErrors() {
				t.Errorf("%s: no error", name)
			}
			if !strings.HasPrefix(name, "bad_") && diags.HasErrors() {
				t.Errorf("%s: unexpected errors", name)
			}
		})
	}
}

// render prints settings one per line, or diagnostics as file:line:col lines.
func render(s *Settings, diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s\n", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, d.Summary, d.Detail)
	}
	if s == nil {
		return b.String()
	}
	field := func(k string, v any) {
		switch v := v.(type) {
		case string:
			if v != "" {
				fmt.Fprintf(&b, "%s = %s\n", k, v)
			}
		case []string:
			if len(v) > 0 {
				fmt.Fprintf(&b, "%s = %s\n", k, strings.Join(v, ", "))
			}
		}
	}
	field("env", s.Env)
	field("dir", s.Dir)
	field("dir_format", s.DirFormat)
	field("dump", s.Dump)
	field("to", s.To)
	field("url", s.URL)
	field("dev_url", s.DevURL)
	field("schemas", s.Schemas)
	field("accept_unmanaged", s.AcceptUnmanaged)
	if len(s.Lint) > 0 {
		cfg := lint.DefaultConfig()
		s.ApplyLint(cfg)
		r, _ := lint.LookupRule("prefer-text")
		fmt.Fprintf(&b, "lint: %d block(s), small_table_rows = %v, prefer-text %s\n", len(s.Lint), cfg.SmallTableRows, cfg.Severity(r))
	}
	return b.String()
}

// TestFind looks for the project file in the working directory and its
// parents, up to the root of the repository and no further.
func TestFind(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	sub := filepath.Join(repo, "services", "api")
	for _, d := range []string{filepath.Join(repo, ".git"), sub} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Outside the repository: never used from inside it.
	if err := os.WriteFile(filepath.Join(root, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(sub); err != nil || got != "" {
		t.Errorf("Find(sub) = %q, %v; want none (the file above the repository does not count)", got, err)
	}
	if err := os.WriteFile(filepath.Join(repo, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(sub); err != nil || got != filepath.Join(repo, FileName) {
		t.Errorf("Find(sub) = %q, %v; want the repository's", got, err)
	}
	if err := os.WriteFile(filepath.Join(sub, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(sub); err != nil || got != filepath.Join(sub, FileName) {
		t.Errorf("Find(sub) = %q, %v; want the nearest", got, err)
	}
	// Not in a repository: only the folder itself.
	lone := filepath.Join(root, "lone", "deeper")
	if err := os.MkdirAll(lone, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(lone); err != nil || got != "" {
		t.Errorf("Find(lone) = %q, %v; want none", got, err)
	}
}

// TestRelativeToFile: paths in the file are relative to the file, and come
// back relative to the working directory.
func TestRelativeToFile(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"db/migrations", "cmd"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(root, FileName)
	src := []byte("migrations {\n  dir = \"db/migrations\"\n}\n")
	s, diags := LoadBytes(src, path, Options{WorkDir: filepath.Join(root, "cmd")})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if want := filepath.Join("..", "db", "migrations"); s.Dir != want {
		t.Errorf("Dir = %q, want %q", s.Dir, want)
	}
	// A directory migrate diff will create is accepted when asked.
	src = []byte("migrations {\n  dir = \"new\"\n}\n")
	if _, diags := LoadBytes(src, path, Options{WorkDir: root}); !diags.HasErrors() {
		t.Error("a missing directory was accepted")
	}
	if _, diags := LoadBytes(src, path, Options{WorkDir: root, AllowMissingDir: true}); diags.HasErrors() {
		t.Errorf("AllowMissingDir: %v", diags)
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:pw@h/db":              "postgres://u:xxxxx@h/db",
		"postgres://u@h/db?password=pw&x=1": "postgres://u@h/db?password=xxxxx&x=1",
		"postgres://h/db":                   "postgres://h/db",
		"postgres://u:p@ss@[::1/db":         "postgres://u:xxxxx@[::1/db",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

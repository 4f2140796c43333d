package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Sizes of the lint benchmark: a large monorepo's worth of migrations.
const (
	lintFiles         = 1000
	lintStmtsPerFile  = 10
	squawkPackage     = "squawk-cli"
	squawkVersion     = "2.66.0"
	lintSpeedupTarget = 2.0
)

// lintStatements is the mix each generated file cycles through: the
// statements migrations are made of, most of which some rule inspects.
var lintStatements = []string{
	"CREATE TABLE public.t%[1]d_%[2]d (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());",
	"ALTER TABLE public.t%[1]d_%[2]d ADD COLUMN note text;",
	"CREATE INDEX CONCURRENTLY IF NOT EXISTS t%[1]d_%[2]d_name_idx ON public.t%[1]d_%[2]d (name);",
	"ALTER TABLE public.t%[1]d_%[2]d ADD CONSTRAINT t%[1]d_%[2]d_name_check CHECK (name <> '') NOT VALID;",
	"ALTER TABLE public.t%[1]d_%[2]d VALIDATE CONSTRAINT t%[1]d_%[2]d_name_check;",
	"ALTER TABLE public.t%[1]d_%[2]d ALTER COLUMN note SET DEFAULT 'none';",
	"COMMENT ON TABLE public.t%[1]d_%[2]d IS 'generated for the lint benchmark';",
	"ALTER TABLE public.t%[1]d_%[2]d ADD COLUMN count integer NOT NULL DEFAULT 0;",
	"UPDATE public.t%[1]d_%[2]d SET note = 'x' WHERE note IS NULL;",
	"CREATE UNIQUE INDEX t%[1]d_%[2]d_created_idx ON public.t%[1]d_%[2]d (created_at);",
}

// benchLint times `schemactl lint` against squawk (npm squawk-cli, installed
// by scripts/npm-tool.sh) on the same lintFiles files of lintStmtsPerFile
// statements each, run after run in one invocation so the ratio is fair.
// Both exit 1 on findings, which is not a failure here.
func benchLint(bin string, runs int) (row, error) {
	dir, err := os.MkdirTemp("", "schemactl-bench-lint-")
	if err != nil {
		return row{}, err
	}
	defer os.RemoveAll(dir)
	var files []string
	for f := range lintFiles {
		var b strings.Builder
		for s := range lintStmtsPerFile {
			fmt.Fprintf(&b, lintStatements[s%len(lintStatements)]+"\n", f, s/len(lintStatements))
		}
		path := filepath.Join(dir, fmt.Sprintf("%04d_step.sql", f))
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			return row{}, err
		}
		files = append(files, path)
	}
	wrapper, err := npmTool(squawkPackage, squawkVersion, "squawk")
	if err != nil {
		return row{}, err
	}
	// The npm command is a Node.js wrapper around squawk's native binary;
	// time the binary itself, so that Node's start is not counted against
	// squawk.
	squawk, err := squawkNative(wrapper)
	if err != nil {
		return row{}, err
	}
	label := fmt.Sprintf("(%d files, %d statements)", lintFiles, lintFiles*lintStmtsPerFile)
	ours := measureExit(runs, 1, "schemactl lint "+label, bin, append([]string{"lint", "--format", "json"}, files...)...)
	theirs := measureExit(runs, 1, "squawk "+label, squawk, append([]string{"--reporter", "json"}, files...)...)
	for _, r := range []result{ours, theirs} {
		if r.err != nil {
			return row{}, fmt.Errorf("%s: %w", r.name, r.err)
		}
		printResult(r, "")
	}
	r := ratioRow(fmt.Sprintf("lint %d files / %d statements", lintFiles, lintFiles*lintStmtsPerFile), ours, theirs, lintSpeedupTarget)
	r.detail += fmt.Sprintf("; CPU time %.1fx", float64(theirs.cpu)/float64(ours.cpu))
	return r, nil
}

// npmTool installs (once) and locates an npm command through the same
// script make test uses for dbmate.
func npmTool(pkg, version, name string) (string, error) {
	out, err := exec.Command("scripts/npm-tool.sh", pkg, version, name).Output()
	path := strings.TrimSpace(string(out))
	if err != nil || path == "" {
		return "", fmt.Errorf("%s %s could not be installed from npm (see above): %v", pkg, version, err)
	}
	return path, nil
}

// squawkNative finds the native squawk binary that the npm package
// installed beside its wrapper (node_modules/@squawk-cli/<platform>/bin).
func squawkNative(wrapper string) (string, error) {
	modules := filepath.Dir(filepath.Dir(wrapper)) // node_modules/.bin/squawk -> node_modules
	found, _ := filepath.Glob(filepath.Join(modules, "@squawk-cli", "*", "bin", "squawk"))
	if len(found) == 0 {
		return "", fmt.Errorf("no native squawk binary under %s/@squawk-cli", modules)
	}
	return found[0], nil
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/hclschema"
	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/plan"
	"github.com/schemactl/schemactl/internal/project"
	"github.com/schemactl/schemactl/internal/state"
	"github.com/schemactl/schemactl/schema"
)

func migrateInitCommand() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "adopt an existing migrations directory: write schema.hcl, the derived dump, the sum and schemactl.hcl",
		ArgsUsage: " ",
		Description: "Detects the format of DIR (sqlx, golang-migrate, goose, dbmate or Flyway), replays its\n" +
			"migrations in the dev database as their runner runs them, and writes, beside DIR:\n" +
			"schema.hcl (with --split, schema/<name>.hcl per schema), derived_schema.sql and\n" +
			"schemactl.hcl, and DIR/schemactl.sum. Then it runs migrate check on what it wrote and\n" +
			"prints the next steps. It refuses to overwrite any of these files unless --force. The\n" +
			"files are written atomically, and when anything fails (the replay, a write, the\n" +
			"check) the directory is left as it was found. Objects of the replay that schemactl\n" +
			"cannot model are listed, and accepted in schemactl.hcl for review.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Required: true, Usage: "the existing migrations `DIR`"},
			&cli.StringFlag{Name: "dir-format", Value: "auto", Usage: "directory format: auto, sqlx, golang-migrate, goose, dbmate or flyway"},
			&cli.BoolFlag{Name: "split", Usage: "write one file per schema, schema/<name>.hcl, instead of schema.hcl"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite the files that exist already"},
			devURLFlag,
		},
		Action: runMigrateInit,
	}
}

// initCheck is migrate.Check; tests replace it to fail after the files
// are written.
var initCheck = migrate.Check

// initFile is one file migrate init writes, and what was there before.
type initFile struct {
	path  string
	data  []byte
	old   []byte // nil when the file did not exist
	mode  fs.FileMode
	label string // what the file is, for the summary
}

func runMigrateInit(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("migrate init takes no arguments, got %q", c.Args().First())
	}
	format, err := migrate.ParseFormat(c.String("dir-format"))
	if err != nil {
		return usagef("--dir-format: %v", err)
	}
	ctx := c.Context
	stdout, stderr := c.App.Writer, c.App.ErrWriter
	dir := filepath.Clean(c.String("dir"))
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return usagef("--dir %s: not an existing directory (migrate init adopts existing migrations; migrate diff starts a new directory)", dir)
	}
	root := filepath.Dir(dir)
	d, files, err := migrate.Open(dir, format)
	if err != nil {
		return err
	}
	if len(d.Files) == 0 {
		return fmt.Errorf("%s holds no %s migration", dir, d.Format)
	}
	for _, n := range d.Ignored {
		fmt.Fprintf(stderr, "schemactl: not a %s migration name, ignored: %s\n", d.Format, n)
	}

	// Refuse early, before the replay, when files would be overwritten.
	schemaPath := filepath.Join(root, "schema.hcl")
	if c.Bool("split") {
		schemaPath = filepath.Join(root, "schema")
	}
	sumPath := filepath.Join(dir, migrate.SumFile)
	dumpPath := migrate.DefaultDumpPath(dir)
	projectPath := filepath.Join(root, project.FileName)
	fixed := []string{sumPath, dumpPath, projectPath}
	if !c.Bool("split") {
		fixed = append(fixed, schemaPath)
	}
	if err := refuseExisting(fixed, schemaPath, c.Bool("split"), c.Bool("force")); err != nil {
		return err
	}

	loader := state.NewLoader(c.String("dev-url"))
	defer loader.Close()
	replayed, err := migrate.Replay(ctx, loader, d)
	if err != nil {
		return explainReplay(stderr, err)
	}
	var accept []string
	for _, u := range replayed.Unsupported {
		fmt.Fprintf(stderr, "schemactl: not managed: %s (accepted in %s: review it)\n", u, projectPath)
		accept = append(accept, u.String())
	}

	var out []*initFile
	if c.Bool("split") {
		for _, sub := range splitRealm(replayed.Realm) {
			out = append(out, &initFile{path: filepath.Join(schemaPath, sub.Schemas[0].Name+".hcl"), data: hclHeader(dir, hclschema.Encode(sub)), label: "schema " + sub.Schemas[0].Name})
		}
	} else {
		out = append(out, &initFile{path: schemaPath, data: hclHeader(dir, hclschema.Encode(replayed.Realm)), label: "desired state"})
	}
	var dump bytes.Buffer
	if err := plan.Dump(replayed.Realm, &dump); err != nil {
		return err
	}
	sum := migrate.ComputeSum(files)
	sum.Format = d.Format
	to := filepath.Base(schemaPath)
	out = append(out,
		&initFile{path: dumpPath, data: dump.Bytes(), label: "derived dump"},
		&initFile{path: sumPath, data: sum.Bytes(), label: fmt.Sprintf("integrity sum, %d files", len(sum.Files))},
		&initFile{path: projectPath, data: projectFile(filepath.Base(dir), d.Format, to, accept), label: "project file"},
	)
	if err := writeInitFiles(out); err != nil {
		return err
	}
	// From here on, any failure puts the directory back as it was.
	ok := false
	defer func() {
		if !ok {
			undoInitFiles(out, schemaPath, c.Bool("split"))
			fmt.Fprintf(stderr, "schemactl: the files written were removed or put back: %s is as it was\n", root)
		}
	}()
	desired, err := loader.Files(ctx, []string{schemaPath})
	if err != nil {
		return err
	}
	res, err := initCheck(ctx, loader, migrate.CheckOptions{
		Dir: dir, Format: d.Format, Desired: desired, DumpPath: dumpPath,
		AcceptUnmanaged: accept, LockTimeout: -1,
	})
	if err != nil {
		return explainReplay(stderr, err)
	}
	if !res.OK() {
		reportInitCheck(stdout, res)
		return &exitCodeError{code: exitError, err: fmt.Errorf("migrate init: migrate check fails on what it would write (a schemactl bug worth reporting)")}
	}
	ok = true
	for _, f := range out {
		verb := "created"
		if f.old != nil {
			verb = "overwritten"
		}
		fmt.Fprintf(stdout, "%s: %s (%s)\n", f.path, verb, f.label)
	}
	fmt.Fprintf(stdout, "ok: %s (%d %s migrations), %s and %s agree\n", dir, len(d.Files), d.Format, schemaPath, dumpPath)
	fmt.Fprintf(stdout, "\nNext steps (from %s, where %s now holds the flags):\n", root, project.FileName)
	fmt.Fprintf(stdout, "  1. Review %s and commit it with %s, %s and %s.\n", to, project.FileName, filepath.Base(dumpPath), filepath.Join(filepath.Base(dir), migrate.SumFile))
	fmt.Fprintf(stdout, "  2. Change the schema by editing %s, then write the migration: schemactl migrate diff NAME\n", to)
	fmt.Fprintf(stdout, "  3. In CI: schemactl migrate check, and schemactl migrate lint --git-base origin/main\n")
	return nil
}

// refuseExisting fails, naming them all, when files that migrate init
// writes exist already and force is not set. With split, any .hcl file in
// the schema folder counts, since the folder is read as a whole.
func refuseExisting(paths []string, schemaDir string, split, force bool) error {
	if force {
		return nil
	}
	var exist []string
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			exist = append(exist, p)
		}
	}
	if split {
		if entries, err := os.ReadDir(schemaDir); err == nil {
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".hcl") {
					exist = append(exist, filepath.Join(schemaDir, e.Name()))
				}
			}
		}
	}
	if len(exist) == 0 {
		return nil
	}
	slices.Sort(exist)
	return fmt.Errorf("migrate init would overwrite %s; nothing was written (pass --force to overwrite)", strings.Join(exist, ", "))
}

// writeInitFiles writes every file at once (migrate.WriteFiles: all or
// none), after reading what each replaces so that undoInitFiles can put it
// back.
func writeInitFiles(files []*initFile) error {
	writes := make([]migrate.FileWrite, len(files))
	for i, f := range files {
		f.mode = 0o644
		if old, err := os.ReadFile(f.path); err == nil {
			f.old = old
			if fi, err := os.Stat(f.path); err == nil {
				f.mode = fi.Mode().Perm()
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("read %s: %w", f.path, err)
		}
		writes[i] = migrate.FileWrite{Path: f.path, Data: f.data}
	}
	return migrate.WriteFiles(writes)
}

// undoInitFiles puts back what writeInitFiles replaced and removes what it
// created, the schema folder too when it was made for --split.
func undoInitFiles(files []*initFile, schemaDir string, split bool) {
	for _, f := range files {
		if f.old == nil {
			os.Remove(f.path)
			continue
		}
		if err := migrate.WriteFiles([]migrate.FileWrite{{Path: f.path, Data: f.old}}); err != nil {
			os.WriteFile(f.path, f.old, f.mode)
		}
		os.Chmod(f.path, f.mode)
	}
	if split {
		// Removes the folder only when it is empty, so only when it was
		// ours.
		os.Remove(schemaDir)
	}
}

// splitRealm returns one realm per schema, in name order; realm-wide
// objects (extensions) go with the first.
func splitRealm(r *schema.Realm) []*schema.Realm {
	schemas := slices.Clone(r.Schemas)
	slices.SortFunc(schemas, func(a, b *schema.Schema) int { return strings.Compare(a.Name, b.Name) })
	var out []*schema.Realm
	for i, s := range schemas {
		sub := &schema.Realm{Schemas: []*schema.Schema{s}}
		if i == 0 {
			sub.Extensions = r.Extensions
			sub.Privileges, sub.DefaultPrivileges, sub.Roles = r.Privileges, r.DefaultPrivileges, r.Roles
		}
		out = append(out, sub)
	}
	return out
}

// hclHeader puts a comment that says where the file came from before it.
func hclHeader(dir string, body []byte) []byte {
	head := fmt.Sprintf("# The desired schema, written by `schemactl migrate init` from the replay of\n# %s. Edit it, then run `schemactl migrate diff NAME`.\n\n", filepath.ToSlash(dir))
	return append([]byte(head), body...)
}

// projectFile writes the schemactl.hcl of an adopted directory. URLs are
// left as comments: a password must never be written by a tool.
func projectFile(dir string, format migrate.Format, to string, accept []string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# schemactl project file (docs/project.md): the settings every command reads,\n")
	fmt.Fprintf(&b, "# so that `schemactl migrate diff NAME`, `migrate check` and `migrate lint` need no flags.\n\n")
	fmt.Fprintf(&b, "migrations {\n  dir    = %s\n  format = %s\n}\n\n", strconv.Quote(filepath.ToSlash(dir)), strconv.Quote(string(format)))
	fmt.Fprintf(&b, "to = [%s]\n\n", strconv.Quote(filepath.ToSlash(to)))
	if len(accept) > 0 {
		fmt.Fprintf(&b, "# Objects of the migrations that schemactl cannot model, so the derived dump\n# leaves them out: review them.\naccept_unmanaged = [\n")
		for _, a := range accept {
			fmt.Fprintf(&b, "  %s,\n", strconv.Quote(a))
		}
		fmt.Fprintf(&b, "]\n\n")
	}
	fmt.Fprintf(&b, "# dev_url = getenv(\"SCHEMACTL_DEV_URL\") # default: a throwaway local server\n\n")
	fmt.Fprintf(&b, "# env \"prod\" {\n#   url = getenv(\"PROD_DATABASE_URL\")\n# }\n")
	return b.Bytes()
}

// reportInitCheck prints why the check of what migrate init wrote failed.
func reportInitCheck(w io.Writer, res *migrate.CheckResult) {
	if res.Sum != nil {
		fmt.Fprintf(w, "FAIL integrity: %v\n\n", res.Sum)
	}
	if len(res.Missing.Statements) > 0 {
		fmt.Fprintf(w, "FAIL schema: the replay and the schema written from it differ by %d statement(s):\n\n", len(res.Missing.Statements))
		writeStatements(w, res.Missing)
		fmt.Fprintln(w)
	}
	for _, u := range res.Unmanaged {
		fmt.Fprintf(w, "FAIL unmanaged: %s\n", u)
	}
	if res.DumpMissing || res.DumpDiff != "" {
		fmt.Fprintf(w, "FAIL dump: %s is not the dump of the replay\n", res.DumpPath)
		writeDiff(w, res.DumpDiff)
	}
}

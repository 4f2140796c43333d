package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/schemactl/schemactl/internal/lint"
	"github.com/schemactl/schemactl/internal/migrate"
)

func lintCommand() *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "report the statements of SQL files that would hurt a live database",
		ArgsUsage: "FILE...",
		Description: "Lints SQL files in the order given (a directory stands for its *.sql files in name\n" +
			"order, and - for stdin); what a file creates is known to the files after it. A file\n" +
			"with goose or dbmate sections is linted by its up section, and its markers (and\n" +
			"sqlx's -- no-transaction) say whether it runs in a transaction; a plain file is\n" +
			"assumed to run statement by statement (autocommit), as psql runs it, unless\n" +
			"--assume-in-transaction is given. Rules, severities, suppression comments and the\n" +
			"project config file (" + lint.DefaultConfigFile + ") are described in docs/lint.md.\n" +
			"Exits 1 when a finding is an error.",
		Flags: append(lintFlags(),
			includeRunnerTableFlag,
		),
		Action: runLint,
	}
}

// lintFlags are the flags that `lint` and `migrate lint` share.
func lintFlags() []cli.Flag {
	formats := make([]string, len(lint.Formats))
	for i, f := range lint.Formats {
		formats[i] = string(f)
	}
	return []cli.Flag{
		&cli.StringFlag{Name: "url", Usage: "read table sizes, columns and constraints from the database at `URL` (a finding then states the table's size; small tables get info findings)"},
		&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: " + strings.Join(formats, ", ")},
		&cli.StringFlag{Name: "config", EnvVars: []string{"SCHEMACTL_CONFIG"}, Usage: "project `FILE` (schemactl.hcl) or lint config file (default: schemactl.hcl in the working directory or a parent, and " + lint.DefaultConfigFile + " in the working directory)"},
		&cli.StringSliceFlag{Name: "enable", Usage: "turn `RULE` on at its default severity (repeatable)"},
		&cli.StringSliceFlag{Name: "disable", Usage: "turn `RULE` off (repeatable)"},
		&cli.StringSliceFlag{Name: "severity", Usage: "set a rule's severity, `RULE=LEVEL` with LEVEL error, warning, info or off (repeatable)"},
		&cli.BoolFlag{Name: "assume-in-transaction", Usage: "each file whose runner does not decide (a plain SQL file, a golang-migrate file) runs in one transaction, as a runner that wraps files would run it; =false overrides assume_in_transaction of the config"},
	}
}

// lintSetup is what the shared flags produce.
type lintSetup struct {
	format lint.Format
	linter *lint.Linter
	close  func()
}

// newLintSetup reads the shared flags: the config (file, then flags), the
// format, and with --url the live catalog.
func newLintSetup(c *cli.Context) (*lintSetup, error) {
	format, err := lint.ParseFormat(c.String("format"))
	if err != nil {
		return nil, usagef("--format: %v", err)
	}
	cfg := lint.DefaultConfig()
	// The lint settings of the project file (--config, or the file found),
	// then schemactl.lint.hcl of the working directory, then flags.
	if p := projectSettings(c); p != nil {
		if diags := p.ApplyLint(cfg); diags.HasErrors() {
			return nil, &configError{diags}
		}
	}
	if !c.IsSet("config") {
		if _, err := os.Stat(lint.DefaultConfigFile); err == nil {
			if diags := cfg.LoadFile(lint.DefaultConfigFile); diags.HasErrors() {
				return nil, &configError{diags}
			}
		}
	}
	for _, id := range c.StringSlice("enable") {
		if err := cfg.Enable(id); err != nil {
			return nil, usagef("--enable: %v", err)
		}
	}
	for _, id := range c.StringSlice("disable") {
		if err := cfg.Disable(id); err != nil {
			return nil, usagef("--disable: %v", err)
		}
	}
	for _, v := range c.StringSlice("severity") {
		if err := cfg.SetSeverityFlag(v); err != nil {
			return nil, usagef("--severity: %v", err)
		}
	}
	if c.IsSet("assume-in-transaction") {
		cfg.AssumeInTransaction = c.Bool("assume-in-transaction")
	}
	s := &lintSetup{format: format, close: func() {}}
	if c.IsSet("url") {
		conn, err := connect(c.Context, c.String("url"))
		if err != nil {
			return nil, err
		}
		s.close = func() { conn.Close(context.Background()) }
		cat, err := lint.LoadCatalog(c.Context, conn, nil)
		if err != nil {
			s.close()
			return nil, err
		}
		s.linter = lint.New(cfg, cat)
	} else {
		s.linter = lint.New(cfg, nil)
	}
	return s, nil
}

// report writes the findings and turns an error finding into exit 1.
func (s *lintSetup) report(c *cli.Context, findings []lint.Finding) error {
	opts := lint.WriteOptions{Color: s.format == lint.FormatText && colorTerminal(c.App.Writer), Version: c.App.Version}
	if err := lint.Write(c.App.Writer, s.format, findings, opts); err != nil {
		return err
	}
	if s.format == lint.FormatText && len(findings) > 0 {
		fmt.Fprintf(c.App.ErrWriter, "schemactl: %s\n", lint.Summary(findings))
	}
	if lint.HasErrors(findings) {
		return &exitCodeError{code: exitError}
	}
	return nil
}

// colorTerminal reports whether w is a terminal that wants colours.
func colorTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

func runLint(c *cli.Context) error {
	if c.NArg() == 0 {
		return usagef("lint needs at least one FILE (a .sql file, a directory of them, or - for stdin)")
	}
	files, err := lintInputs(c.Args().Slice(), c.App.Reader)
	if err != nil {
		return err
	}
	s, err := newLintSetup(c)
	if err != nil {
		return err
	}
	defer s.close()
	var raw, linted []lint.File
	for _, in := range files {
		// A plain file runs statement by statement unless
		// --assume-in-transaction (or assume_in_transaction) says that a
		// runner wraps it; the Linter applies that.
		f := lint.File{Name: in.name, Text: in.text, Mode: lint.TxAutocommit}
		if m, ok := migrate.Markers(in.text); ok {
			f.Start, f.End, f.Mode, f.Runner = m.Start, m.End, m.Tx, string(m.Format)
		}
		raw = append(raw, f)
		if !c.Bool("include-runner-table") {
			// Statements on a runner's own table (any runner's, for a
			// plain file) are not the schema's: see
			// migrate.HideRunnerStatements.
			f = migrate.HideRunnerStatements(f)
		}
		linted = append(linted, f)
	}
	s.linter.Preparse(linted)
	var findings []lint.Finding
	for i, f := range linted {
		found := s.linter.Lint(f)
		if !c.Bool("include-runner-table") {
			found = migrate.WithoutRunnerFindings(found, raw[i:i+1])
		}
		findings = append(findings, found...)
	}
	return s.report(c, findings)
}

type lintInput struct{ name, text string }

// lintInputs reads the files named on the command line: a directory means
// its *.sql files in name order, "-" means stdin.
func lintInputs(args []string, stdin io.Reader) ([]lintInput, error) {
	var out []lintInput
	for _, a := range args {
		if a == "-" {
			if stdin == nil {
				stdin = os.Stdin
			}
			b, err := io.ReadAll(stdin)
			if err != nil {
				return nil, fmt.Errorf("read stdin: %w", err)
			}
			out = append(out, lintInput{"<stdin>", string(b)})
			continue
		}
		info, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("lint: %w", unwrapPathError(err))
		}
		if !info.IsDir() {
			b, err := os.ReadFile(a)
			if err != nil {
				return nil, fmt.Errorf("lint: %w", unwrapPathError(err))
			}
			out = append(out, lintInput{a, string(b)})
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, fmt.Errorf("lint: %w", err)
		}
		var names []string
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") && !strings.HasPrefix(e.Name(), ".") {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		if len(names) == 0 {
			return nil, fmt.Errorf("lint: %s holds no .sql file", a)
		}
		for _, n := range names {
			p := filepath.Join(a, n)
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("lint: %w", err)
			}
			out = append(out, lintInput{p, string(b)})
		}
	}
	return out, nil
}

// unwrapPathError keeps "open x.sql: no such file or directory" from
// becoming "stat x.sql: ...", which reads oddly to a user.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

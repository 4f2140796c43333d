package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/lint"
	"github.com/schemactl/schemactl/internal/migrate"
)

func migrateLintCommand() *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "lint the new migrations of a directory",
		ArgsUsage: " ",
		Description: "Lints the new migrations of DIR in version order, after replaying the older ones so\n" +
			"that lint knows what they created. With --git-base REF, the new migrations are those\n" +
			"missing at REF; a migration changed or deleted since REF is migration-edited, and a\n" +
			"new version older than the newest at REF is migration-order. With --latest N, the\n" +
			"newest N are new. With neither, every migration is linted.\n" +
			"The directory's format (sqlx, golang-migrate, goose, dbmate, flyway) is detected from\n" +
			"its files; --dir-format names it when the guess is wrong (a directory of .up.sql files\n" +
			"is taken for golang-migrate unless a file starts with sqlx's -- no-transaction).\n" +
			"Exits 1 when a finding is an error.",
		Flags: append(lintFlags(),
			&cli.StringFlag{Name: "dir", Required: true, Usage: "migrations `DIR`"},
			&cli.StringFlag{Name: "dir-format", Value: "auto", Usage: "format of the directory: auto, sqlx, golang-migrate, goose, dbmate or flyway"},
			&cli.StringFlag{Name: "git-base", Usage: "lint the migrations added since git revision `REF`, and fail on edits of the ones that exist at REF"},
			&cli.IntFlag{Name: "latest", Usage: "lint the newest `N` migrations"},
			includeRunnerTableFlag,
		),
		Action: runMigrateLint,
	}
}

func runMigrateLint(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("migrate lint takes no arguments, got %q", c.Args().First())
	}
	if c.IsSet("git-base") && c.IsSet("latest") {
		return usagef("--git-base and --latest cannot be used together")
	}
	if c.Int("latest") < 0 {
		return usagef("--latest must be positive")
	}
	format, err := migrate.ParseFormat(c.String("dir-format"))
	if err != nil {
		return usagef("--dir-format: %v", err)
	}
	dirPath := c.String("dir")
	if format == "" {
		// The sum's format line settles what the file names cannot
		// (golang-migrate pairs look like sqlx reversible ones), and the
		// format decides which files run in a transaction.
		format = migrate.SumFormat(dirPath)
	}
	dir, err := migrate.ReadDir(dirPath, format)
	if err != nil {
		return err
	}
	for _, n := range dir.Ignored {
		fmt.Fprintf(c.App.ErrWriter, "schemactl: not a %s migration name, ignored: %s\n", dir.Format, n)
	}
	opts := migrate.LintOptions{Latest: c.Int("latest"), IncludeRunnerTable: c.Bool("include-runner-table")}
	if ref := c.String("git-base"); ref != "" {
		files, err := gitFiles(c.Context, dirPath, ref)
		if err != nil {
			return err
		}
		base, err := migrate.FromFiles(dirPath, files, dir.Format)
		if err != nil {
			return fmt.Errorf("migrations at %s: %w", ref, err)
		}
		opts.Base, opts.BaseName = base, ref
	}
	s, err := newLintSetup(c)
	if err != nil {
		return err
	}
	defer s.close()
	res := migrate.Lint(s.linter, dir, opts)
	for _, n := range res.Notes {
		fmt.Fprintf(c.App.ErrWriter, "schemactl: note: %s\n", n)
	}
	if len(res.Linted) == 0 && s.format == lint.FormatText {
		fmt.Fprintf(c.App.ErrWriter, "schemactl: no new migration to lint in %s\n", dirPath)
	}
	return s.report(c, res.Findings)
}

// gitFiles returns the files directly inside dir as they are at git
// revision ref: names from `git ls-tree`, contents from `git cat-file`.
// A directory that does not exist at ref has no files there.
func gitFiles(ctx context.Context, dir, ref string) (map[string][]byte, error) {
	if strings.HasPrefix(ref, "-") {
		return nil, usagef("--git-base %q is not a revision", ref)
	}
	if _, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--git-base %s: not a commit in the git repository of %s", ref, dir)
	}
	out, err := git(ctx, dir, "ls-tree", "-z", ref, "--", ".")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, entry := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if entry == "" {
			continue
		}
		// <mode> SP <type> SP <object> TAB <path>
		meta, name, ok := strings.Cut(entry, "\t")
		fields := strings.Fields(meta)
		if !ok || len(fields) != 3 || fields[1] != "blob" {
			continue
		}
		blob, err := git(ctx, dir, "cat-file", "blob", fields[2])
		if err != nil {
			return nil, err
		}
		files[name] = blob
	}
	return files, nil
}

// git runs git in dir and returns its stdout; its stderr goes into the error.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return stdout.Bytes(), nil
}

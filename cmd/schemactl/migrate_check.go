package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/migrate"
	"github.com/schemactl/schemactl/internal/state"
)

func migrateCheckCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "CI gate: the replay of DIR is the desired state, the derived dump is current, the sum matches",
		ArgsUsage: " ",
		Description: "Replays the migrations of DIR in the dev database and compares the result with the\n" +
			"desired state (--to), the derived dump (derived_schema.sql beside DIR, or --dump) with\n" +
			"the dump of the replay, and DIR with its schemactl.sum. Exits 0 with one line when all\n" +
			"agree; otherwise prints each disagreement (the missing statements, the dump's unified\n" +
			"diff, the files edited, added or removed by hand, the objects of the replay that\n" +
			"schemactl cannot model and that --accept-unmanaged does not accept) and exits 1.",
		Flags: []cli.Flag{
			dirFlag, toFlag, schemaFlag, devURLFlag, includeRunnerTableFlag,
			&cli.StringFlag{Name: "dir-format", Value: "auto", Usage: "directory format: auto, sqlx, golang-migrate, goose, dbmate or flyway"},
			&cli.StringFlag{Name: "dump", Usage: "derived dump `PATH` (default: derived_schema.sql beside DIR)"},
			&cli.StringSliceFlag{
				Name: "accept-unmanaged",
				Usage: "accept an object of the replay that schemactl cannot model, by `KIND` (\"event trigger\") " +
					"or kind and name as printed (\"event trigger audit_ddl\") (repeatable)",
			},
		},
		Action: runMigrateCheck,
	}
}

func runMigrateCheck(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("migrate check takes no arguments, got %q", c.Args().First())
	}
	format, err := migrate.ParseFormat(c.String("dir-format"))
	if err != nil {
		return usagef("--dir-format: %v", err)
	}
	ctx := c.Context
	stdout, stderr := c.App.Writer, c.App.ErrWriter
	dir := c.String("dir")
	loader := state.NewLoader(c.String("dev-url"))
	loader.KeepRunnerTables = c.Bool("include-runner-table")
	defer loader.Close()
	desired, err := loader.Files(ctx, c.StringSlice("to"))
	if err != nil {
		return err
	}
	res, err := migrate.Check(ctx, loader, migrate.CheckOptions{
		Dir: dir, Format: format, Desired: desired,
		Schemas: c.StringSlice("schema"), DumpPath: c.String("dump"),
		AcceptUnmanaged: c.StringSlice("accept-unmanaged"),
		// A dump, not a plan to apply: no lock_timeout statements.
		LockTimeout: -1,
		CheckStates: func(replayed, desired *state.State) error {
			return checkUnsupported(stderr, replayed, desired)
		},
	})
	if err != nil {
		return explainReplay(stderr, err)
	}
	for _, n := range res.Dir.Ignored {
		fmt.Fprintf(stderr, "schemactl: not a %s migration name, ignored: %s\n", res.Dir.Format, n)
	}
	if res.DumpReprinted {
		fmt.Fprintf(stderr, "schemactl: note: %s builds exactly the replay's schema, but this dev server prints it differently (written by another PostgreSQL major version, or by hand); `schemactl dump --dir %s > %s` would rewrite it in this server's words\n", res.DumpPath, dir, res.DumpPath)
	}
	to := strings.Join(c.StringSlice("to"), ", ")
	if res.OK() {
		fmt.Fprintf(stdout, "ok: %s (%d migrations), %s and %s agree\n", dir, len(res.Dir.Files), to, res.DumpPath)
		return nil
	}
	problems := 0
	if res.Sum != nil {
		problems++
		fmt.Fprintf(stdout, "FAIL integrity: %v\n\n", res.Sum)
	}
	if n := len(res.Missing.Statements); n > 0 {
		problems++
		fmt.Fprintf(stdout, "FAIL schema: the replay of %s differs from %s; %d statement(s) are missing "+
			"(write them with `schemactl migrate diff NAME --dir %s --to %s`):\n\n", dir, to, n, dir, to)
		writeStatements(stdout, res.Missing)
		fmt.Fprintln(stdout)
	}
	if len(res.Unmanaged) > 0 {
		problems++
		fmt.Fprintf(stdout, "FAIL unmanaged: the replay of %s holds %d object(s) that schemactl cannot model, "+
			"so %s does not show them (accept each with --accept-unmanaged \"KIND NAME\", or a whole kind with --accept-unmanaged KIND):\n\n",
			dir, len(res.Unmanaged), res.DumpPath)
		for _, u := range res.Unmanaged {
			fmt.Fprintf(stdout, "  %s\n", u)
		}
		fmt.Fprintln(stdout)
	}
	fix := fmt.Sprintf("`schemactl dump --dir %s > %s`", dir, res.DumpPath)
	switch {
	case res.DumpMissing:
		problems++
		fmt.Fprintf(stdout, "FAIL dump: %s does not exist (write it with %s)\n\n", res.DumpPath, fix)
	case res.DumpDiff != "":
		problems++
		fmt.Fprintf(stdout, "FAIL dump: %s is stale: it is not the dump of the replay of %s (rewrite it with %s):\n\n", res.DumpPath, dir, fix)
		writeDiff(stdout, res.DumpDiff)
		fmt.Fprintln(stdout)
	}
	return &exitCodeError{code: exitError, err: fmt.Errorf("migrate check: %d problem(s) in %s", problems, dir)}
}

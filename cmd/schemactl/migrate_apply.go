package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/deploy"
	"github.com/schemactl/schemactl/internal/state"
)

func migrateApplyCommand() *cli.Command {
	return &cli.Command{
		Name:      "apply",
		Usage:     "apply the pending migrations of DIR as its runner would, writing the runner's own rows",
		ArgsUsage: " ",
		Description: "Takes the runner's advisory lock (sqlx, golang-migrate, goose and Flyway keys; dbmate\n" +
			"takes none, so schemactl uses its own), then runs each pending migration as the runner\n" +
			"sends it (in a transaction or not) and writes the row the runner writes, so that the\n" +
			"runner and schemactl can take turns. Refuses to start when an applied file was edited or\n" +
			"is missing, or a migration failed or is dirty (--allow-dirty runs it again). A statement\n" +
			"cancelled by lock_timeout (SQLSTATE 55P03) is retried --retries times with backoff.\n" +
			"Prints each file and statement as it runs, with its duration, and a summary.\n" +
			"Before anything runs, the pending migrations are rehearsed in the dev database after the\n" +
			"replay of the applied ones; a failure there applies nothing (--skip-rehearsal skips it).",
		Flags: []cli.Flag{
			urlFlag, dirFlag, dirFormatFlag(),
			&cli.StringFlag{Name: "to-version", Usage: "apply up to and including the migration of `VERSION`"},
			&cli.BoolFlag{Name: "dry-run", Usage: "print what would run; change nothing"},
			&cli.BoolFlag{Name: "allow-dirty", Usage: "run again a migration the table records as failed or dirty"},
			&cli.IntFlag{Name: "retries", Value: 3, Usage: "retry a statement that timed out on a lock `N` times"},
			devURLFlag,
			&cli.BoolFlag{Name: "skip-rehearsal", Usage: "do not rehearse the pending migrations in the dev database first"},
			&cli.DurationFlag{Name: "lock-timeout", Value: 10 * time.Second, Usage: "the session's lock_timeout while migrating (0: the server's)"},
		},
		Action: runMigrateApply,
	}
}

func runMigrateApply(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("migrate apply takes no arguments, got %q", c.Args().First())
	}
	if c.Int("retries") < 0 || c.Duration("lock-timeout") < 0 {
		return usagef("--retries and --lock-timeout cannot be negative")
	}
	d, err := openDeployDir(c)
	if err != nil {
		return err
	}
	ctx := c.Context
	conn, err := connect(ctx, c.String("url"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var rehearsal *state.Loader
	if !c.Bool("skip-rehearsal") {
		rehearsal = targetLoader(c, conn)
		defer rehearsal.Close()
	}
	_, err = deploy.Apply(ctx, conn, d, deploy.Options{
		Rehearsal: rehearsal,
		ToVersion: c.String("to-version"), DryRun: c.Bool("dry-run"), AllowDirty: c.Bool("allow-dirty"),
		Retries: c.Int("retries"), LockTimeout: c.Duration("lock-timeout"),
		Stdout: c.App.Writer, Stderr: c.App.ErrWriter,
	})
	var refused *deploy.RefusedError
	var failed *deploy.FileError
	var rehearsed *deploy.RehearsalError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &rehearsed):
		fmt.Fprintln(c.App.ErrWriter, "schemactl: the rehearsal in the dev database failed, so nothing was applied (--skip-rehearsal skips it):")
		fmt.Fprintln(c.App.ErrWriter, rehearsed.Err)
		return &exitCodeError{code: exitError}
	case errors.As(err, &refused):
		return &exitCodeError{code: exitError, err: err}
	case errors.As(err, &failed):
		// Already "file:line:col: error: ...", with how the table was left.
		fmt.Fprintln(c.App.ErrWriter, failed)
		return &exitCodeError{code: exitError}
	}
	return err
}

package main

import (
	"fmt"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/schemactl/schemactl/internal/migrate"
)

func migrateHashCommand() *cli.Command {
	return &cli.Command{
		Name:      "hash",
		Usage:     "rewrite DIR/schemactl.sum after a deliberate edit",
		ArgsUsage: " ",
		Description: "Rewrites the integrity sum DIR/schemactl.sum from the migration files as they are.\n" +
			"migrate diff and migrate check refuse a directory whose files were edited, added or\n" +
			"removed since the sum was written; run this only when that change was deliberate.",
		Flags: []cli.Flag{
			dirFlag,
			&cli.StringFlag{Name: "dir-format", Value: "auto", Usage: "directory format: auto, sqlx, golang-migrate, goose, dbmate or flyway"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("migrate hash takes no arguments, got %q", c.Args().First())
			}
			format, err := migrate.ParseFormat(c.String("dir-format"))
			if err != nil {
				return usagef("--dir-format: %v", err)
			}
			dir := c.String("dir")
			sum, err := migrate.WriteSum(dir, format)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "%s: %d files\n", filepath.Join(dir, migrate.SumFile), len(sum.Files))
			return nil
		},
	}
}

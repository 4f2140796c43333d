package main

import "github.com/urfave/cli/v2"

// migrateCommand groups the commands that work on a migrations directory;
// each subcommand lives in a file of its own (migrate_lint.go, ...).
func migrateCommand() *cli.Command {
	return &cli.Command{
		Name:  "migrate",
		Usage: "work with a migrations directory (sqlx, golang-migrate, goose, dbmate or Flyway)",
		Subcommands: []*cli.Command{
			migrateDiffCommand(),
			migrateCheckCommand(),
			migrateHashCommand(),
			migrateLintCommand(),
		},
	}
}
